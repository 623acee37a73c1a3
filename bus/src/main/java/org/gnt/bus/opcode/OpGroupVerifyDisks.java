package org.gnt.bus.opcode;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * OP_GROUP_VERIFY_DISKS: the disks of one group's instances against what its nodes report. The
 * result is Ganeti's triple: {@code {node: error}} for nodes that could not be asked,
 * {@code [instance]} whose disks need activating, {@code {instance: [[node, volume]]}} missing.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpGroupVerifyDisks(String groupName) implements OpCode {
    public static final String OP_ID = "OP_GROUP_VERIFY_DISKS";

    @Override
    public void validate() {
        OpCodes.requireName(OP_ID, "group_name", groupName);
    }

    @Override
    public String summary() {
        return "GROUP_VERIFY_DISKS(" + groupName + ")";
    }
}
