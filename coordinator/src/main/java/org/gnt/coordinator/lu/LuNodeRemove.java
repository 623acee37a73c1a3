package org.gnt.coordinator.lu;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.opcode.OpNodeRemove;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockLevel;
import org.gnt.coordinator.locks.LockRequest;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * OP_NODE_REMOVE (LUNodeRemove): refused while an instance has the node as primary (gnt's
 * config has no secondary nodes yet, so that half of Ganeti's check has nothing to look at).
 * A master candidate is replaced from the regular nodes in the same transaction, and the last
 * candidate cannot be removed while other nodes remain, as Ganeti refuses to remove the master.
 * Nothing is sent to the node: like Ganeti it may already be dead.
 */
public final class LuNodeRemove implements LogicalUnit<OpNodeRemove> {
    @Override
    public List<LockRequest> locks(OpNodeRemove op, ConfigStore config) {
        return List.of(LockRequest.exclusive(LockLevel.CLUSTER, "cluster"),
                LockRequest.exclusive(LockLevel.NODE, op.nodeName()));
    }

    @Override
    public void checkPrereq(OpNodeRemove op, LuContext ctx) {
        if (ctx.resumed() && ctx.config().nodeByName(op.nodeName()).isEmpty()) {
            return; // the earlier master removed it already
        }
        promotions(ctx.config(), LuSupport.node(ctx.config(), op.nodeName()));
    }

    @Override
    public JsonNode exec(OpNodeRemove op, LuContext ctx) {
        var found = ctx.config().nodeByName(op.nodeName());
        if (found.isEmpty()) {
            return NullNode.instance;
        }
        NodeConfig node = found.get();
        List<NodeConfig> promoted = promotions(ctx.config(), node);
        ctx.log("Removing node " + node.name() + " from the cluster configuration");
        ctx.config().removeNode(node, promoted);
        promoted.forEach(n -> ctx.log("Promoted node " + n.name() + " to master candidate"));
        return NullNode.instance;
    }

    private static List<NodeConfig> promotions(ConfigStore cfg, NodeConfig node) {
        List<String> primaries = LuNodeSetParams.primaries(cfg, node);
        if (!primaries.isEmpty()) {
            throw new PluginException(ErrorKind.STATE, "Instance " + primaries.get(0)
                    + " is still running on the node, please remove it first (node " + node.name() + " is primary for "
                    + String.join(", ", primaries) + ")");
        }
        if (!node.masterCandidate()) {
            return List.of();
        }
        Set<String> self = Set.of(node.uuid());
        List<NodeConfig> promoted = MasterCandidates.promotions(cfg.nodes(), cfg.cluster().candidatePoolSize(), self,
                Instant.now());
        MasterCandidates.Stats rest = MasterCandidates.stats(cfg.nodes(), cfg.cluster().candidatePoolSize(), self);
        boolean others = cfg.nodes().size() > 1;
        if (others && rest.now() + promoted.size() == 0) {
            throw new PluginException(ErrorKind.STATE, "Node " + node.name() + " is the last master candidate and no"
                    + " other node can become one; make another node master capable first");
        }
        return promoted;
    }
}
