package org.gnt.bus.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/** One opcode of a job as it stands (Ganeti's QueuedOpCode). {@code result} is the error tuple on failure. */
public record OpState(JsonNode input, JobStatus status, JsonNode result, List<LogEntry> log, Instant startTs,
                      Instant endTs, int priority) {
    public OpState {
        Objects.requireNonNull(input, "input is null");
        Objects.requireNonNull(status, "status is null");
        log = log == null ? List.of() : List.copyOf(log);
    }

    public static OpState queued(JsonNode input, int priority) {
        return new OpState(input, JobStatus.QUEUED, null, List.of(), null, null, priority);
    }

    public OpState withStatus(JobStatus s) {
        return new OpState(input, s, result, log, startTs, endTs, priority);
    }

    public OpState started(Instant now) {
        return new OpState(input, JobStatus.RUNNING, result, log, now, null, priority);
    }

    public OpState finished(JobStatus s, JsonNode res, Instant now) {
        return new OpState(input, s, res, log, startTs == null ? now : startTs, now, priority);
    }

    public OpState withLog(LogEntry e) {
        List<LogEntry> l = new ArrayList<>(log);
        l.add(e);
        return new OpState(input, status, result, l, startTs, endTs, priority);
    }
}
