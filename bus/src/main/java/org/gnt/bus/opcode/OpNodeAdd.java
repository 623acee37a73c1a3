package org.gnt.bus.opcode;

import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** OP_NODE_ADD: accepts a node service that announced itself into the cluster. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpNodeAdd(String nodeName, Map<String, Object> hvState, Map<String, Object> diskState, String primaryIp,
                        String secondaryIp, Boolean readd, String group, Boolean masterCapable, Boolean vmCapable,
                        Map<String, Object> ndparams, Boolean nodeSetup) implements OpCode {
    public static final String OP_ID = "OP_NODE_ADD";

    public OpNodeAdd {
        readd = readd == null ? Boolean.FALSE : readd;
        nodeSetup = nodeSetup == null ? Boolean.FALSE : nodeSetup;
    }

    public static OpNodeAdd of(String name, String primaryIp) {
        return new OpNodeAdd(name, null, null, primaryIp, null, null, null, null, null, null, null);
    }

    @Override
    public void validate() {
        OpCodes.requireName(OP_ID, "node_name", nodeName);
    }

    @Override
    public String summary() {
        return "NODE_ADD(" + nodeName + ")";
    }
}
