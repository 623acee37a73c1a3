package org.gnt.coordinator.lu;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.opcode.OpInstanceRemove;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockRequest;
import org.gnt.plugins.PluginException;

/**
 * OP_INSTANCE_REMOVE: stops the instance, removes its disks, then drops it from the config. Without
 * {@code ignore_failures} a failed stop or disk removal aborts before the config changes.
 */
public final class LuInstanceRemove implements LogicalUnit<OpInstanceRemove> {
    @Override
    public List<LockRequest> locks(OpInstanceRemove op, ConfigStore config) {
        return InstanceLocks.instanceAndPrimary(op.instanceName(), config, false);
    }

    @Override
    public void checkPrereq(OpInstanceRemove op, LuContext ctx) {
        if (ctx.resumed() && ctx.config().instanceByName(op.instanceName()).isEmpty()) {
            return; // the earlier master removed it already
        }
        InstanceConfig i = LuSupport.instance(ctx.config(), op.instanceName());
        if (!op.ignoreFailures()) {
            LuSupport.requireOnline(LuSupport.primaryNode(ctx.config(), i));
        }
    }

    @Override
    public JsonNode exec(OpInstanceRemove op, LuContext ctx) {
        var found = ctx.config().instanceByName(op.instanceName());
        if (found.isEmpty()) {
            return NullNode.instance;
        }
        InstanceConfig i = found.get();
        NodeConfig node = LuSupport.primaryNode(ctx.config(), i);
        ctx.log("Shutting down instance " + i.name() + " on node " + node.name());
        try {
            if (InstanceRuntime.isRunning(ctx, node, i)) {
                LuInstanceShutdown.stop(ctx, node, i, (long) op.shutdownTimeout().doubleValue());
            }
        } catch (PluginException e) {
            if (!op.ignoreFailures() || e instanceof ConfigStore.FencedException) {
                throw e;
            }
            ctx.log("Warning: could not shut down instance, ignoring: " + e.getMessage());
        }
        ctx.log("Removing block devices for instance " + i.name());
        LuInstanceCreate.removeDisks(ctx, node, i, op.ignoreFailures());
        ctx.log("Removing instance " + i.name() + " out of cluster config");
        ctx.config().removeInstance(i);
        return NullNode.instance;
    }
}
