package org.gnt.bus.opcode;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** OP_INSTANCE_REMOVE. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpInstanceRemove(String instanceName, String instanceUuid, Double shutdownTimeout,
                               Boolean ignoreFailures) implements OpCode {
    public static final String OP_ID = "OP_INSTANCE_REMOVE";

    public OpInstanceRemove {
        shutdownTimeout = shutdownTimeout == null ? 120.0 : shutdownTimeout;
        ignoreFailures = ignoreFailures == null ? Boolean.FALSE : ignoreFailures;
    }

    public static OpInstanceRemove of(String name) {
        return new OpInstanceRemove(name, null, null, null);
    }

    @Override
    public void validate() {
        OpCodes.requireName(OP_ID, "instance_name", instanceName);
        OpCodes.check(OP_ID, "shutdown_timeout", shutdownTimeout >= 0, "must not be negative");
    }

    @Override
    public String summary() {
        return "INSTANCE_REMOVE(" + instanceName + ")";
    }
}
