package org.gnt.bus.job;

import java.time.Instant;
import java.util.Objects;

/**
 * A request about an existing job, sent on {@code jobs.submit} behind the submissions it may
 * refer to (one ordered stream to the master): cancel a job that has not started, kill one that
 * runs, or change the priority of one that is still queued or waiting. The outcome shows in the job's state.
 */
public record JobControl(int v, long jobId, String action, Integer priority, Instant requestedAt) {
    public static final int VERSION = 1;
    public static final String CANCEL = "cancel";
    public static final String CHANGE_PRIORITY = "change_priority";
    /** Cancel, and stop the job even when it runs (its running opcode is interrupted). */
    public static final String KILL = "kill";

    public JobControl {
        Objects.requireNonNull(action, "action is null");
        if (!action.equals(CANCEL) && !action.equals(CHANGE_PRIORITY) && !action.equals(KILL)) {
            throw new IllegalArgumentException("unknown job action " + action);
        }
        if (action.equals(CHANGE_PRIORITY) && (priority == null || priority < -20 || priority > 19)) {
            throw new IllegalArgumentException("priority must be from -20 to 19");
        }
    }

    /** Record key on jobs.submit; a submission's key is its bare id. */
    public String key() {
        return "control-" + jobId;
    }
}
