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
        if (ctx.config().nodeByName(op.nodeName()).isPresent()) {
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
                now, now);
        ctx.config().addNode(n);
        ctx.log("Node " + op.nodeName() + " added (" + ip + ", hypervisors " + info.hypervisors().keySet() + ")");
        return NullNode.instance;
    }
}
