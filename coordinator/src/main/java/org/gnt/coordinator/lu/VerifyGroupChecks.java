package org.gnt.coordinator.lu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.gnt.bus.GntVersion;
import org.gnt.bus.config.ClusterConfig;
import org.gnt.bus.config.DiskConfig;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.state.NodeState;
import org.gnt.plugins.hypervisor.NodeResources;

/**
 * The checks of OP_CLUSTER_VERIFY_GROUP that compare node inventories with the config beyond
 * liveness: versions, the disks present on each node (missing, faulty, orphaned) and N+1 memory.
 * Each takes the inventories of the group's nodes that did report; a node that did not has
 * already been reported and is skipped here, as Ganeti skips nodes whose RPC failed.
 */
final class VerifyGroupChecks {
    /** Ganeti's DTS_INT_MIRROR: templates whose disks are mirrored between primary and secondary. */
    static final Set<String> INTERNALLY_MIRRORED = Set.of("drbd");

    private VerifyGroupChecks() {
    }

    /** Ganeti's version RPC: another protocol is an error, another release only a warning. */
    static void versions(String node, NodeState st, VerifyReport r) {
        if (st.protocolVersion() == 0 || st.softwareVersion().isEmpty()) {
            r.error("ENODEVERSION", "node", node, "node did not report its version (node service too old?)");
        } else if (st.protocolVersion() != GntVersion.PROTOCOL) {
            r.error("ENODEVERSION", "node", node, "incompatible protocol versions: master " + GntVersion.PROTOCOL
                    + ", node " + st.protocolVersion());
        } else if (!st.softwareVersion().equals(GntVersion.SOFTWARE)) {
            r.warning("ENODEVERSION", "node", node, "software version mismatch: master " + GntVersion.SOFTWARE
                    + ", node " + st.softwareVersion());
        }
    }

    /** Where each instance disk should be: node name → driver → ids (Ganeti's node_vol_should). */
    static Map<String, Map<String, Set<String>>> expectedVolumes(java.util.Collection<InstanceConfig> instances,
                                                                  Map<String, String> nodeOfUuid) {
        Map<String, Map<String, Set<String>>> out = new HashMap<>();
        for (InstanceConfig i : instances) {
            for (String node : nodesOf(i, nodeOfUuid)) {
                for (DiskConfig d : i.disks()) {
                    if (d.ref() != null) {
                        out.computeIfAbsent(node, k -> new HashMap<>())
                                .computeIfAbsent(d.ref().driver(), k -> new HashSet<>()).add(d.ref().id());
                    }
                }
            }
        }
        return out;
    }

    /** The instance's nodes known in {@code nodeOfUuid}: primary, then secondaries of a mirrored template. */
    static List<String> nodesOf(InstanceConfig i, Map<String, String> nodeOfUuid) {
        List<String> out = new ArrayList<>();
        Optional.ofNullable(nodeOfUuid.get(i.primaryNode())).ifPresent(out::add);
        if (INTERNALLY_MIRRORED.contains(i.diskTemplate())) {
            i.secondaryNodes().stream().map(nodeOfUuid::get).filter(n -> n != null).forEach(out::add);
        }
        return out;
    }

    /**
     * EINSTANCEMISSINGDISK for each disk absent from a node that should hold it (only drivers the
     * node can enumerate count); for an instance that should be running, the missing disk is also
     * EINSTANCEFAULTYDISK, as Ganeti's mirror-status call fails on a device that is not there.
     */
    static void instanceDisks(List<InstanceConfig> instances, Map<String, String> nodeOfUuid,
                              Map<String, NodeState> reported, VerifyReport r) {
        for (InstanceConfig i : instances) {
            String primary = nodeOfUuid.get(i.primaryNode());
            for (String node : nodesOf(i, nodeOfUuid)) {
                NodeState st = reported.get(node);
                if (st == null) {
                    continue;
                }
                for (DiskConfig d : i.disks()) {
                    if (d.ref() == null || !st.volumes().containsKey(d.ref().driver())
                            || st.volumes().get(d.ref().driver()).contains(d.ref().id())) {
                        continue;
                    }
                    r.error("EINSTANCEMISSINGDISK", "instance", i.name(), "volume " + volumeName(d) + " missing on node "
                            + node);
                    if ("up".equals(i.adminState()) && node.equals(primary)) {
                        r.error("EINSTANCEFAULTYDISK", "instance", i.name(), "couldn't retrieve status for disk/"
                                + d.index() + " on " + node + ": disk " + volumeName(d) + " not found");
                    }
                }
            }
        }
    }

    /** ENODEORPHANLV: a disk a node holds that no instance's config places there. */
    static void orphanVolumes(Map<String, NodeState> reported, Map<String, Map<String, Set<String>>> expected,
                              VerifyReport r) {
        new TreeMap<>(reported).forEach((node, st) -> new TreeMap<>(st.volumes()).forEach((driver, ids) -> {
            Set<String> should = expected.getOrDefault(node, Map.of()).getOrDefault(driver, Set.of());
            ids.stream().filter(id -> !should.contains(id)).sorted().forEach(id ->
                    r.error("ENODEORPHANLV", "node", node, "volume " + driver + ":" + id + " is unknown"));
        }));
    }

    static String volumeName(DiskConfig d) {
        return d.ref().driver() + ":" + d.ref().id();
    }

    /**
     * Ganeti's N+1 rule: a node that is secondary for instances of a mirrored template must have
     * the free memory to start, should one primary fail, all that primary's auto-balanced
     * instances at their minimum memory (minmem; down instances count too). Offline nodes and
     * nodes that did not report are skipped: their memory is unknown.
     */
    static void nPlusOneMemory(ClusterConfig cluster, List<InstanceConfig> instances, List<NodeConfig> nodes,
                               Map<String, String> nodeOfUuid, Map<String, NodeState> reported, VerifyReport r) {
        // secondary node -> primary node -> minmem needed
        Map<String, Map<String, Long>> needed = new TreeMap<>();
        for (InstanceConfig i : instances) {
            String primary = nodeOfUuid.get(i.primaryNode());
            if (primary == null || !INTERNALLY_MIRRORED.contains(i.diskTemplate())
                    || !bool(be(cluster, i, "auto_balance"), true)) {
                continue;
            }
            for (String s : i.secondaryNodes()) {
                String secondary = nodeOfUuid.get(s);
                if (secondary != null) {
                    needed.computeIfAbsent(secondary, k -> new TreeMap<>())
                            .merge(primary, mib(be(cluster, i, "minmem")), Long::sum);
                }
            }
        }
        for (NodeConfig n : nodes) {
            NodeState st = reported.get(n.name());
            if (n.offline() || st == null || !needed.containsKey(n.name())) {
                continue;
            }
            Optional<Long> free = freeMemory(cluster, st);
            if (free.isEmpty()) {
                continue; // no hypervisor reported: ENODEHV said so already
            }
            needed.get(n.name()).forEach((primary, mib) -> {
                if (free.get() < mib) {
                    r.error("ENODEN1", "node", n.name(), "not enough memory to accommodate instance failovers should"
                            + " node " + primary + " fail (" + mib + "MiB needed, " + free.get() + "MiB available)");
                }
            });
        }
    }

    /** The node's free memory as its first enabled hypervisor reports it (Ganeti asks the default one). */
    private static Optional<Long> freeMemory(ClusterConfig cluster, NodeState st) {
        for (String hv : cluster.enabledHypervisors()) {
            NodeResources res = st.hypervisors().get(hv);
            if (res != null) {
                return Optional.of(res.memoryFreeMib());
            }
        }
        return Optional.empty();
    }

    /** The instance's backend parameter filled from the cluster's (Ganeti's FillBE). */
    private static Object be(ClusterConfig cluster, InstanceConfig i, String key) {
        Object v = i.beparams().get(key);
        return v != null ? v : cluster.beparams().get(key);
    }

    private static boolean bool(Object v, boolean dflt) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1", "on" -> true;
                case "false", "no", "0", "off" -> false;
                default -> dflt;
            };
        }
        return dflt;
    }

    /** MiB from a stored size: a number, or text with Ganeti's optional unit (m, g, t). */
    private static long mib(Object v) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof String s && s.trim().matches("(?i)\\d+\\s*[mgt]?b?")) {
            String t = s.trim().toLowerCase(Locale.ROOT).replaceAll("b$", "");
            long mult = t.endsWith("g") ? 1024 : t.endsWith("t") ? 1024 * 1024 : 1;
            return Long.parseLong(t.replaceAll("[^0-9]", "")) * mult;
        }
        return 0;
    }
}
