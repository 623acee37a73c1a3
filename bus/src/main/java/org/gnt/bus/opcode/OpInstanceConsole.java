package org.gnt.bus.opcode;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** OP_INSTANCE_CONSOLE: how to reach a running instance's console (Ganeti's InstanceConsole dict). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpInstanceConsole(String instanceName, String instanceUuid) implements OpCode {
    public static final String OP_ID = "OP_INSTANCE_CONSOLE";

    @Override
    public void validate() {
        OpCodes.requireName(OP_ID, "instance_name", instanceName);
    }

    @Override
    public String summary() {
        return "INSTANCE_CONSOLE(" + instanceName + ")";
    }
}
