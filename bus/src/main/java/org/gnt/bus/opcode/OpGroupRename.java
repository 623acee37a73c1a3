package org.gnt.bus.opcode;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** OP_GROUP_RENAME: the job's result is the new name. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpGroupRename(String groupName, String newName) implements OpCode {
    public static final String OP_ID = "OP_GROUP_RENAME";

    @Override
    public void validate() {
        OpCodes.requireName(OP_ID, "group_name", groupName);
        OpCodes.requireName(OP_ID, "new_name", newName);
    }

    @Override
    public String summary() {
        return "GROUP_RENAME(" + groupName + ")";
    }
}
