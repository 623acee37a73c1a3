package org.gnt.bus.opcode;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** OP_INSTANCE_REBOOT; {@code reboot_type} is required, as in Ganeti (gnt-instance and RAPI default to hard). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpInstanceReboot(String instanceName, String instanceUuid, Double shutdownTimeout,
                               Boolean ignoreSecondaries, String rebootType) implements OpCode {
    public static final String OP_ID = "OP_INSTANCE_REBOOT";
    public static final String SOFT = "soft";
    public static final String HARD = "hard";
    public static final String FULL = "full";

    public OpInstanceReboot {
        shutdownTimeout = shutdownTimeout == null ? 120.0 : shutdownTimeout;
        ignoreSecondaries = ignoreSecondaries == null ? Boolean.FALSE : ignoreSecondaries;
    }

    public static OpInstanceReboot of(String name, String type) {
        return new OpInstanceReboot(name, null, null, null, type);
    }

    @Override
    public void validate() {
        OpCodes.requireName(OP_ID, "instance_name", instanceName);
        OpCodes.require(OP_ID, "reboot_type", rebootType);
        OpCodes.check(OP_ID, "reboot_type", rebootType.equals(SOFT) || rebootType.equals(HARD) || rebootType.equals(FULL),
                "must be one of soft, hard, full, got '" + rebootType + "'");
        OpCodes.check(OP_ID, "shutdown_timeout", shutdownTimeout >= 0, "must not be negative");
    }

    @Override
    public String summary() {
        return "INSTANCE_REBOOT(" + instanceName + ")";
    }
}
