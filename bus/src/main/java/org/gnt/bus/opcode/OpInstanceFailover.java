package org.gnt.bus.opcode;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** OP_INSTANCE_FAILOVER. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpInstanceFailover(String instanceName, String instanceUuid, Double shutdownTimeout,
                                 Boolean ignoreConsistency, String targetNode, String targetNodeUuid,
                                 Boolean ignoreIpolicy, Boolean cleanup, String iallocator) implements OpCode {
    public static final String OP_ID = "OP_INSTANCE_FAILOVER";

    public OpInstanceFailover {
        shutdownTimeout = shutdownTimeout == null ? 120.0 : shutdownTimeout;
        ignoreConsistency = ignoreConsistency == null ? Boolean.FALSE : ignoreConsistency;
        ignoreIpolicy = ignoreIpolicy == null ? Boolean.FALSE : ignoreIpolicy;
        cleanup = cleanup == null ? Boolean.FALSE : cleanup;
    }

    public static OpInstanceFailover of(String name, String target) {
        return new OpInstanceFailover(name, null, null, null, target, null, null, null, null);
    }

    @Override
    public void validate() {
        OpCodes.requireName(OP_ID, "instance_name", instanceName);
        OpCodes.check(OP_ID, "shutdown_timeout", shutdownTimeout >= 0, "must not be negative");
        OpCodes.check(OP_ID, "target_node", targetNode == null || !targetNode.isBlank(), "must not be empty");
        OpCodes.check(OP_ID, "target_node_uuid", targetNodeUuid == null || !targetNodeUuid.isBlank(), "must not be empty");
        OpCodes.check(OP_ID, "iallocator", iallocator == null || !iallocator.isBlank(), "must not be empty");
        OpCodes.check(OP_ID, "iallocator", iallocator == null || targetNode == null,
                "give either a target node or an iallocator, not both");
    }

    @Override
    public String summary() {
        return "INSTANCE_FAILOVER(" + instanceName + ")";
    }
}
