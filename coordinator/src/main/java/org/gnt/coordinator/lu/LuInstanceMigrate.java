package org.gnt.coordinator.lu;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.opcode.OpInstanceMigrate;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockRequest;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * OP_INSTANCE_MIGRATE: live (or non-live) migration of an externally mirrored instance to
 * {@code target_node}; {@code cleanup} recovers from one that did not finish; with
 * {@code allow_failover} an instance that cannot migrate (not running) is failed over instead.
 */
public final class LuInstanceMigrate implements LogicalUnit<OpInstanceMigrate> {
    @Override
    public List<LockRequest> locks(OpInstanceMigrate op, ConfigStore config) {
        return MigrationChecks.locks(op.instanceName(), op.targetNode(), config);
    }

    @Override
    public void checkPrereq(OpInstanceMigrate op, LuContext ctx) {
        InstanceConfig i = LuSupport.instance(ctx.config(), op.instanceName());
        MigrationChecks.requireMovableTemplate(i, "migrations");
        NodeConfig source = LuSupport.primaryNode(ctx.config(), i);
        if (op.cleanup()) {
            LuSupport.requireOnline(source);
            MigrationChecks.target(ctx, i, op.targetNode(), op.iallocator(), false);
            return;
        }
        boolean failover = !canMigrate(ctx, i, source);
        if (failover && !op.allowFailover()) {
            throw new PluginException(ErrorKind.STATE, "Instance '" + i.name() + "' is not running"
                    + ("up".equals(i.adminState()) ? " on its primary node " + source.name() : " (marked "
                    + i.adminState() + ")") + ", cannot migrate");
        }
        NodeConfig target = MigrationChecks.target(ctx, i, op.targetNode(), op.iallocator(),
                !failover || "up".equals(i.adminState()));
        MigrationChecks.requireDisksVisible(ctx, i, target);
    }

    /** Admin up, the primary online and the instance running there (Ganeti asks the node). */
    private static boolean canMigrate(LuContext ctx, InstanceConfig i, NodeConfig source) {
        return "up".equals(i.adminState()) && !source.offline() && InstanceRuntime.isRunning(ctx, source, i);
    }

    @Override
    public JsonNode exec(OpInstanceMigrate op, LuContext ctx) {
        InstanceConfig i = LuSupport.instance(ctx.config(), op.instanceName());
        NodeConfig source = LuSupport.primaryNode(ctx.config(), i);
        NodeConfig target = LuSupport.node(ctx.config(), op.targetNode());
        if (op.cleanup()) {
            new InstanceMigration(ctx, i, source, target).cleanup();
        } else if (!ctx.stepDone("accept") && (ctx.stepDone("failover-mode") || !canMigrate(ctx, i, source))) {
            // recorded, so a resumed run does not take the other path once the stop has happened
            ctx.step("failover-mode", () -> NullNode.instance);
            ctx.log("Instance " + i.name() + " cannot be migrated, falling back to failover (allow_failover)");
            InstanceFailover.run(ctx, i, source, target, 120, false);
        } else {
            new InstanceMigration(ctx, i, source, target).migrate(isLive(op, ctx, i));
        }
        return NullNode.instance;
    }

    /** The asked mode, else the hypervisor's {@code migration_mode}, else live. */
    private static boolean isLive(OpInstanceMigrate op, LuContext ctx, InstanceConfig i) {
        String mode = op.requestedMode();
        if (mode == null) {
            Object hv = LuSupport.spec(ctx.config().cluster(), i).hvParams().get("migration_mode");
            mode = hv == null ? OpInstanceMigrate.LIVE : hv.toString();
        }
        return !OpInstanceMigrate.NON_LIVE.equals(mode);
    }
}
