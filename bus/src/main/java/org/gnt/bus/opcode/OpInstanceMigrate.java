package org.gnt.bus.opcode;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * OP_INSTANCE_MIGRATE. {@code mode} is {@code live} or {@code non-live}; {@code live} is its old
 * spelling (giving both is refused). Neither: the hypervisor's {@code migration_mode}, else live.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpInstanceMigrate(String instanceName, String instanceUuid, String mode, Boolean live, String targetNode,
                                String targetNodeUuid, Boolean allowRuntimeChanges, Boolean ignoreIpolicy,
                                Boolean cleanup, String iallocator, Boolean allowFailover, Boolean ignoreHvversions)
        implements OpCode {
    public static final String OP_ID = "OP_INSTANCE_MIGRATE";
    public static final String LIVE = "live";
    public static final String NON_LIVE = "non-live";

    public OpInstanceMigrate {
        allowRuntimeChanges = allowRuntimeChanges == null ? Boolean.TRUE : allowRuntimeChanges;
        ignoreIpolicy = ignoreIpolicy == null ? Boolean.FALSE : ignoreIpolicy;
        cleanup = cleanup == null ? Boolean.FALSE : cleanup;
        allowFailover = allowFailover == null ? Boolean.FALSE : allowFailover;
        ignoreHvversions = ignoreHvversions == null ? Boolean.FALSE : ignoreHvversions;
    }

    public static OpInstanceMigrate of(String name, String target) {
        return new OpInstanceMigrate(name, null, null, null, target, null, null, null, null, null, null, null);
    }

    @Override
    public void validate() {
        OpCodes.requireName(OP_ID, "instance_name", instanceName);
        OpCodes.check(OP_ID, "mode", mode == null || mode.equals(LIVE) || mode.equals(NON_LIVE),
                "must be 'live' or 'non-live', got '" + mode + "'");
        OpCodes.check(OP_ID, "live", live == null || mode == null,
                "is the old spelling of 'mode'; give only one of them");
        OpCodes.check(OP_ID, "target_node", targetNode == null || !targetNode.isBlank(), "must not be empty");
        OpCodes.check(OP_ID, "target_node_uuid", targetNodeUuid == null || !targetNodeUuid.isBlank(), "must not be empty");
        OpCodes.check(OP_ID, "iallocator", iallocator == null || !iallocator.isBlank(), "must not be empty");
        OpCodes.check(OP_ID, "iallocator", iallocator == null || targetNode == null,
                "give either a target node or an iallocator, not both");
    }

    /** The mode asked for, or null to take the hypervisor's default. */
    public String requestedMode() {
        if (mode != null) {
            return mode;
        }
        return live == null ? null : live ? LIVE : NON_LIVE;
    }

    @Override
    public String summary() {
        return "INSTANCE_MIGRATE(" + instanceName + ")";
    }
}
