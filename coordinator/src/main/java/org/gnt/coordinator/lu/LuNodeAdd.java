package org.gnt.coordinator.lu;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.gnt.bus.config.ClusterInit;
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.opcode.OpNodeAdd;
import org.gnt.bus.rpc.NodeCommand;
import org.gnt.bus.state.NodeState;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockLevel;
import org.gnt.coordinator.locks.LockRequest;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * OP_NODE_ADD: a node service announced itself (liveness znode, inventory); the admin accepts it.
 * The node is asked for its info over the bus, which proves it is reachable.
 */
public final class LuNodeAdd implements LogicalUnit<OpNodeAdd> {
    @Override
    public List<LockRequest> locks(OpNodeAdd op, ConfigStore config) {
        return List.of(LockRequest.exclusive(LockLevel.CLUSTER, "cluster"),
                LockRequest.exclusive(LockLevel.NODE, op.nodeName()));
    }

    @Override
    public void checkPrereq(OpNodeAdd op, LuContext ctx) {
        ConfigStore cfg = ctx.config();
        var existing = cfg.nodeByName(op.nodeName());
        if (op.ndparams() != null) {
            NdParams.merge(java.util.Map.of(), op.ndparams());
        }
        if (op.readd()) {
            checkReadd(op, existing.orElseThrow(() -> new PluginException(ErrorKind.NOENT,
                    "Node " + op.nodeName() + " is not in the configuration, cannot re-add it")));
            return;
        }
        if (existing.isPresent() && !alreadyDoneByThisJob(existing.get(), ctx)) {
            throw new PluginException(ErrorKind.EXISTS, "Node " + op.nodeName() + " is already in the configuration");
        }
        if (op.primaryIp() != null) {
            for (NodeConfig n : cfg.nodes()) {
                if (op.primaryIp().equals(n.primaryIp()) || op.primaryIp().equals(n.secondaryIp())) {
                    throw new PluginException(ErrorKind.NOTUNIQUE,
                            "New node ip address(es) conflict with existing node " + n.name());
                }
            }
        }
        group(op, cfg);
    }

    private static void checkReadd(OpNodeAdd op, NodeConfig n) {
        if (op.primaryIp() != null && !op.primaryIp().equals(n.primaryIp())) {
            throw new PluginException(ErrorKind.INVAL, "Readded node doesn't have the same IP address: configured "
                    + n.primaryIp() + ", given " + op.primaryIp());
        }
        if (op.group() != null) {
            throw new PluginException(ErrorKind.INVAL, "Cannot pass a node group when re-adding a node;"
                    + " use gnt-group assign-nodes");
        }
    }

    /**
     * Re-adding (Ganeti's readd): the node keeps its UUID and group and comes back online and
     * undrained, as a master candidate if the pool is short.
     */
    private static JsonNode readd(OpNodeAdd op, NodeConfig old, LuContext ctx) {
        ctx.nodeInfoEvenIfOffline(op.nodeName(), Duration.ofSeconds(30));
        Instant now = Instant.now();
        NodeConfig back = new NodeConfig(old.v(), old.uuid(), old.name(), old.primaryIp(),
                op.secondaryIp() == null ? old.secondaryIp() : op.secondaryIp(), old.group(), false, false, false,
                op.masterCapable() == null ? old.masterCapable() : op.masterCapable(),
                op.vmCapable() == null ? old.vmCapable() : op.vmCapable(), old.ctime(), now,
                op.ndparams() == null ? old.ndparams() : NdParams.merge(old.ndparams(), op.ndparams()), old.tags());
        back = selfPromoted(back, ctx.config(), now);
        ctx.config().updateNodes(List.of(back));
        ctx.log("Node " + op.nodeName() + " re-added" + (back.masterCandidate() ? " as master candidate" : ""));
        return NullNode.instance;
    }

    /** Ganeti's _DecideSelfPromotion: a new or returning node joins the candidate pool if it is short. */
    private static NodeConfig selfPromoted(NodeConfig n, ConfigStore cfg, Instant now) {
        java.util.List<NodeConfig> all = new java.util.ArrayList<>(cfg.nodes().stream()
                .filter(o -> !o.uuid().equals(n.uuid())).toList());
        all.add(n);
        MasterCandidates.Stats s = MasterCandidates.stats(all, cfg.cluster().candidatePoolSize(), java.util.Set.of());
        return MasterCandidates.canBeCandidate(n) && s.now() < s.should() ? n.withRole("C", now) : n;
    }

    private static boolean alreadyDoneByThisJob(NodeConfig n, LuContext ctx) {
        return ctx.resumed() && n.uuid().equals(ctx.stableUuid("node"));
    }

    private static GroupConfig group(OpNodeAdd op, ConfigStore cfg) {
        String name = op.group() == null ? ClusterInit.DEFAULT_GROUP : op.group();
        return cfg.groupByName(name).orElseThrow(() ->
                new PluginException(ErrorKind.NOENT, "Node group '" + name + "' not found"));
    }

    @Override
    public JsonNode exec(OpNodeAdd op, LuContext ctx) {
        var existing = ctx.config().nodeByName(op.nodeName());
        if (op.readd() && existing.isPresent()) {
            return readd(op, existing.get(), ctx);
        }
        if (existing.isPresent()) {
            return NullNode.instance; // a master that died after the commit added it
        }
        NodeState info = ctx.rpc(op.nodeName(), new NodeCommand.NodeInfo(), Duration.ofSeconds(30), NodeState.class);
        String ip = op.primaryIp() != null ? op.primaryIp() : info.primaryIp();
        if (op.primaryIp() == null) {
            for (NodeConfig n : ctx.config().nodes()) {
                if (ip.equals(n.primaryIp())) {
                    throw new PluginException(ErrorKind.NOTUNIQUE,
                            "New node ip address " + ip + " conflicts with existing node " + n.name());
                }
            }
        }
        Instant now = Instant.now();
        NodeConfig n = new NodeConfig(NodeConfig.VERSION, ctx.stableUuid("node"), op.nodeName(), ip,
                op.secondaryIp() == null ? ip : op.secondaryIp(), group(op, ctx.config()).uuid(), false, false,
                false, op.masterCapable() == null || op.masterCapable(), op.vmCapable() == null || op.vmCapable(),
                now, now, op.ndparams() == null ? java.util.Map.of() : NdParams.merge(java.util.Map.of(), op.ndparams()),
                java.util.List.of());
        n = selfPromoted(n, ctx.config(), now);
        ctx.config().addNode(n);
        ctx.log("Node " + op.nodeName() + " added (" + ip + ", hypervisors " + info.hypervisors().keySet() + ")");
        return NullNode.instance;
    }
}
