package org.gnt.bus.opcode;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * OP_TEST_DELAY: sleeps on the master and/or on nodes; with duration 0 it is a no-op job.
 * {@code on_instances} is a gnt extension: the named instances must exist and, unless
 * {@code no_locks}, are locked exclusively for the delay (to exercise instance-level locking).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpTestDelay(Double duration, Boolean onMaster, List<String> onNodes, List<String> onNodeUuids,
                          Integer repeat, Boolean interruptible, Boolean noLocks, List<String> onInstances)
        implements OpCode {
    public static final String OP_ID = "OP_TEST_DELAY";

    public OpTestDelay {
        onMaster = onMaster == null ? Boolean.TRUE : onMaster;
        onNodes = onNodes == null ? List.of() : List.copyOf(onNodes);
        onNodeUuids = onNodeUuids == null ? List.of() : List.copyOf(onNodeUuids);
        repeat = repeat == null ? 0 : repeat;
        interruptible = interruptible == null ? Boolean.FALSE : interruptible;
        noLocks = noLocks == null ? Boolean.TRUE : noLocks;
        onInstances = onInstances == null ? List.of() : List.copyOf(onInstances);
    }

    public OpTestDelay(Double duration, Boolean onMaster, List<String> onNodes, List<String> onNodeUuids,
                       Integer repeat, Boolean interruptible, Boolean noLocks) {
        this(duration, onMaster, onNodes, onNodeUuids, repeat, interruptible, noLocks, null);
    }

    public static OpTestDelay of(double seconds) {
        return new OpTestDelay(seconds, null, null, null, null, null, null, null);
    }

    @Override
    public void validate() {
        OpCodes.require(OP_ID, "duration", duration);
        OpCodes.check(OP_ID, "duration", duration >= 0 && duration <= 86400, "must be between 0 and 86400 seconds");
        OpCodes.check(OP_ID, "repeat", repeat >= 0, "must not be negative");
    }

    @Override
    public String summary() {
        return "TEST_DELAY(" + duration + ")";
    }
}
