package org.gnt.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.opcode.OpGroupVerifyDisks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gnt-cluster verify-disks}: one OP_GROUP_VERIFY_DISKS job per node group (what Ganeti's
 * OP_CLUSTER_VERIFY_DISKS submits; as with {@code verify}, the client submits them itself), then
 * Ganeti's report of each result: nodes that could not be asked, instances with missing disks.
 * There is nothing to activate: our disks have no inactive state. Exit code 1 on any problem.
 */
@Command(name = "verify-disks", description = "Check the disks of the instances that should be running")
final class ClusterVerifyDisks extends GntCommand {
    @Mixin
    JobOptions job = new JobOptions();

    @Option(names = "--node-group", paramLabel = "GROUP", description = "Only this group's nodes and instances")
    String group;

    @Override
    protected int run() {
        try (Session s = session()) {
            List<String> groups = group != null ? List.of(group)
                    : s.config().groups().stream().map(GroupConfig::name).sorted().toList();
            List<JobRunner.Job> jobs = new ArrayList<>();
            for (String g : groups) {
                ObjectNode op = JsonNodeFactory.instance.objectNode();
                op.put("OP_ID", OpGroupVerifyDisks.OP_ID);
                op.put("group_name", g);
                jobs.add(JobRunner.Job.of(op, "group " + g));
            }
            JobRunner runner = new JobRunner(s, out(), err());
            int rc = runner.run(jobs, job, program());
            if (job.submit) {
                return rc;
            }
            for (JobState j : runner.finished()) {
                if (j.status() != JobStatus.SUCCESS) {
                    out().println("Job failed: " + j.ops().get(0).result());
                    rc = ExitCodes.FAILURE;
                } else if (!report(j.ops().get(0).result())) {
                    rc = ExitCodes.FAILURE;
                }
            }
            return rc;
        }
    }

    /** Prints one group's {@code [bad nodes, to activate, missing]}; false when it found a problem. */
    private boolean report(JsonNode result) {
        JsonNode badNodes = result.get(0);
        JsonNode missing = result.get(2);
        boolean ok = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = badNodes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String text = e.getValue().asText();
            out().println("Error gathering data on node " + e.getKey() + ": "
                    + text.substring(Math.max(0, text.length() - 400)));
            ok = false;
        }
        if (!ok) {
            out().println("You need to fix these nodes first before fixing instances");
        }
        if (missing.size() > 0) {
            for (Iterator<Map.Entry<String, JsonNode>> it = missing.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                List<String[]> disks = new ArrayList<>();
                e.getValue().forEach(d -> disks.add(new String[] {d.get(0).asText(), d.get(1).asText()}));
                disks.sort((a, b) -> (a[0] + " " + a[1]).compareTo(b[0] + " " + b[1]));
                if (disks.stream().allMatch(d -> badNodes.has(d[0]))) {
                    out().println("Instance " + e.getKey() + " cannot be verified as it lives on broken nodes");
                    continue;
                }
                out().println("Instance " + e.getKey() + " has missing disks:");
                for (String[] d : disks) {
                    out().println("\t" + (badNodes.has(d[0]) ? "broken node " : "") + d[0] + " " + d[1]);
                }
            }
            out().println("You need to replace or recreate disks for all the above instances if this message"
                    + " persists after fixing broken nodes.");
            ok = false;
        } else if (result.get(1).isEmpty()) {
            out().println("No disks need to be activated.");
        }
        return ok;
    }
}
