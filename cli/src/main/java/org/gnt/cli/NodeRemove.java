package org.gnt.cli;

import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.opcode.OpNodeRemove;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code gnt-node remove} (OP_NODE_REMOVE); the master refuses while instances use the node. */
@Command(name = "remove", description = "Remove a node from the cluster")
final class NodeRemove extends GntCommand {
    @Mixin
    JobOptions job = new JobOptions();

    @Parameters(paramLabel = "NODE", description = "The node")
    String name;

    @Override
    protected int run() {
        ObjectNode op = JsonNodeFactory.instance.objectNode();
        op.put("OP_ID", OpNodeRemove.OP_ID);
        op.put("node_name", name);
        try (Session s = session()) {
            return new JobRunner(s, out(), err()).run(List.of(JobRunner.Job.of(op, name)), job, program());
        }
    }
}
