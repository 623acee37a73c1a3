package org.gnt.coordinator.lu;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.rpc.NodeCommand;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.disk.DiskRef;
import org.gnt.plugins.hypervisor.InstanceSpec;
import org.gnt.plugins.hypervisor.MigrationStatus;

/**
 * The execution of a live migration and of its cleanup (Ganeti's TLMigrateInstance._ExecMigration
 * and _ExecCleanup). Each node call is a recorded step, so a master taking over mid-way resumes
 * where the previous one stopped; the status poll is not a step (it only reads).
 */
final class InstanceMigration {
    private static final Duration CALL = Duration.ofMinutes(5);
    /** Polling interval of the source's migration status (Ganeti polls every second or so). */
    private static final long POLL_MS = 500;
    /** A migration whose counters do not move for this long is cancelled as stuck. */
    static final Duration STALL_TIMEOUT = Duration.ofMinutes(2);

    private final LuContext ctx;
    private final InstanceConfig i;
    private final NodeConfig source;
    private final NodeConfig target;
    private final InstanceSpec spec;
    private final List<DiskRef> disks;

    InstanceMigration(LuContext ctx, InstanceConfig i, NodeConfig source, NodeConfig target) {
        this.ctx = ctx;
        this.i = i;
        this.source = source;
        this.target = target;
        this.spec = LuSupport.spec(ctx.config().cluster(), i);
        this.disks = LuSupport.diskRefs(i);
    }

    /** Migrates; on success the config names the target as primary, on failure nothing changed. */
    void migrate(boolean live) {
        String address = MigrationChecks.migrationAddress(target);
        int port = MigrationChecks.migrationPort(spec.hvParams());
        ctx.log("Migrating instance " + i.name() + " (" + (live ? "live" : "non-live") + ") from " + source.name()
                + " to " + target.name() + " via " + address + ":" + port);
        String info = ctx.rpcStep("migration-info", source.name(), new NodeCommand.MigrationInfo(i.hypervisor(), i.name()),
                CALL).asText("");
        ctx.rpcStep("accept", target.name(), new NodeCommand.AcceptInstance(i.hypervisor(), spec, i.diskTemplate(),
                disks, info, address, port), CALL);
        MigrationStatus end;
        try {
            ctx.rpcStep("migrate", source.name(), new NodeCommand.InstanceMigrate(i.hypervisor(), spec, address, port,
                    live), CALL);
            end = poll();
        } catch (PluginException e) {
            if (e instanceof org.gnt.coordinator.config.ConfigStore.FencedException) {
                throw e;
            }
            end = new MigrationStatus(MigrationStatus.FAILED, 0, 0, 0, 0, 0, e.getMessage());
        }
        if (!end.status().equals(MigrationStatus.COMPLETED)) {
            abort(end);
        }
        ctx.log("Migration completed in " + seconds(end.totalTimeMs()) + ", downtime " + end.downtimeMs() + " ms");
        ctx.rpcStep("finalize-dst", target.name(), new NodeCommand.FinalizeMigrationDst(i.hypervisor(), spec, true,
                i.diskTemplate(), disks), CALL);
        ctx.rpcStep("finalize-src", source.name(), new NodeCommand.FinalizeMigrationSrc(i.hypervisor(), spec, true,
                i.diskTemplate(), disks), CALL);
        commitPrimary(ctx, i, target);
        ctx.log("Instance " + i.name() + " now runs on " + target.name());
    }

    private MigrationStatus poll() {
        long lastChange = System.nanoTime();
        MigrationStatus last = null;
        while (true) {
            MigrationStatus s = ctx.rpc(source.name(), new NodeCommand.MigrationStatusQuery(i.hypervisor(), i.name()),
                    Duration.ofSeconds(30), MigrationStatus.class);
            if (s == null) {
                s = new MigrationStatus(MigrationStatus.NONE, 0, 0, 0, 0, 0, "no status from " + source.name());
            }
            if (s.finished()) {
                ctx.log(progress(s));
                return s;
            }
            if (last == null || s.transferredBytes() != last.transferredBytes()
                    || s.remainingBytes() != last.remainingBytes()) {
                lastChange = System.nanoTime();
                ctx.log(progress(s));
            } else if (System.nanoTime() - lastChange > STALL_TIMEOUT.toNanos()) {
                return new MigrationStatus(MigrationStatus.FAILED, s.transferredBytes(), s.remainingBytes(),
                        s.totalBytes(), 0, 0, "no progress for " + STALL_TIMEOUT.toSeconds() + " s");
            }
            last = s;
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PluginException(ErrorKind.STATE, "Interrupted while migrating " + i.name()
                        + "; run 'gnt-instance migrate --cleanup' to find where it runs");
            }
        }
    }

    private static String progress(MigrationStatus s) {
        return String.format(Locale.ROOT, "Migration %s: transferred %d MiB, remaining %d MiB, total %d MiB",
                s.status(), s.transferredBytes() >> 20, s.remainingBytes() >> 20, s.totalBytes() >> 20);
    }

    /** Stops the migration and undoes both sides; the guest runs on the source, the config is unchanged. */
    private void abort(MigrationStatus end) {
        String why = end.error().isEmpty() ? "status " + end.status() : end.error();
        ctx.log("Migration failed (" + why + "); aborting, the instance stays on " + source.name());
        String cleanupError = "";
        try {
            ctx.rpcStep("abort-cancel", source.name(), new NodeCommand.MigrationCancel(i.hypervisor(), i.name()), CALL);
        } catch (PluginException e) {
            ctx.log("WARNING: cancelling the migration on " + source.name() + " failed: " + e.getMessage());
        }
        try {
            ctx.rpcStep("abort-dst", target.name(), new NodeCommand.FinalizeMigrationDst(i.hypervisor(), spec, false,
                    i.diskTemplate(), disks), CALL);
        } catch (PluginException e) {
            cleanupError += "; cleaning up on " + target.name() + " failed: " + e.getMessage();
        }
        try {
            ctx.rpcStep("abort-src", source.name(), new NodeCommand.FinalizeMigrationSrc(i.hypervisor(), spec, false,
                    i.diskTemplate(), disks), CALL);
        } catch (PluginException e) {
            cleanupError += "; resuming on " + source.name() + " failed: " + e.getMessage();
        }
        throw new PluginException(ErrorKind.STATE, "Migration of instance " + i.name() + " to " + target.name()
                + " failed: " + why + "; the instance is still on " + source.name() + cleanupError
                + (cleanupError.isEmpty() ? "" : " (run 'gnt-instance migrate --cleanup')"));
    }

    /**
     * Recovers from a migration that did not finish: asks both nodes whether the instance runs
     * there and finishes the side that won, as Ganeti's cleanup does.
     */
    void cleanup() {
        boolean onSource = InstanceRuntime.query(ctx, source, i).isPresent();
        boolean onTarget = InstanceRuntime.query(ctx, target, i).isPresent();
        if (onSource && onTarget) {
            throw new PluginException(ErrorKind.STATE, "Instance " + i.name() + " seems to be running on two nodes ("
                    + source.name() + " and " + target.name() + "); please fix manually");
        }
        if (!onSource && !onTarget) {
            throw new PluginException(ErrorKind.STATE, "Instance " + i.name() + " does not seem to be running at all;"
                    + " it is safer to repair it by running 'gnt-instance stop' to ensure disk shutdown, and then"
                    + " restarting it");
        }
        if (onTarget) {
            ctx.log("* instance running on the target node (" + target.name() + "), updating the configuration");
            ctx.rpcStep("cleanup-dst", target.name(), new NodeCommand.FinalizeMigrationDst(i.hypervisor(), spec, true,
                    i.diskTemplate(), disks), CALL);
            ctx.rpcStep("cleanup-src", source.name(), new NodeCommand.FinalizeMigrationSrc(i.hypervisor(), spec, true,
                    i.diskTemplate(), disks), CALL);
            commitPrimary(ctx, i, target);
        } else {
            ctx.log("* instance confirmed to be running on its primary node (" + source.name() + ")");
            ctx.rpcStep("cleanup-dst", target.name(), new NodeCommand.FinalizeMigrationDst(i.hypervisor(), spec, false,
                    i.diskTemplate(), disks), CALL);
            ctx.rpcStep("cleanup-src", source.name(), new NodeCommand.FinalizeMigrationSrc(i.hypervisor(), spec, false,
                    i.diskTemplate(), disks), CALL);
        }
        ctx.log("Done");
    }

    /** Records {@code target} as the instance's primary node (bumping its serial); a re-run finds it done. */
    static void commitPrimary(LuContext ctx, InstanceConfig i, NodeConfig target) {
        InstanceConfig now = LuSupport.instance(ctx.config(), i.name());
        if (now.primaryNode().equals(target.uuid())) {
            return;
        }
        ctx.config().updateInstance(new InstanceConfig(now.v(), now.uuid(), now.name(), target.uuid(), now.os(),
                now.hypervisor(), now.hvparams(), now.beparams(), now.osparams(), now.diskTemplate(), now.disks(),
                now.nics(), now.adminState(), now.adminStateSource(), now.tags(), now.ctime(), Instant.now(),
                now.serial() + 1, now.secondaryNodes()));
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
