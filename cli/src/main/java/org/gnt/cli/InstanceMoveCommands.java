package org.gnt.cli;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.Json;
import org.gnt.bus.opcode.OpInstanceFailover;
import org.gnt.bus.opcode.OpInstanceMigrate;
import org.gnt.bus.opcode.OpInstanceReboot;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gnt-instance migrate}, {@code failover} and {@code reboot}. Timeouts are seconds (Ganeti's
 * man page says minutes, its code and default of 120 mean seconds).
 */
final class InstanceMoveCommands {
    private InstanceMoveCommands() {
    }

    private static int seconds(int v, String option) {
        if (v < 0) {
            throw new PluginException(ErrorKind.INVAL, option + " must not be negative");
        }
        return v;
    }

    /** Submits one opcode for one instance after an optional confirmation. */
    abstract static class OneInstance extends GntCommand {
        @Mixin
        JobOptions job = new JobOptions();

        @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation")
        boolean force;

        @Parameters(paramLabel = "INSTANCE", description = "The instance")
        String name;

        abstract ObjectNode opcode();

        abstract String question();

        @Override
        protected int run() {
            ObjectNode op = opcode();
            op.put("instance_name", name);
            try (Session s = session()) {
                if (!force && !job.submit) {
                    if (s.config().instance(name).isEmpty()) {
                        throw new PluginException(ErrorKind.NOENT, "Instance '" + name + "' not known");
                    }
                    if (!Confirm.ask(ctx(), question())) {
                        return ExitCodes.FAILURE;
                    }
                }
                return new JobRunner(s, out(), err()).run(List.of(JobRunner.Job.of(op, name)), job, program());
            }
        }
    }

    /** {@code gnt-instance migrate} (OP_INSTANCE_MIGRATE). */
    @Command(name = "migrate", description = "Migrate an instance to another node without stopping it")
    static final class Migrate extends OneInstance {
        @Option(names = "--cleanup", description = "Recover from a migration that did not finish")
        boolean cleanup;

        @Option(names = "--non-live", description = "Pause the instance for the whole copy")
        boolean nonLive;

        @Option(names = "--migration-mode", paramLabel = "MODE", description = "live or non-live")
        String mode;

        @Option(names = {"-n", "--target-node"}, paramLabel = "NODE", description = "The node to migrate to")
        String target;

        @Option(names = {"-I", "--iallocator"}, paramLabel = "NAME", description = "Iallocator (not supported yet)")
        String iallocator;

        @Option(names = "--allow-failover", description = "Fail over instead when the instance cannot migrate")
        boolean allowFailover;

        @Option(names = "--ignore-ipolicy", description = "Ignore instance policy violations")
        boolean ignoreIpolicy;

        @Option(names = "--ignore-hvversions", description = "Only warn about different hypervisor versions")
        boolean ignoreHvversions;

        @Option(names = "--no-runtime-changes", description = "Do not change the instance's runtime to migrate it")
        boolean noRuntimeChanges;

        @Override
        ObjectNode opcode() {
            if (nonLive && mode != null) {
                throw new PluginException(ErrorKind.INVAL, "--non-live and --migration-mode are exclusive");
            }
            ObjectNode op = Json.MAPPER.createObjectNode();
            op.put("OP_ID", OpInstanceMigrate.OP_ID);
            if (nonLive || mode != null) {
                op.put("mode", nonLive ? OpInstanceMigrate.NON_LIVE : mode);
            }
            op.put("cleanup", cleanup);
            op.put("allow_failover", allowFailover);
            op.put("ignore_ipolicy", ignoreIpolicy);
            op.put("ignore_hvversions", ignoreHvversions);
            op.put("allow_runtime_changes", !noRuntimeChanges);
            if (target != null) {
                op.put("target_node", target);
            }
            if (iallocator != null) {
                op.put("iallocator", iallocator);
            }
            return op;
        }

        @Override
        String question() {
            return cleanup ? "Instance " + name + " will be recovered from a failed migration. Note that the migration"
                    + " procedure (including cleanup) might impact the instance if anything goes wrong (e.g. due to"
                    + " bugs in the hypervisor). Continue?"
                    : "Instance " + name + " will be migrated. Note that migration might impact the instance if"
                    + " anything goes wrong (e.g. due to bugs in the hypervisor). Continue?";
        }
    }

    /** {@code gnt-instance failover} (OP_INSTANCE_FAILOVER). */
    @Command(name = "failover", description = "Stop an instance, move it to another node and start it there")
    static final class Failover extends OneInstance {
        @Option(names = "--ignore-consistency", description = "Go on when the instance cannot be stopped on its node")
        boolean ignoreConsistency;

        @Option(names = "--shutdown-timeout", paramLabel = "SECONDS", defaultValue = "120",
                description = "Seconds to wait for a clean stop before forcing it (default: ${DEFAULT-VALUE})")
        int shutdownTimeout;

        @Option(names = {"-n", "--target-node"}, paramLabel = "NODE", description = "The node to fail over to")
        String target;

        @Option(names = {"-I", "--iallocator"}, paramLabel = "NAME", description = "Iallocator (not supported yet)")
        String iallocator;

        @Option(names = "--ignore-ipolicy", description = "Ignore instance policy violations")
        boolean ignoreIpolicy;

        @Option(names = "--cleanup", description = "Recover from a failover that did not finish")
        boolean cleanup;

        @Override
        ObjectNode opcode() {
            ObjectNode op = Json.MAPPER.createObjectNode();
            op.put("OP_ID", OpInstanceFailover.OP_ID);
            op.put("shutdown_timeout", (double) seconds(shutdownTimeout, "--shutdown-timeout"));
            op.put("ignore_consistency", ignoreConsistency);
            op.put("ignore_ipolicy", ignoreIpolicy);
            op.put("cleanup", cleanup);
            if (target != null) {
                op.put("target_node", target);
            }
            if (iallocator != null) {
                op.put("iallocator", iallocator);
            }
            return op;
        }

        @Override
        String question() {
            return "Failover will happen to image " + name + ". This requires a shutdown of the instance. Continue?";
        }
    }

    /** {@code gnt-instance reboot} (OP_INSTANCE_REBOOT): one job per instance, confirmation for several. */
    @Command(name = "reboot", description = "Reboot instances")
    static final class Reboot extends GntCommand {
        @Mixin
        JobOptions job = new JobOptions();

        @Option(names = {"-t", "--type"}, paramLabel = "TYPE", defaultValue = "hard",
                description = "soft, hard or full (default: ${DEFAULT-VALUE})")
        String type;

        @Option(names = "--ignore-secondaries", description = "Ignore errors of secondary nodes")
        boolean ignoreSecondaries;

        @Option(names = "--shutdown-timeout", paramLabel = "SECONDS", defaultValue = "120",
                description = "Seconds to wait for a clean stop before forcing it (default: ${DEFAULT-VALUE})")
        int shutdownTimeout;

        @Option(names = "--force-multiple", description = "Do not ask for confirmation when several instances are affected")
        boolean forceMultiple;

        @Parameters(paramLabel = "INSTANCE", arity = "1..*", description = "Instance names")
        List<String> names = new ArrayList<>();

        @Override
        protected int run() {
            if (!List.of(OpInstanceReboot.SOFT, OpInstanceReboot.HARD, OpInstanceReboot.FULL).contains(type)) {
                throw new PluginException(ErrorKind.INVAL, "--type must be soft, hard or full, not '" + type + "'");
            }
            seconds(shutdownTimeout, "--shutdown-timeout");
            if (names.size() > 1 && !forceMultiple && !job.submit
                    && !Confirm.ask(ctx(), "The following instances will be rebooted:\n  " + String.join("\n  ", names)
                    + "\nDo you want to continue?")) {
                return ExitCodes.FAILURE;
            }
            List<JobRunner.Job> jobs = new ArrayList<>();
            for (String n : names) {
                ObjectNode op = Json.MAPPER.createObjectNode();
                op.put("OP_ID", OpInstanceReboot.OP_ID);
                op.put("instance_name", n);
                op.put("reboot_type", type);
                op.put("ignore_secondaries", ignoreSecondaries);
                op.put("shutdown_timeout", (double) shutdownTimeout);
                jobs.add(JobRunner.Job.of(op, n));
            }
            try (Session s = session()) {
                return new JobRunner(s, out(), err()).run(jobs, job, program());
            }
        }
    }
}
