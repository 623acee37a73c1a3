package org.gnt.cli;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.Json;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.opcode.OpNodeSetParams;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gnt-node modify} (OP_NODE_SET_PARAMS). Prints Ganeti's {@code Modified node N} and one
 * {@code  - param -> value} line per change the master reports.
 */
@Command(name = "modify", description = "Change a node's role or parameters")
final class NodeModify extends GntCommand {
    @Mixin
    JobOptions job = new JobOptions();

    @Option(names = {"-C", "--master-candidate"}, paramLabel = "yes|no", description = "Make or unmake a master candidate")
    String masterCandidate;

    @Option(names = {"-D", "--drained"}, paramLabel = "yes|no", description = "Drain (no new instances) or undrain")
    String drained;

    @Option(names = {"-O", "--offline"}, paramLabel = "yes|no", description = "Mark offline (no RPCs) or online")
    String offline;

    @Option(names = "--master-capable", paramLabel = "yes|no", description = "Whether it may become a master candidate")
    String masterCapable;

    @Option(names = "--vm-capable", paramLabel = "yes|no", description = "Whether it may host instances")
    String vmCapable;

    @Option(names = {"-s", "--secondary-ip"}, paramLabel = "IP", description = "New secondary address")
    String secondaryIp;

    @Option(names = "--node-parameters", paramLabel = "PARAM=VALUE,...",
            description = "Node parameters (oob_program, spindle_count, exclusive_storage, ssh_port, ...)")
    String ndparams;

    @Option(names = "--auto-promote", description = "Promote other nodes if the master candidate pool gets short")
    boolean autoPromote;

    @Option(names = {"-f", "--force"}, description = "Force the operation")
    boolean force;

    @Parameters(paramLabel = "NODE", description = "The node")
    String name;

    @Override
    protected int run() {
        ObjectNode op = JsonNodeFactory.instance.objectNode();
        op.put("OP_ID", OpNodeSetParams.OP_ID);
        op.put("node_name", name);
        flag(op, "master_candidate", masterCandidate, "--master-candidate");
        flag(op, "drained", drained, "--drained");
        flag(op, "offline", offline, "--offline");
        flag(op, "master_capable", masterCapable, "--master-capable");
        flag(op, "vm_capable", vmCapable, "--vm-capable");
        NodeCommands.putIfSet(op, "secondary_ip", secondaryIp);
        if (ndparams != null) {
            op.set("ndparams", Json.tree(OptionValues.keyValues(ndparams, "--node-parameters")));
        }
        if (op.size() == 2) {
            throw new PluginException(ErrorKind.INVAL, "Please give at least one of the parameters.");
        }
        op.put("auto_promote", autoPromote);
        op.put("force", force);
        try (Session s = session()) {
            JobRunner runner = new JobRunner(s, out(), err());
            int rc = runner.run(List.of(JobRunner.Job.of(op, name)), job, program());
            for (JobState j : runner.finished()) {
                if (j.status() == JobStatus.SUCCESS && j.ops().get(0).result() != null
                        && j.ops().get(0).result().size() > 0) {
                    out().println("Modified node " + name);
                    for (JsonNode change : j.ops().get(0).result()) {
                        out().println(String.format(" - %-5s -> %s", change.get(0).asText(), change.get(1).asText()));
                    }
                }
            }
            return rc;
        }
    }

    private static void flag(ObjectNode op, String field, String value, String option) {
        if (value != null) {
            op.put(field, OptionValues.bool(value, option));
        }
    }
}
