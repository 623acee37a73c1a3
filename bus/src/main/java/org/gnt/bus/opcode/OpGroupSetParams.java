package org.gnt.bus.opcode;

import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.gnt.bus.config.GroupParams;

/** OP_GROUP_SET_PARAMS: changes a group's allocation policy, ndparams, diskparams or ipolicy. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpGroupSetParams(String groupName, String allocPolicy, Map<String, Object> ndparams,
                               Map<String, Map<String, Object>> diskparams, Map<String, Object> hvState,
                               Map<String, Object> diskState, Map<String, Object> ipolicy) implements OpCode {
    public static final String OP_ID = "OP_GROUP_SET_PARAMS";

    @Override
    public void validate() {
        OpCodes.requireName(OP_ID, "group_name", groupName);
        GroupParams.checkAllocPolicy(allocPolicy);
        GroupParams.updatedNd(Map.of(), ndparams == null ? Map.of() : ndparams);
        GroupParams.updatedDisk(Map.of(), diskparams == null ? Map.of() : diskparams);
        GroupParams.updatedIpolicy(Map.of(), ipolicy == null ? Map.of() : ipolicy);
        OpCodes.check(OP_ID, "alloc_policy", allocPolicy != null || ndparams != null || diskparams != null
                || ipolicy != null || hvState != null || diskState != null, "please pass at least one modification");
    }

    @Override
    public String summary() {
        return "GROUP_SET_PARAMS(" + groupName + ")";
    }
}
