package org.gnt.coordinator.lu;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.opcode.OpInstanceShutdown;
import org.gnt.bus.rpc.NodeCommand;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.plugins.hypervisor.StopMode;

/** OP_INSTANCE_SHUTDOWN: stops the instance (soft, hard after the timeout) and records admin state down. */
public final class LuInstanceShutdown implements LogicalUnit<OpInstanceShutdown> {
    @Override
    public List<org.gnt.coordinator.locks.LockRequest> locks(OpInstanceShutdown op, ConfigStore config) {
        return InstanceLocks.instanceAndPrimary(op.instanceName(), config, false);
    }

    @Override
    public void checkPrereq(OpInstanceShutdown op, LuContext ctx) {
        InstanceConfig i = LuSupport.instance(ctx.config(), op.instanceName());
        if (!op.ignoreOfflineNodes()) {
            LuSupport.requireOnline(LuSupport.primaryNode(ctx.config(), i));
        }
    }

    @Override
    public JsonNode exec(OpInstanceShutdown op, LuContext ctx) {
        InstanceConfig i = LuSupport.instance(ctx.config(), op.instanceName());
        NodeConfig node = LuSupport.primaryNode(ctx.config(), i);
        if (!InstanceRuntime.isRunning(ctx, node, i)) {
            ctx.log("Instance " + i.name() + " is not running");
        } else {
            stop(ctx, node, i, (long) op.timeout().doubleValue());
        }
        if (!op.noRemember() && !"down".equals(i.adminState())) {
            String source = op.adminStateSource() == null ? "admin" : op.adminStateSource();
            ctx.config().updateInstance(i.withAdminState("down", source, Instant.now()));
        }
        return NullNode.instance;
    }

    static void stop(LuContext ctx, NodeConfig node, InstanceConfig i, long timeoutSeconds) {
        ctx.rpcStep("stop", node.name(), new NodeCommand.InstanceStop(i.hypervisor(), LuSupport.spec(ctx.config().cluster(), i),
                StopMode.SOFT, timeoutSeconds, i.diskTemplate(), LuSupport.diskRefs(i)),
                Duration.ofSeconds(timeoutSeconds + 60));
    }
}
