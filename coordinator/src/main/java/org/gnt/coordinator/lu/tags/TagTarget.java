package org.gnt.coordinator.lu.tags;

import java.time.Instant;
import java.util.List;

import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NetworkConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.locks.LockLevel;
import org.gnt.coordinator.locks.LockRequest;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * The object an OP_TAGS_* opcode names (Ganeti's TagsLU.ExpandNames/CheckPrereq): its lock, its
 * current tags and how to write new ones. An unknown object is NOENT.
 */
record TagTarget(String kind, String name) {

    LockRequest lock() {
        return switch (kind) {
            case "cluster" -> LockRequest.exclusive(LockLevel.CLUSTER, "cluster");
            case "node" -> LockRequest.exclusive(LockLevel.NODE, name);
            case "nodegroup" -> LockRequest.exclusive(LockLevel.NODEGROUP, name);
            case "network" -> LockRequest.exclusive(LockLevel.NETWORK, name);
            default -> LockRequest.exclusive(LockLevel.INSTANCE, name);
        };
    }

    List<String> tags(ConfigStore cfg) {
        return switch (kind) {
            case "cluster" -> cfg.cluster().tags();
            case "node" -> node(cfg).tags();
            case "nodegroup" -> group(cfg).tags();
            case "network" -> network(cfg).tags();
            default -> instance(cfg).tags();
        };
    }

    void write(ConfigStore cfg, List<String> tags) {
        Instant now = Instant.now();
        switch (kind) {
            case "cluster" -> cfg.updateCluster(cfg.cluster().withTags(tags, now));
            case "node" -> cfg.updateNode(node(cfg).withTags(tags, now));
            case "nodegroup" -> cfg.updateGroup(group(cfg).withTags(tags, now));
            case "network" -> cfg.updateNetwork(network(cfg).withTags(tags, now));
            default -> cfg.updateInstance(instance(cfg).withTags(tags, now));
        }
    }

    String describe() {
        return kind.equals("cluster") ? "the cluster" : kind + " " + name;
    }

    private NodeConfig node(ConfigStore cfg) {
        return cfg.nodeByName(name).or(() -> cfg.node(name)).orElseThrow(() ->
                new PluginException(ErrorKind.NOENT, "Node '" + name + "' not known"));
    }

    private GroupConfig group(ConfigStore cfg) {
        return cfg.groupByName(name).or(() -> cfg.group(name)).orElseThrow(() ->
                new PluginException(ErrorKind.NOENT, "Node group '" + name + "' not found"));
    }

    private NetworkConfig network(ConfigStore cfg) {
        return cfg.networkByName(name).or(() -> cfg.network(name)).orElseThrow(() ->
                new PluginException(ErrorKind.NOENT, "Network '" + name + "' not found"));
    }

    private InstanceConfig instance(ConfigStore cfg) {
        return cfg.instanceByName(name).orElseThrow(() ->
                new PluginException(ErrorKind.NOENT, "Instance '" + name + "' not known"));
    }
}
