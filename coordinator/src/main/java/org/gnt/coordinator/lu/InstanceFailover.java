package org.gnt.coordinator.lu;

import java.time.Duration;

import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.rpc.NodeCommand;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.hypervisor.StopMode;

/**
 * A failover (Ganeti's TLMigrateInstance._ExecFailover): stop on the source, make the target the
 * primary, start there when the instance is marked up. Used by OP_INSTANCE_FAILOVER and by
 * OP_INSTANCE_MIGRATE with {@code allow_failover} when migration is impossible.
 */
final class InstanceFailover {
    private InstanceFailover() {
    }

    static void run(LuContext ctx, InstanceConfig i, NodeConfig source, NodeConfig target, long shutdownTimeout,
                    boolean ignoreConsistency) {
        ctx.log("Failing over instance " + i.name() + " from " + source.name() + " to " + target.name());
        if (source.offline()) {
            ctx.log("WARNING: node " + source.name() + " is offline; not shutting the instance down there,"
                    + " please make sure that node is really down");
        } else {
            stopOnSource(ctx, i, source, shutdownTimeout, ignoreConsistency);
        }
        InstanceMigration.commitPrimary(ctx, i, target);
        if (!"up".equals(i.adminState())) {
            ctx.log("Instance " + i.name() + " is marked " + i.adminState() + "; not starting it on " + target.name());
            return;
        }
        try {
            ctx.rpcStep("failover-start", target.name(), new NodeCommand.InstanceStart(i.hypervisor(),
                    LuSupport.spec(ctx.config().cluster(), i), i.diskTemplate(), LuSupport.diskRefs(i), false),
                    Duration.ofMinutes(5));
        } catch (ConfigStore.FencedException e) {
            throw e;
        } catch (PluginException e) {
            throw new PluginException(ErrorKind.STATE, "Instance " + i.name() + " now has primary node "
                    + target.name() + " but could not be started there: " + e.getMessage()
                    + "; it is stopped (admin state still up), start it with 'gnt-instance startup'");
        }
        ctx.log("Instance " + i.name() + " now runs on " + target.name());
    }

    private static void stopOnSource(LuContext ctx, InstanceConfig i, NodeConfig source, long timeout,
                                     boolean ignoreConsistency) {
        try {
            if (ctx.stepDone("failover-stop") || InstanceRuntime.query(ctx, source, i).isPresent()) {
                ctx.rpcStep("failover-stop", source.name(), new NodeCommand.InstanceStop(i.hypervisor(),
                        LuSupport.spec(ctx.config().cluster(), i), StopMode.SOFT, timeout, i.diskTemplate(),
                        LuSupport.diskRefs(i)), Duration.ofSeconds(timeout + 60));
            } else {
                ctx.log("Instance " + i.name() + " is not running on " + source.name());
            }
        } catch (ConfigStore.FencedException e) {
            throw e;
        } catch (PluginException e) {
            if (!ignoreConsistency) {
                throw new PluginException(ErrorKind.STATE, "Could not shut down instance " + i.name() + " on node "
                        + source.name() + ": " + e.getMessage() + "; nothing changed, the instance is still on "
                        + source.name());
            }
            ctx.log("WARNING: could not shut down instance " + i.name() + " on node " + source.name()
                    + ", proceeding anyway (ignore_consistency); please make sure it is down there: "
                    + e.getMessage());
        }
    }
}
