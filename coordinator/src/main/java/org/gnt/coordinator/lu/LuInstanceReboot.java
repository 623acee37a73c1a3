package org.gnt.coordinator.lu;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.opcode.OpInstanceReboot;
import org.gnt.bus.rpc.NodeCommand;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockRequest;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.hypervisor.StopMode;

/**
 * OP_INSTANCE_REBOOT: soft and hard go to the hypervisor's reboot on the node; full is a stop
 * (disks released) and a start (disks assembled), a fresh guest as after shutdown + startup.
 * Unlike Ganeti, which starts an admin-up instance that is not running, a reboot needs a running one.
 */
public final class LuInstanceReboot implements LogicalUnit<OpInstanceReboot> {
    @Override
    public List<LockRequest> locks(OpInstanceReboot op, ConfigStore config) {
        return InstanceLocks.instanceAndPrimary(op.instanceName(), config, false);
    }

    @Override
    public void checkPrereq(OpInstanceReboot op, LuContext ctx) {
        InstanceConfig i = LuSupport.instance(ctx.config(), op.instanceName());
        if (!"up".equals(i.adminState())) {
            throw new PluginException(ErrorKind.STATE, "Instance '" + i.name() + "' is marked " + i.adminState()
                    + ", cannot reboot");
        }
        NodeConfig node = LuSupport.primaryNode(ctx.config(), i);
        LuSupport.requireOnline(node);
        if (!InstanceRuntime.isRunning(ctx, node, i)) {
            throw new PluginException(ErrorKind.STATE, "Instance '" + i.name() + "' is not running on node '"
                    + node.name() + "', cannot reboot");
        }
    }

    @Override
    public JsonNode exec(OpInstanceReboot op, LuContext ctx) {
        InstanceConfig i = LuSupport.instance(ctx.config(), op.instanceName());
        NodeConfig node = LuSupport.primaryNode(ctx.config(), i);
        long timeout = (long) op.shutdownTimeout().doubleValue();
        if (op.rebootType().equals(OpInstanceReboot.FULL)) {
            LuInstanceShutdown.stop(ctx, node, i, timeout);
            ctx.rpcStep("start", node.name(), new NodeCommand.InstanceStart(i.hypervisor(),
                    LuSupport.spec(ctx.config().cluster(), i), i.diskTemplate(), LuSupport.diskRefs(i), false),
                    Duration.ofMinutes(5));
        } else {
            StopMode mode = op.rebootType().equals(OpInstanceReboot.SOFT) ? StopMode.SOFT : StopMode.HARD;
            ctx.rpcStep("reboot", node.name(), new NodeCommand.InstanceReboot(i.hypervisor(),
                    LuSupport.spec(ctx.config().cluster(), i), mode, timeout), Duration.ofSeconds(timeout + 120));
        }
        ctx.log("Instance " + i.name() + " rebooted (" + op.rebootType() + ")");
        return NullNode.instance;
    }
}
