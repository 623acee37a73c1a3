package org.gnt.cli;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.opcode.OpClusterVerifyConfig;
import org.gnt.bus.opcode.OpClusterVerifyGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gnt-cluster verify}: one job checking the configuration (OP_CLUSTER_VERIFY_CONFIG) and one
 * per node group checking its nodes and instances (OP_CLUSTER_VERIFY_GROUP), as Ganeti's
 * OP_CLUSTER_VERIFY submits them; exit code 1 when any of them found an error.
 */
@Command(name = "verify", description = "Verify the cluster's configuration, nodes and instances")
final class ClusterVerify extends GntCommand {
    @Mixin
    JobOptions job = new JobOptions();

    @Option(names = "--error-codes", description = "Print errors as ftype:ecode:edomain:name:msg")
    boolean errorCodes;

    @Option(names = {"-I", "--ignore-errors"}, paramLabel = "ERRORCODE", description = "Report this error as a warning")
    List<String> ignore = new ArrayList<>();

    @Option(names = "--node-group", paramLabel = "GROUP", description = "Only this group (skips the global checks)")
    String group;

    @Option(names = "--no-nplus1-mem", description = "Skip the N+1 memory check")
    boolean noNplus1;

    @Option(names = "--verbose", description = "Verbose output")
    boolean verbose;

    @Override
    protected int run() {
        try (Session s = session()) {
            List<JobRunner.Job> jobs = new ArrayList<>();
            if (group == null) {
                ObjectNode cfg = common(OpClusterVerifyConfig.OP_ID);
                jobs.add(JobRunner.Job.of(cfg, "cluster config"));
            }
            List<String> groups = group != null ? List.of(group)
                    : s.config().groups().stream().map(GroupConfig::name).sorted().toList();
            for (String g : groups) {
                ObjectNode op = common(OpClusterVerifyGroup.OP_ID);
                op.put("group_name", g);
                if (noNplus1) {
                    op.putArray("skip_checks").add("nplusone_mem");
                }
                jobs.add(JobRunner.Job.of(op, "group " + g));
            }
            return new JobRunner(s, out(), err()).run(jobs, job, program(),
                    j -> j.ops().stream().allMatch(o -> o.result() != null && o.result().asBoolean(false)));
        }
    }

    private ObjectNode common(String opId) {
        ObjectNode op = JsonNodeFactory.instance.objectNode();
        op.put("OP_ID", opId);
        if (errorCodes) {
            op.put("error_codes", true);
        }
        if (verbose) {
            op.put("verbose", true);
        }
        if (!ignore.isEmpty()) {
            var a = op.putArray("ignore_errors");
            ignore.forEach(a::add);
        }
        return op;
    }
}
