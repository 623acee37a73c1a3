package org.gnt.bus.filter;

import java.util.Objects;
import java.util.Optional;

/**
 * What the filter rules say about one job: run it ({@code ACCEPT}), leave it queued
 * ({@code PAUSE}, or {@code RATE_LIMITED} while too many jobs of its rate-limiting rule run), or
 * cancel it ({@code REJECT}). {@code rule} is the rule that decided; none when no rule applied.
 */
public record Decision(Verdict verdict, Optional<FilterRule> rule) {
    public enum Verdict {
        ACCEPT, PAUSE, REJECT, RATE_LIMITED
    }

    /** No rule applies: the job runs. */
    public static final Decision UNFILTERED = new Decision(Verdict.ACCEPT, Optional.empty());

    public Decision {
        Objects.requireNonNull(verdict, "verdict is null");
        Objects.requireNonNull(rule, "rule is null");
        if (verdict != Verdict.ACCEPT && rule.isEmpty()) {
            throw new IllegalArgumentException(verdict + " needs the rule that decided it");
        }
    }

    static Decision by(Verdict v, FilterRule r) {
        return new Decision(v, Optional.of(r));
    }

    /** Whether the job may start now. */
    public boolean runnable() {
        return verdict == Verdict.ACCEPT;
    }

    /** The UUID of the deciding rule, if a rule decided. */
    public Optional<String> filterUuid() {
        return rule.map(FilterRule::uuid);
    }

    /** A sentence for the job's log or its cancel result, e.g. "Job 12 rejected by filter rule 8b53…". */
    public String describe(long jobId) {
        String by = rule.map(r -> " by filter rule " + r.uuid()).orElse("");
        return switch (verdict) {
            case ACCEPT -> "Job " + jobId + " accepted" + (rule.isEmpty() ? " (no filter rule applies)" : by);
            case PAUSE -> "Job " + jobId + " paused" + by;
            case REJECT -> "Job " + jobId + " rejected" + by;
            case RATE_LIMITED -> "Job " + jobId + " held back" + by + ": its limit of "
                    + rule.get().action().limit() + " running jobs is reached";
        };
    }
}
