package org.gnt.coordinator.lu;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.opcode.OpInstanceStartup;
import org.gnt.bus.rpc.NodeCommand;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockLevel;
import org.gnt.coordinator.locks.LockRequest;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/** OP_INSTANCE_STARTUP: starts the instance on its primary node and records admin state up. */
public final class LuInstanceStartup implements LogicalUnit<OpInstanceStartup> {
    @Override
    public List<LockRequest> locks(OpInstanceStartup op, ConfigStore config) {
        return InstanceLocks.instanceAndPrimary(op.instanceName(), config, false);
    }

    @Override
    public void checkPrereq(OpInstanceStartup op, LuContext ctx) {
        InstanceConfig i = LuSupport.instance(ctx.config(), op.instanceName());
        if ("offline".equals(i.adminState())) {
            throw new PluginException(ErrorKind.STATE, "Instance '" + i.name() + "' is marked offline");
        }
        LuSupport.requireOnline(LuSupport.primaryNode(ctx.config(), i));
    }

    @Override
    public JsonNode exec(OpInstanceStartup op, LuContext ctx) {
        InstanceConfig i = LuSupport.instance(ctx.config(), op.instanceName());
        NodeConfig node = LuSupport.primaryNode(ctx.config(), i);
        if (InstanceRuntime.isRunning(ctx, node, i)) {
            ctx.log("Instance " + i.name() + " is already running");
        } else {
            ctx.rpcStep("start", node.name(), new NodeCommand.InstanceStart(i.hypervisor(), LuSupport.spec(ctx.config().cluster(), i),
                    i.diskTemplate(), LuSupport.diskRefs(i), op.startupPaused()), Duration.ofMinutes(5));
        }
        if (!op.noRemember() && !"up".equals(i.adminState())) {
            ctx.config().updateInstance(i.withAdminState("up", "admin", Instant.now()));
        }
        return NullNode.instance;
    }
}
