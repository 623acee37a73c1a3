package org.gnt.coordinator.lu;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.gnt.bus.Json;
import org.gnt.bus.config.DiskConfig;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.opcode.OpInstanceGrowDisk;
import org.gnt.bus.rpc.NodeCommand;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockRequest;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.disk.AttachedDisk;

/**
 * OP_INSTANCE_GROW_DISK: grows one disk on the primary node (telling a running guest, e.g. QEMU's
 * block_resize) and records the new size. {@code absolute} makes {@code amount} the target size.
 */
public final class LuInstanceGrowDisk implements LogicalUnit<OpInstanceGrowDisk> {
    @Override
    public List<LockRequest> locks(OpInstanceGrowDisk op, ConfigStore config) {
        return InstanceLocks.instanceAndPrimary(op.instanceName(), config, false);
    }

    @Override
    public void checkPrereq(OpInstanceGrowDisk op, LuContext ctx) {
        InstanceConfig i = LuSupport.instance(ctx.config(), op.instanceName());
        LuSupport.requireOnline(LuSupport.primaryNode(ctx.config(), i));
        delta(op, i);
    }

    /** MiB to add; 0 when an absolute target equals the current size. */
    private static long delta(OpInstanceGrowDisk op, InstanceConfig i) {
        if (i.diskTemplate().equals("diskless")) {
            throw new PluginException(ErrorKind.INVAL, "Instance's disk layout does not support growing");
        }
        DiskConfig d = disk(op, i);
        if (!op.absolute()) {
            if (op.amount() <= 0) {
                throw new PluginException(ErrorKind.INVAL, "Parameter 'amount' of " + OpInstanceGrowDisk.OP_ID
                        + ": must be greater than zero to grow a disk, got " + op.amount());
            }
            return op.amount();
        }
        if (op.amount() < d.sizeMib()) {
            throw new PluginException(ErrorKind.INVAL, "Requested size (" + op.amount()
                    + ") is smaller than current disk size (" + d.sizeMib() + ")");
        }
        return op.amount() - d.sizeMib();
    }

    private static DiskConfig disk(OpInstanceGrowDisk op, InstanceConfig i) {
        if (op.disk() >= i.disks().size()) {
            int n = i.disks().size();
            throw new PluginException(ErrorKind.INVAL, "Invalid disk index " + op.disk() + ": instance " + i.name()
                    + " has " + n + " disk" + (n == 1 ? "" : "s") + (n == 0 ? "" : " (indices 0 to " + (n - 1) + ")"));
        }
        return i.disks().get(op.disk());
    }

    @Override
    public JsonNode exec(OpInstanceGrowDisk op, LuContext ctx) {
        InstanceConfig i = LuSupport.instance(ctx.config(), op.instanceName());
        NodeConfig node = LuSupport.primaryNode(ctx.config(), i);
        DiskConfig d = disk(op, i);
        long delta = delta(op, i);
        if (delta == 0) {
            ctx.log("Disk " + op.disk() + " of " + i.name() + " already has " + d.sizeMib() + " MiB; nothing to do");
            return NullNode.instance;
        }
        boolean running = InstanceRuntime.isRunning(ctx, node, i);
        ctx.log("Growing disk " + op.disk() + " of instance " + i.name() + " by " + delta + " MiB to "
                + (d.sizeMib() + delta) + " MiB" + (running ? " (the running guest is told)" : ""));
        JsonNode grown = ctx.rpcStep("grow", node.name(), new NodeCommand.DiskGrow(i.diskTemplate(), d.ref(), delta,
                running ? i.hypervisor() : null, running ? i.name() : null), Duration.ofMinutes(10));
        long size = d.sizeMib() + delta;
        AttachedDisk a = grown == null || grown.isNull() ? null : Json.MAPPER.convertValue(grown, AttachedDisk.class);
        if (a != null && a.sizeMib() > 0 && a.sizeMib() != size) {
            ctx.log("The node reports " + a.sizeMib() + " MiB for the grown disk; recording that");
            size = a.sizeMib();
        }
        List<DiskConfig> disks = new ArrayList<>(i.disks());
        disks.set(op.disk(), new DiskConfig(d.uuid(), d.name(), d.index(), size, d.mode(), d.ref()));
        ctx.config().updateInstance(new InstanceConfig(i.v(), i.uuid(), i.name(), i.primaryNode(), i.os(),
                i.hypervisor(), i.hvparams(), i.beparams(), i.osparams(), i.diskTemplate(), disks, i.nics(),
                i.adminState(), i.adminStateSource(), i.tags(), i.ctime(), Instant.now(), i.serial() + 1,
                i.secondaryNodes()));
        return NullNode.instance;
    }
}
