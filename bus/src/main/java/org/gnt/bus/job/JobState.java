package org.gnt.bus.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A job as it stands, the value of the compacted {@code jobs.state} topic (Ganeti's QueuedJob).
 * {@code masterEpoch} is the epoch of the master that wrote it; readers prefer newer epochs.
 */
public record JobState(int v, long id, JobStatus status, List<OpState> ops, int priority, Instant receivedTs,
                       Instant startTs, Instant endTs, long masterEpoch, String requestKey) {
    public static final int VERSION = 1;

    public JobState {
        Objects.requireNonNull(status, "status is null");
        ops = List.copyOf(ops);
        if (id <= 0) {
            throw new IllegalArgumentException("id must be positive");
        }
    }

    public static JobState queued(JobSubmission s, long epoch, Instant now) {
        List<OpState> ops = new ArrayList<>();
        for (var op : s.ops()) {
            ops.add(OpState.queued(op, s.priority()));
        }
        return new JobState(VERSION, s.id(), JobStatus.QUEUED, ops, s.priority(), s.submittedAt(), null, null, epoch,
                s.requestKey());
    }

    public JobState withStatus(JobStatus s, Instant now, long epoch) {
        Instant start = startTs == null && s == JobStatus.RUNNING ? now : startTs;
        Instant end = s.isFinal() ? now : endTs;
        return new JobState(VERSION, id, s, ops, priority, receivedTs, start, end, epoch, requestKey);
    }

    public JobState withOp(int index, UnaryOperator<OpState> change, long epoch) {
        List<OpState> l = new ArrayList<>(ops);
        l.set(index, change.apply(l.get(index)));
        return new JobState(VERSION, id, status, l, priority, receivedTs, startTs, endTs, epoch, requestKey);
    }

    public JobState withPriority(int p, long epoch) {
        List<OpState> l = new ArrayList<>();
        for (OpState o : ops) {
            l.add(o.status().isFinal() ? o : o.withPriority(p));
        }
        return new JobState(VERSION, id, status, l, p, receivedTs, startTs, endTs, epoch, requestKey);
    }

    /** Highest log serial across all opcodes, for change-wait. */
    public long lastLogSerial() {
        long max = 0;
        for (OpState o : ops) {
            for (LogEntry e : o.log()) {
                max = Math.max(max, e.serial());
            }
        }
        return max;
    }
}
