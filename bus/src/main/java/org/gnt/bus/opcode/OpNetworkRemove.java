package org.gnt.bus.opcode;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** OP_NETWORK_REMOVE: only a network connected to no group and used by no instance NIC. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpNetworkRemove(String networkName, Boolean force) implements OpCode {
    public static final String OP_ID = "OP_NETWORK_REMOVE";

    @Override
    public void validate() {
        OpCodes.requireName(OP_ID, "network_name", networkName);
    }

    @Override
    public String summary() {
        return "NETWORK_REMOVE(" + networkName + ")";
    }
}
