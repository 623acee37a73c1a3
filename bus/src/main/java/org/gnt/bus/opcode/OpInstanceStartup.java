package org.gnt.bus.opcode;

import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** OP_INSTANCE_STARTUP. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpInstanceStartup(String instanceName, String instanceUuid, Boolean force, Boolean ignoreOfflineNodes,
                                Map<String, Object> hvparams, Map<String, Object> beparams, Boolean noRemember,
                                Boolean startupPaused, Double shutdownTimeout) implements OpCode {
    public static final String OP_ID = "OP_INSTANCE_STARTUP";

    public OpInstanceStartup {
        force = force == null ? Boolean.FALSE : force;
        ignoreOfflineNodes = ignoreOfflineNodes == null ? Boolean.FALSE : ignoreOfflineNodes;
        hvparams = hvparams == null ? Map.of() : hvparams;
        beparams = beparams == null ? Map.of() : beparams;
        noRemember = noRemember == null ? Boolean.FALSE : noRemember;
        startupPaused = startupPaused == null ? Boolean.FALSE : startupPaused;
        shutdownTimeout = shutdownTimeout == null ? 120.0 : shutdownTimeout;
    }

    public static OpInstanceStartup of(String name) {
        return new OpInstanceStartup(name, null, null, null, null, null, null, null, null);
    }

    @Override
    public void validate() {
        OpCodes.requireName(OP_ID, "instance_name", instanceName);
        OpCodes.check(OP_ID, "hvparams", hvparams.isEmpty(), "temporary hypervisor parameters are not supported yet");
        OpCodes.check(OP_ID, "beparams", beparams.isEmpty(), "temporary backend parameters are not supported yet");
    }

    @Override
    public String summary() {
        return "INSTANCE_STARTUP(" + instanceName + ")";
    }
}
