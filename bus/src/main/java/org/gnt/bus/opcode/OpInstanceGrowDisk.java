package org.gnt.bus.opcode;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * OP_INSTANCE_GROW_DISK ({@code gnt-instance grow-disk}, RAPI {@code POST
 * /2/instances/N/disk/D/grow}). {@code amount} is MiB to add, or with {@code absolute} the size to
 * grow to (which must not be smaller than the disk is).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpInstanceGrowDisk(String instanceName, String instanceUuid, Boolean waitForSync, Integer disk,
                                 Long amount, Boolean absolute, Boolean ignoreIpolicy) implements OpCode {
    public static final String OP_ID = "OP_INSTANCE_GROW_DISK";

    public OpInstanceGrowDisk {
        waitForSync = waitForSync == null ? Boolean.TRUE : waitForSync;
        absolute = absolute == null ? Boolean.FALSE : absolute;
        ignoreIpolicy = ignoreIpolicy == null ? Boolean.FALSE : ignoreIpolicy;
    }

    @Override
    public void validate() {
        OpCodes.requireName(OP_ID, "instance_name", instanceName);
        OpCodes.require(OP_ID, "disk", disk);
        OpCodes.check(OP_ID, "disk", disk >= 0 && disk < 16, "must be a disk index from 0 to 15, got " + disk);
        OpCodes.require(OP_ID, "amount", amount);
        OpCodes.check(OP_ID, "amount", amount >= 0, "must not be negative, got " + amount);
    }

    @Override
    public String summary() {
        return "INSTANCE_GROW_DISK(" + instanceName + ")";
    }
}
