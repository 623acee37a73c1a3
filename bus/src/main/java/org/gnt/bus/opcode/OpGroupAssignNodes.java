package org.gnt.bus.opcode;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** OP_GROUP_ASSIGN_NODES: moves nodes into a group; {@code force} allows splitting instances across groups. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpGroupAssignNodes(String groupName, Boolean force, List<String> nodes, List<String> nodeUuids)
        implements OpCode {
    public static final String OP_ID = "OP_GROUP_ASSIGN_NODES";

    public OpGroupAssignNodes {
        force = force == null ? Boolean.FALSE : force;
        nodes = nodes == null ? null : List.copyOf(nodes);
        nodeUuids = nodeUuids == null ? null : List.copyOf(nodeUuids);
    }

    @Override
    public void validate() {
        OpCodes.requireName(OP_ID, "group_name", groupName);
        OpCodes.require(OP_ID, "nodes", nodes);
        OpCodes.check(OP_ID, "nodes", !nodes.isEmpty(), "must name at least one node");
        for (String n : nodes) {
            OpCodes.requireName(OP_ID, "nodes", n);
        }
    }

    @Override
    public String summary() {
        return "GROUP_ASSIGN_NODES(" + groupName + ")";
    }
}
