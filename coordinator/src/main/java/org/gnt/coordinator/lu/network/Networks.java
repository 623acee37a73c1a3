package org.gnt.coordinator.lu.network;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.Ipv4Net;
import org.gnt.bus.config.NetworkConfig;
import org.gnt.bus.config.NicConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/** Lookups the network logical units share. */
final class Networks {
    private Networks() {
    }

    /** A network by name or uuid; NOENT when the cluster has none such. */
    static NetworkConfig lookup(ConfigStore cfg, String nameOrUuid) {
        return cfg.networkByName(nameOrUuid).or(() -> cfg.network(nameOrUuid)).orElseThrow(() ->
                new PluginException(ErrorKind.NOENT, "Network '" + nameOrUuid + "' not found"));
    }

    static GroupConfig group(ConfigStore cfg, String nameOrUuid) {
        return cfg.groupByName(nameOrUuid).or(() -> cfg.group(nameOrUuid)).orElseThrow(() ->
                new PluginException(ErrorKind.NOENT, "Node group '" + nameOrUuid + "' not found"));
    }

    /** The groups the network is connected to, by name, sorted. */
    static List<String> connectedGroups(ConfigStore cfg, NetworkConfig n) {
        return cfg.groups().stream().filter(g -> g.networks().containsKey(n.uuid()))
                .map(GroupConfig::name).sorted().toList();
    }

    static boolean onNetwork(NicConfig nic, NetworkConfig n) {
        return n.uuid().equals(nic.network()) || n.name().equals(nic.network());
    }

    /** Instances with a NIC on the network, optionally only those whose primary node is in {@code group}. */
    static List<String> users(ConfigStore cfg, NetworkConfig n, GroupConfig group) {
        Set<String> inGroup = group == null ? null : nodesOf(cfg, group);
        return cfg.instances().stream()
                .filter(i -> inGroup == null || inGroup.contains(i.primaryNode()))
                .filter(i -> i.nics().stream().anyMatch(nic -> onNetwork(nic, n)))
                .map(InstanceConfig::name).sorted().toList();
    }

    /**
     * Ganeti's conflicts check on connect: NICs of the group's instances with an address inside
     * the network that are not on it (they would collide with addresses the pool hands out).
     */
    static List<String> conflicts(ConfigStore cfg, NetworkConfig n, GroupConfig group) {
        Set<String> inGroup = nodesOf(cfg, group);
        Ipv4Net net = n.net();
        return cfg.instances().stream().filter(i -> inGroup.contains(i.primaryNode()))
                .sorted(Comparator.comparing(InstanceConfig::name))
                .flatMap(i -> i.nics().stream()
                        .filter(nic -> nic.ip() != null && !onNetwork(nic, n) && inside(net, nic.ip()))
                        .map(nic -> i.name() + " (" + nic.ip() + ")"))
                .toList();
    }

    private static boolean inside(Ipv4Net net, String ip) {
        // not an IPv4 address ("pool", an IPv6 address): cannot collide
        return Ipv4Net.isAddress(ip) && net.contains(Ipv4Net.address("ip", ip));
    }

    private static Set<String> nodesOf(ConfigStore cfg, GroupConfig g) {
        return cfg.nodes().stream().filter(nd -> g.uuid().equals(nd.group())).map(NodeConfig::uuid)
                .collect(Collectors.toSet());
    }
}
