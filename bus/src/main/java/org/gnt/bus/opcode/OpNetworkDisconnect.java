package org.gnt.bus.opcode;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** OP_NETWORK_DISCONNECT: removes a network from a node group whose instances do not use it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpNetworkDisconnect(String groupName, String networkName) implements OpCode {
    public static final String OP_ID = "OP_NETWORK_DISCONNECT";

    @Override
    public void validate() {
        OpCodes.requireName(OP_ID, "group_name", groupName);
        OpCodes.requireName(OP_ID, "network_name", networkName);
    }

    @Override
    public String summary() {
        return "NETWORK_DISCONNECT(" + networkName + ")";
    }
}
