package org.gnt.bus.opcode;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** OP_GROUP_REMOVE: removes an empty node group. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpGroupRemove(String groupName) implements OpCode {
    public static final String OP_ID = "OP_GROUP_REMOVE";

    @Override
    public void validate() {
        OpCodes.requireName(OP_ID, "group_name", groupName);
    }

    @Override
    public String summary() {
        return "GROUP_REMOVE(" + groupName + ")";
    }
}
