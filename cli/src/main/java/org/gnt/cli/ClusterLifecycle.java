package org.gnt.cli;

import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.opcode.OpClusterDestroy;
import org.gnt.bus.opcode.OpClusterRedistConf;
import org.gnt.bus.opcode.OpClusterRename;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gnt-cluster rename}, {@code redist-conf} and {@code destroy}: one job each, run by the master. */
final class ClusterLifecycle {
    private ClusterLifecycle() {
    }

    /** {@code gnt-cluster rename [-f] NEW_NAME}: the display name; the cluster id (ZooKeeper, Kafka) stays. */
    @Command(name = "rename", description = "Rename the cluster")
    static final class Rename extends GntCommand {
        @Mixin
        JobOptions job = new JobOptions();

        @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation")
        boolean force;

        @Parameters(paramLabel = "NEW_NAME", description = "The cluster's new name")
        String name;

        @Override
        protected int run() {
            if (!force && !job.submit && !Confirm.ask(ctx(), "This will rename the cluster to '" + name
                    + "'. Continue?")) {
                return ExitCodes.FAILURE;
            }
            ObjectNode op = JsonNodeFactory.instance.objectNode();
            op.put("OP_ID", OpClusterRename.OP_ID);
            op.put("name", name);
            try (Session s = session()) {
                return new JobRunner(s, out(), err()).run(List.of(JobRunner.Job.of(op, "cluster")), job, program());
            }
        }
    }

    /** {@code gnt-cluster redist-conf}: the master writes its copy of the config back to ZooKeeper. */
    @Command(name = "redist-conf", description = "Rewrite every configuration object from the master's copy")
    static final class RedistConf extends GntCommand {
        @Mixin
        JobOptions job = new JobOptions();

        @Override
        protected int run() {
            ObjectNode op = JsonNodeFactory.instance.objectNode();
            op.put("OP_ID", OpClusterRedistConf.OP_ID);
            try (Session s = session()) {
                return new JobRunner(s, out(), err()).run(List.of(JobRunner.Job.of(op, "cluster")), job, program());
            }
        }
    }

    /**
     * {@code gnt-cluster destroy --yes-do-it}: a job, so the checks (no instances, at most one
     * node) and the removal run on the master under all locks, and the master stops writing.
     */
    @Command(name = "destroy", description = "Remove the cluster's configuration")
    static final class Destroy extends GntCommand {
        @Option(names = "--yes-do-it", description = "Required: destroying a cluster cannot be undone")
        boolean yes;

        @Override
        protected int run() {
            if (!yes) {
                throw new CliException("Destroying a cluster is irreversible. If you really want to destroy this"
                        + " cluster, supply the --yes-do-it option.");
            }
            ObjectNode op = JsonNodeFactory.instance.objectNode();
            op.put("OP_ID", OpClusterDestroy.OP_ID);
            try (Session s = session()) {
                int rc = new JobRunner(s, out(), err()).run(List.of(JobRunner.Job.of(op, "cluster")), new JobOptions(),
                        program());
                if (rc == ExitCodes.SUCCESS) {
                    out().println("Cluster destroyed. Stop its coordinators, node services and gateways before a new"
                            + " gnt-cluster init (job history in Kafka is kept).");
                }
                return rc;
            }
        }
    }
}
