package org.gnt.coordinator.lu;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import org.gnt.bus.config.ClusterConfig;
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.opcode.OpClusterVerifyGroup;
import org.gnt.bus.state.NodeState;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockRequest;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.hypervisor.RuntimeInstance;

/**
 * OP_CLUSTER_VERIFY_GROUP: the group's nodes and instances against what the nodes report on the
 * bus — each online node alive (its liveness znode) and reporting recently, with the cluster's
 * hypervisors, the master's version and a clock close to the master's; each instance running
 * exactly where and when the config says, with its disks present; no instance running and no disk
 * present that the config does not know; N+1 memory for mirrored instances
 * ({@link VerifyGroupChecks}).
 */
public final class LuClusterVerifyGroup implements LogicalUnit<OpClusterVerifyGroup> {
    /** Ganeti's NODE_MAX_CLOCK_SKEW. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(150);
    /** Nodes republish every 10 s; an inventory older than this means the node stopped reporting. */
    static final Duration STALE = Duration.ofSeconds(60);

    @Override
    public List<LockRequest> locks(OpClusterVerifyGroup op, ConfigStore config) {
        return List.of();
    }

    @Override
    public void checkPrereq(OpClusterVerifyGroup op, LuContext ctx) {
        group(op, ctx);
    }

    private static GroupConfig group(OpClusterVerifyGroup op, LuContext ctx) {
        return ctx.config().groupByName(op.groupName()).orElseThrow(() -> new PluginException(ErrorKind.NOENT,
                "Group '" + op.groupName() + "' not found"));
    }

    @Override
    public JsonNode exec(OpClusterVerifyGroup op, LuContext ctx) {
        ConfigStore cfg = ctx.config();
        ClusterConfig cluster = cfg.cluster();
        GroupConfig group = group(op, ctx);
        VerifyReport r = new VerifyReport(ctx, op.errorCodes(), op.ignoreErrors());
        List<NodeConfig> nodes = cfg.nodes().stream().filter(n -> n.group().equals(group.uuid())).toList();
        r.section("Verifying group '" + group.name() + "'");
        r.section("Gathering data (" + nodes.size() + " nodes)");
        Map<String, NodeState> reported = new HashMap<>();
        r.section("Verifying node status");
        Instant now = Instant.now();
        for (NodeConfig n : nodes) {
            if (n.offline()) {
                continue; // Ganeti skips offline nodes and says so below
            }
            if (!ctx.isLive(n.name())) {
                r.error("ENODENET", "node", n.name(), "node is not reachable: its node service is not running"
                        + " (no liveness in ZooKeeper)");
                continue;
            }
            Optional<NodeState> s = ctx.inventory().get(n.name());
            if (s.isEmpty() || s.get().time() == null) {
                r.error("ENODERPC", "node", n.name(), "node has not reported its inventory");
                continue;
            }
            NodeState st = s.get();
            reported.put(n.name(), st);
            VerifyGroupChecks.versions(n.name(), st, r);
            Duration age = Duration.between(st.time(), now);
            if (age.compareTo(MAX_CLOCK_SKEW.negated()) < 0) {
                r.error("ENODETIME", "node", n.name(), "clock skew: node time is " + age.negated().toSeconds()
                        + " s ahead of the master's");
            } else if (age.compareTo(MAX_CLOCK_SKEW.plus(STALE)) > 0) {
                r.error("ENODETIME", "node", n.name(), "node time is " + age.toSeconds() + " s behind the master's"
                        + " (or it stopped reporting)");
            } else if (age.compareTo(STALE) > 0) {
                r.warning("ENODERPC", "node", n.name(), "last report is " + age.toSeconds() + " s old");
            }
            for (String hv : cluster.enabledHypervisors()) {
                if (n.vmCapable() && !st.hypervisors().containsKey(hv)) {
                    r.error("ENODEHV", "node", n.name(), "hypervisor " + hv + " is not available on the node");
                }
            }
        }
        verifyInstances(cfg, nodes, reported, r);
        Map<String, String> nodeOfUuid = new HashMap<>();
        nodes.forEach(n -> nodeOfUuid.put(n.uuid(), n.name()));
        List<InstanceConfig> instances = cfg.instances().stream()
                .filter(i -> nodeOfUuid.containsKey(i.primaryNode())).toList();
        VerifyGroupChecks.instanceDisks(instances, nodeOfUuid, reported, r);
        r.section("Verifying orphan volumes");
        VerifyGroupChecks.orphanVolumes(reported, VerifyGroupChecks.expectedVolumes(cfg.instances(),
                nodeOfUuid), r);
        if (!op.skipChecks().contains("nplusone_mem")) {
            r.section("Verifying N+1 Memory redundancy");
            VerifyGroupChecks.nPlusOneMemory(cluster, instances, nodes, nodeOfUuid, reported, r);
        }
        List<String> offline = nodes.stream().filter(NodeConfig::offline).map(NodeConfig::name).toList();
        if (!offline.isEmpty()) {
            r.section("Other Notes");
            ctx.log("  - NOTICE: " + offline.size() + " offline node(s) found: " + String.join(", ", offline));
        }
        return BooleanNode.valueOf(r.passed());
    }

    private static void verifyInstances(ConfigStore cfg, List<NodeConfig> nodes, Map<String, NodeState> reported,
                                        VerifyReport r) {
        r.section("Verifying instance status");
        Map<String, String> nodeOfUuid = new HashMap<>();
        nodes.forEach(n -> nodeOfUuid.put(n.uuid(), n.name()));
        Map<String, String> runningOn = new HashMap<>();
        reported.forEach((node, st) -> st.instances().values().forEach(list -> list.stream()
                .filter(ri -> ri.state() == RuntimeInstance.RunState.RUNNING)
                .forEach(ri -> runningOn.put(ri.name(), node))));
        for (InstanceConfig i : cfg.instances()) {
            String pnode = nodeOfUuid.get(i.primaryNode());
            if (pnode == null) {
                continue; // another group's instance
            }
            if (!reported.containsKey(pnode)) {
                r.error("EINSTANCEBADNODE", "instance", i.name(), "instance lives on a node that did not report ("
                        + pnode + ")");
                continue;
            }
            String where = runningOn.remove(i.name());
            if ("up".equals(i.adminState()) && where == null) {
                r.error("EINSTANCEDOWN", "instance", i.name(), "instance not running on its primary node " + pnode);
            } else if (where != null && !where.equals(pnode)) {
                r.error("EINSTANCEWRONGNODE", "instance", i.name(), "instance should not run on node " + where);
            } else if (where != null && !"up".equals(i.adminState())) {
                r.error("EINSTANCEDOWN", "instance", i.name(), "instance is running on " + pnode
                        + " but its admin state is " + i.adminState());
            }
        }
        runningOn.forEach((name, node) -> {
            if (cfg.instanceByName(name).isEmpty()) {
                r.error("ENODEORPHANINSTANCE", "node", node, "instance " + name + " is running but not in the cluster");
            }
        });
    }
}
