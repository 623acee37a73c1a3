package org.gnt.bus.opcode;

import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.gnt.bus.config.GroupParams;

/** OP_GROUP_ADD: a new, empty node group. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpGroupAdd(String groupName, String allocPolicy, Map<String, Object> ndparams,
                         Map<String, Map<String, Object>> diskparams, Map<String, Object> hvState,
                         Map<String, Object> diskState, Map<String, Object> ipolicy) implements OpCode {
    public static final String OP_ID = "OP_GROUP_ADD";

    public static OpGroupAdd of(String name) {
        return new OpGroupAdd(name, null, null, null, null, null, null);
    }

    @Override
    public void validate() {
        OpCodes.requireName(OP_ID, "group_name", groupName);
        GroupParams.checkAllocPolicy(allocPolicy);
        // syntax only; the LU computes the stored values the same way
        GroupParams.updatedNd(Map.of(), ndparams == null ? Map.of() : ndparams);
        GroupParams.updatedDisk(Map.of(), diskparams == null ? Map.of() : diskparams);
        GroupParams.updatedIpolicy(Map.of(), ipolicy == null ? Map.of() : ipolicy);
    }

    @Override
    public String summary() {
        return "GROUP_ADD(" + groupName + ")";
    }
}
