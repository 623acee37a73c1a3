package org.gnt.bus.opcode;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** OP_INSTANCE_SHUTDOWN. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpInstanceShutdown(String instanceName, String instanceUuid, Boolean force, Boolean ignoreOfflineNodes,
                                 Double timeout, Boolean noRemember, String adminStateSource) implements OpCode {
    public static final String OP_ID = "OP_INSTANCE_SHUTDOWN";

    public OpInstanceShutdown {
        force = force == null ? Boolean.FALSE : force;
        ignoreOfflineNodes = ignoreOfflineNodes == null ? Boolean.FALSE : ignoreOfflineNodes;
        timeout = timeout == null ? 120.0 : timeout;
        noRemember = noRemember == null ? Boolean.FALSE : noRemember;
    }

    public static OpInstanceShutdown of(String name) {
        return new OpInstanceShutdown(name, null, null, null, null, null, null);
    }

    @Override
    public void validate() {
        OpCodes.requireName(OP_ID, "instance_name", instanceName);
        OpCodes.check(OP_ID, "timeout", timeout >= 0, "must not be negative");
        OpCodes.check(OP_ID, "admin_state_source",
                adminStateSource == null || adminStateSource.equals("user") || adminStateSource.equals("admin"),
                "must be 'user' or 'admin'");
    }

    @Override
    public String summary() {
        return "INSTANCE_SHUTDOWN(" + instanceName + ")";
    }
}
