package org.gnt.coordinator.jobs;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.gnt.bus.filter.Decision;
import org.gnt.bus.filter.FilterAction;
import org.gnt.bus.filter.FilterEngine;
import org.gnt.bus.filter.FilterView;
import org.gnt.bus.job.JobState;

/**
 * Applies the job filter rules ({@code gnt-filter}) at the moment a job would start, as Ganeti's
 * scheduler does: an accepted job runs; a paused or rate-limited one stays queued, held here
 * without a worker thread, until the rules change or (rate limit) a job of its rule finishes; a
 * rejected one is canceled by the caller. Jobs already running are never affected.
 */
final class FilterGate implements AutoCloseable {
    private final FilterView rules;
    private final Consumer<JobRun> release;
    /** Guarded by this: running jobs counted against a RATE_LIMIT rule, and which rule each counts for. */
    private final Map<String, Integer> runningByRule = new HashMap<>();
    private final Map<Long, String> ruleOfJob = new HashMap<>();
    /** Guarded by this: held jobs and the decision that held them. */
    private final Map<JobRun, Decision> held = new LinkedHashMap<>();
    private volatile boolean open = true;

    /** {@code release} gives a held job back to the queue's executor, where it asks {@link #admit} again. */
    FilterGate(FilterView rules, Consumer<JobRun> release) {
        this.rules = rules;
        this.release = release;
        watch();
    }

    private void watch() {
        rules.nextChange().thenRun(() -> {
            if (open) {
                releaseWhere(d -> true);
                watch();
            }
        });
    }

    /** The rules' verdict for a job about to start; a job that may not start yet is held. */
    synchronized Decision admit(JobRun run, JobState job) {
        Decision d = FilterEngine.decide(rules.rules(), job, uuid -> runningByRule.getOrDefault(uuid, 0));
        switch (d.verdict()) {
            case ACCEPT -> d.rule().filter(r -> r.action().kind() == FilterAction.Kind.RATE_LIMIT).ifPresent(r -> {
                runningByRule.merge(r.uuid(), 1, Integer::sum);
                ruleOfJob.put(job.id(), r.uuid());
            });
            case PAUSE, RATE_LIMITED -> held.put(run, d);
            case REJECT -> { }
        }
        return d;
    }

    /** Takes a held job out (to cancel it or change its priority); false when it was not held. */
    synchronized boolean unhold(JobRun run) {
        return held.remove(run) != null;
    }

    /** A job ended: its rate-limit slot is free, so jobs held by that limit may try again. */
    void finished(long jobId) {
        String rule;
        synchronized (this) {
            rule = ruleOfJob.remove(jobId);
            if (rule == null) {
                return;
            }
            runningByRule.merge(rule, -1, Integer::sum);
        }
        releaseWhere(d -> d.verdict() == Decision.Verdict.RATE_LIMITED && d.filterUuid().orElse("").equals(rule));
    }

    private void releaseWhere(java.util.function.Predicate<Decision> which) {
        List<JobRun> out;
        synchronized (this) {
            out = held.entrySet().stream().filter(e -> which.test(e.getValue())).map(Map.Entry::getKey).toList();
            out.forEach(held::remove);
        }
        out.forEach(release);
    }

    @Override
    public void close() {
        open = false;
    }
}
