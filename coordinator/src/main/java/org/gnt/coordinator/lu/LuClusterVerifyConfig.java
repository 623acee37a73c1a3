package org.gnt.coordinator.lu;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import org.gnt.bus.config.ClusterConfig;
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.opcode.OpClusterVerifyConfig;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockRequest;

/**
 * OP_CLUSTER_VERIFY_CONFIG: the configuration agrees with itself — every node in an existing
 * group, every instance on an existing node with an enabled hypervisor and disk template, enough
 * master candidates, a coordinator bound to every candidate with a current config mirror
 * ({@link CoordinatorChecks}). Reads the master's config copy; takes no locks (a read of one snapshot).
 */
public final class LuClusterVerifyConfig implements LogicalUnit<OpClusterVerifyConfig> {
    @Override
    public List<LockRequest> locks(OpClusterVerifyConfig op, ConfigStore config) {
        return List.of();
    }

    @Override
    public void checkPrereq(OpClusterVerifyConfig op, LuContext ctx) {
    }

    @Override
    public JsonNode exec(OpClusterVerifyConfig op, LuContext ctx) {
        ConfigStore cfg = ctx.config();
        ClusterConfig cluster = cfg.cluster();
        VerifyReport r = new VerifyReport(ctx, op.errorCodes(), op.ignoreErrors());
        r.section("Verifying cluster config");
        if (op.debugSimulateErrors()) {
            r.error("ECLUSTERCFG", "cluster", cluster.name(), "simulated error");
        }
        Set<String> groups = cfg.groups().stream().map(GroupConfig::uuid).collect(Collectors.toSet());
        Set<String> nodes = cfg.nodes().stream().map(NodeConfig::uuid).collect(Collectors.toSet());
        long candidates = cfg.nodes().stream().filter(NodeConfig::masterCandidate).count();
        long capable = cfg.nodes().stream().filter(n -> n.masterCapable() && !n.offline() && !n.drained()).count();
        if (candidates < Math.min(cluster.candidatePoolSize(), capable)) {
            r.error("ECLUSTERCFG", "cluster", cluster.name(), "not enough master candidates: " + candidates
                    + ", want " + Math.min(cluster.candidatePoolSize(), capable));
        }
        CoordinatorChecks.verify(cfg, r);
        r.section("Verifying all nodes belong to an existing group");
        for (NodeConfig n : cfg.nodes()) {
            if (!groups.contains(n.group())) {
                r.error("ECLUSTERDANGLINGNODES", "node", n.name(), "node belongs to non-existing group " + n.group());
            }
        }
        r.section("Verifying instances refer to existing nodes and enabled settings");
        for (InstanceConfig i : cfg.instances()) {
            if (!nodes.contains(i.primaryNode())) {
                r.error("ECLUSTERDANGLINGINST", "instance", i.name(), "instance lives on non-existing node "
                        + i.primaryNode());
            }
            if (!cluster.enabledHypervisors().contains(i.hypervisor())) {
                r.error("ECLUSTERCFG", "instance", i.name(), "hypervisor " + i.hypervisor()
                        + " is not enabled in the cluster");
            }
            if (!cluster.enabledDiskTemplates().contains(i.diskTemplate())) {
                r.error("ECLUSTERCFG", "instance", i.name(), "disk template " + i.diskTemplate()
                        + " is not enabled in the cluster");
            }
        }
        return BooleanNode.valueOf(r.passed());
    }
}
