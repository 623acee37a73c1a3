package org.gnt.bus.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * One opcode of a job as it stands (Ganeti's QueuedOpCode). {@code result} is the error tuple on
 * failure. {@code steps} are the steps of a running opcode that finished, with their results, in
 * order: a master that takes over resumes the opcode after the last of them.
 */
public record OpState(JsonNode input, JobStatus status, JsonNode result, List<LogEntry> log, Instant startTs,
                      Instant endTs, int priority, Map<String, JsonNode> steps) {
    public OpState {
        Objects.requireNonNull(input, "input is null");
        Objects.requireNonNull(status, "status is null");
        log = log == null ? List.of() : List.copyOf(log);
        steps = steps == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(steps));
    }

    public OpState(JsonNode input, JobStatus status, JsonNode result, List<LogEntry> log, Instant startTs,
                   Instant endTs, int priority) {
        this(input, status, result, log, startTs, endTs, priority, Map.of());
    }

    public static OpState queued(JsonNode input, int priority) {
        return new OpState(input, JobStatus.QUEUED, null, List.of(), null, null, priority);
    }

    public OpState withStatus(JobStatus s) {
        return new OpState(input, s, result, log, startTs, endTs, priority, steps);
    }

    public OpState withPriority(int p) {
        return new OpState(input, status, result, log, startTs, endTs, p, steps);
    }

    public OpState started(Instant now) {
        return new OpState(input, JobStatus.RUNNING, result, log, now, null, priority, steps);
    }

    /** Final: the step records are dropped, they only matter while the opcode runs. */
    public OpState finished(JobStatus s, JsonNode res, Instant now) {
        return new OpState(input, s, res, log, startTs == null ? now : startTs, now, priority, Map.of());
    }

    public OpState withLog(LogEntry e) {
        List<LogEntry> l = new ArrayList<>(log);
        l.add(e);
        return new OpState(input, status, result, l, startTs, endTs, priority, steps);
    }

    public OpState withStep(String name, JsonNode stepResult) {
        Map<String, JsonNode> s = new LinkedHashMap<>(steps);
        s.put(name, stepResult == null ? NullNode.instance : stepResult);
        return new OpState(input, status, result, log, startTs, endTs, priority, s);
    }
}
