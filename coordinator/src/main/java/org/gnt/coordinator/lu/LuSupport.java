package org.gnt.coordinator.lu;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.gnt.bus.config.ClusterConfig;
import org.gnt.bus.config.DiskConfig;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.state.NodeState;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.ParamSpec;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.disk.DiskRef;
import org.gnt.plugins.hypervisor.InstanceSpec;

/** Lookups and checks several logical units share. */
final class LuSupport {
    private LuSupport() {
    }

    static InstanceConfig instance(ConfigStore cfg, String name) {
        return cfg.instanceByName(name).orElseThrow(() ->
                new PluginException(ErrorKind.NOENT, "Instance '" + name + "' not known"));
    }

    static NodeConfig node(ConfigStore cfg, String name) {
        return cfg.nodeByName(name).orElseThrow(() ->
                new PluginException(ErrorKind.NOENT, "Node '" + name + "' not known"));
    }

    static NodeConfig primaryNode(ConfigStore cfg, InstanceConfig i) {
        return cfg.node(i.primaryNode()).orElseThrow(() -> new PluginException(ErrorKind.FAULT,
                "Instance '" + i.name() + "' has an unknown primary node " + i.primaryNode()));
    }

    static void requireOnline(NodeConfig n) {
        if (n.offline()) {
            throw new PluginException(ErrorKind.STATE, "Node '" + n.name() + "' is offline");
        }
    }

    /** The node's newest inventory; a node that never reported cannot be checked against. */
    static NodeState inventory(LuContext ctx, NodeConfig n) {
        return ctx.inventory().get(n.name()).orElseThrow(() -> new PluginException(ErrorKind.ENVIRON,
                "Node '" + n.name() + "' has not reported its inventory yet"));
    }

    /** Checks parameters against the spec a node published for plugin {@code key} (e.g. {@code hv:fake}). */
    static Map<String, Object> checkParams(NodeState inv, String key, Map<String, Object> given, String what) {
        List<ParamSpec> specs = inv.parameters().get(key);
        if (specs == null) {
            throw new PluginException(ErrorKind.INVAL, what + " '" + key.substring(key.indexOf(':') + 1)
                    + "' is not available on node '" + inv.node() + "'");
        }
        return ParamSpec.check(specs, given);
    }

    static InstanceSpec spec(ClusterConfig cluster, InstanceConfig i) {
        Map<String, Object> hv = new LinkedHashMap<>(cluster.hvparams().getOrDefault(i.hypervisor(), Map.of()));
        hv.putAll(i.hvparams());
        Map<String, Object> be = filledBeparams(cluster, i.beparams());
        return new InstanceSpec(i.name(), i.uuid(), toLong(be.get("maxmem")), (int) toLong(be.get("vcpus")), hv,
                InstanceNics.specs(cluster, i));
    }

    static Map<String, Object> filledBeparams(ClusterConfig cluster, Map<String, Object> own) {
        Map<String, Object> be = new LinkedHashMap<>(cluster.beparams());
        be.putAll(own);
        return be;
    }

    static List<DiskRef> diskRefs(InstanceConfig i) {
        return i.disks().stream().map(DiskConfig::ref).toList();
    }

    static Optional<String> diskDriver(InstanceConfig i) {
        return i.diskTemplate().equals("diskless") ? Optional.empty() : Optional.of(i.diskTemplate());
    }

    static long toLong(Object o) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        return Long.parseLong(String.valueOf(o));
    }
}
