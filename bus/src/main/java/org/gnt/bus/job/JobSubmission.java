package org.gnt.bus.job;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/** A job as a client submits it: the value on {@code jobs.submit}, keyed by job id. */
public record JobSubmission(int v, long id, String requestKey, List<JsonNode> ops, int priority, Instant submittedAt) {
    public static final int VERSION = 1;

    public JobSubmission {
        ops = List.copyOf(ops);
        Objects.requireNonNull(submittedAt, "submittedAt is null");
        if (ops.isEmpty()) {
            throw new IllegalArgumentException("a job needs at least one opcode");
        }
    }
}
