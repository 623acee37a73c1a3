package org.gnt.cli;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.Json;
import org.gnt.bus.opcode.OpInstanceRemove;
import org.gnt.bus.opcode.OpInstanceShutdown;
import org.gnt.bus.opcode.OpInstanceStartup;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gnt-instance}: instance administration. */
@Command(name = "gnt-instance", description = "Instance administration",
        subcommands = {InstanceAdd.class, InstanceList.class, InstanceInfo.class, InstanceCommands.Startup.class,
                InstanceCommands.Shutdown.class, InstanceCommands.Remove.class,
                InstanceMoveCommands.Migrate.class, InstanceMoveCommands.Failover.class, InstanceMoveCommands.Reboot.class,
                InstanceModify.class, InstanceGrowDisk.class, InstanceConsole.class,
                TagCommands.InstanceAdd.class, TagCommands.InstanceRemove.class, TagCommands.InstanceList.class})
public final class InstanceCommands extends GroupCommand {

    /** What startup and shutdown share: one job per named instance, a confirmation for several. */
    abstract static class PowerCommand extends GntCommand {
        @Mixin
        JobOptions job = new JobOptions();

        @Option(names = "--force", description = "Force the operation (see the manual page)")
        boolean force;

        @Option(names = "--ignore-offline", description = "Ignore an offline primary node")
        boolean ignoreOffline;

        @Option(names = "--no-remember", description = "Do not record the new state in the configuration")
        boolean noRemember;

        @Option(names = "--force-multiple", description = "Do not ask for confirmation when several instances are affected")
        boolean forceMultiple;

        @Parameters(paramLabel = "INSTANCE", arity = "1..*", description = "Instance names")
        List<String> names = new ArrayList<>();

        abstract String opId();

        abstract String verb();

        void fill(ObjectNode op) {
        }

        @Override
        protected int run() {
            if (names.size() > 1 && !forceMultiple && !job.submit) {
                if (!Confirm.ask(ctx(), "The following instances will be " + verb() + ":\n  "
                        + String.join("\n  ", names) + "\nDo you want to continue?")) {
                    return ExitCodes.FAILURE;
                }
            }
            List<JobRunner.Job> jobs = new ArrayList<>();
            for (String n : names) {
                ObjectNode op = Json.MAPPER.createObjectNode();
                op.put("OP_ID", opId());
                op.put("instance_name", n);
                op.put("force", force);
                op.put("ignore_offline_nodes", ignoreOffline);
                op.put("no_remember", noRemember);
                fill(op);
                jobs.add(JobRunner.Job.of(op, n));
            }
            try (Session s = session()) {
                return new JobRunner(s, out(), err()).run(jobs, job, program());
            }
        }
    }

    /** {@code gnt-instance startup} (OP_INSTANCE_STARTUP). */
    @Command(name = "startup", aliases = "start", description = "Start instances")
    static final class Startup extends PowerCommand {
        @Option(names = "--paused", description = "Start paused (resume from the console)")
        boolean paused;

        @Override
        String opId() {
            return OpInstanceStartup.OP_ID;
        }

        @Override
        String verb() {
            return "started";
        }

        @Override
        void fill(ObjectNode op) {
            op.put("startup_paused", paused);
        }
    }

    /** {@code gnt-instance shutdown} (OP_INSTANCE_SHUTDOWN). */
    @Command(name = "shutdown", aliases = "stop", description = "Stop instances")
    static final class Shutdown extends PowerCommand {
        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
                description = "Seconds to wait for a clean stop before forcing it (default: ${DEFAULT-VALUE})")
        int timeout;

        @Override
        String opId() {
            return OpInstanceShutdown.OP_ID;
        }

        @Override
        String verb() {
            return "shut down";
        }

        @Override
        void fill(ObjectNode op) {
            if (timeout < 0) {
                throw new PluginException(ErrorKind.INVAL, "--timeout must not be negative");
            }
            op.put("timeout", (double) timeout);
        }
    }

    /** {@code gnt-instance remove} (OP_INSTANCE_REMOVE); asks first unless {@code -f}. */
    @Command(name = "remove", description = "Remove an instance and its disks")
    static final class Remove extends GntCommand {
        @Mixin
        JobOptions job = new JobOptions();

        @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation")
        boolean force;

        @Option(names = "--shutdown-timeout", paramLabel = "SECONDS", defaultValue = "120",
                description = "Seconds to wait for a clean stop before forcing it (default: ${DEFAULT-VALUE})")
        int shutdownTimeout;

        @Option(names = "--ignore-failures", description = "Go on despite errors while stopping or removing disks")
        boolean ignoreFailures;

        @Parameters(paramLabel = "INSTANCE", description = "The instance to remove")
        String name;

        @Override
        protected int run() {
            if (shutdownTimeout < 0) {
                throw new PluginException(ErrorKind.INVAL, "--shutdown-timeout must not be negative");
            }
            try (Session s = session()) {
                if (!force) {
                    if (s.config().instance(name).isEmpty()) {
                        throw new PluginException(ErrorKind.NOENT, "Instance '" + name + "' not known");
                    }
                    if (!Confirm.ask(ctx(), "This will remove instance " + name
                            + " and delete its disks with all the data on them. Continue?")) {
                        return ExitCodes.FAILURE;
                    }
                }
                ObjectNode op = Json.MAPPER.createObjectNode();
                op.put("OP_ID", OpInstanceRemove.OP_ID);
                op.put("instance_name", name);
                op.put("shutdown_timeout", (double) shutdownTimeout);
                op.put("ignore_failures", ignoreFailures);
                return new JobRunner(s, out(), err()).run(List.of(JobRunner.Job.of(op, name)), job, program());
            }
        }
    }
}
