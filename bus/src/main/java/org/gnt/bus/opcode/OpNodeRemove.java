package org.gnt.bus.opcode;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** OP_NODE_REMOVE ({@code gnt-node remove}); refused while instances use the node. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpNodeRemove(String nodeName, String nodeUuid) implements OpCode {
    public static final String OP_ID = "OP_NODE_REMOVE";

    public static OpNodeRemove of(String name) {
        return new OpNodeRemove(name, null);
    }

    @Override
    public void validate() {
        OpCodes.requireName(OP_ID, "node_name", nodeName);
    }

    @Override
    public String summary() {
        return "NODE_REMOVE(" + nodeName + ")";
    }
}
