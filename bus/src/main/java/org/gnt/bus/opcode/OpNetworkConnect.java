package org.gnt.bus.opcode;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.gnt.bus.config.GroupNetwork;

/** OP_NETWORK_CONNECT: makes a network available to a node group with a NIC mode and link. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpNetworkConnect(String groupName, String networkName, String networkMode, String networkLink,
                               String networkVlan, Boolean conflictsCheck) implements OpCode {
    public static final String OP_ID = "OP_NETWORK_CONNECT";

    @Override
    public void validate() {
        OpCodes.requireName(OP_ID, "group_name", groupName);
        OpCodes.requireName(OP_ID, "network_name", networkName);
        OpCodes.require(OP_ID, "network_mode", networkMode);
        OpCodes.check(OP_ID, "network_mode", GroupNetwork.MODES.contains(networkMode),
                "must be one of " + String.join(", ", GroupNetwork.MODES) + ", got '" + networkMode + "'");
        OpCodes.require(OP_ID, "network_link", networkLink);
        OpCodes.check(OP_ID, "network_link", !networkLink.isBlank(), "must not be empty");
    }

    public GroupNetwork link() {
        return new GroupNetwork(networkMode, networkLink, networkVlan);
    }

    public boolean checkConflicts() {
        return conflictsCheck == null || conflictsCheck;
    }

    @Override
    public String summary() {
        return "NETWORK_CONNECT(" + networkName + ")";
    }
}
