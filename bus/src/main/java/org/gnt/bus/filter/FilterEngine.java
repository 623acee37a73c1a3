package org.gnt.bus.filter;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.OpState;

/**
 * Ganeti's job filtering (doc/design-optables.rst, JQScheduler/Filtering.hs), pure: no I/O, no
 * state. Rules are taken in {@link FilterRule#ORDER} (what {@link FilterView#rules()} returns).
 * The rule that <em>applies</em> to a job is the first whose predicates all match it and whose
 * action is not {@code CONTINUE}; none applying means the job runs.
 *
 * <p>The watermark does not by itself exempt older jobs: a rule whose predicates do not mention it
 * applies to every job, queued before or after it was added (Ganeti's semantics; "only new jobs"
 * is written {@code ["jobid", [">", "id", "watermark"]]}).
 *
 * <p>{@code RATE_LIMIT n} lets a job run while fewer than {@code n} running jobs have that rule as
 * their applying rule. Ganeti applies it job by job, so jobs started in one scheduling round count
 * against the jobs after them: use a {@link Pass} for a round.
 */
public final class FilterEngine {
    private FilterEngine() {
    }

    /**
     * The decision for a queued job.
     *
     * @param rulesSorted     all rules, in {@link FilterRule#ORDER}
     * @param runningMatching for a rule UUID, how many running jobs have that rule as their applying
     *                        rule (see {@link #runningCounts}); asked only for {@code RATE_LIMIT} rules
     */
    public static Decision decide(List<FilterRule> rulesSorted, JobState job, ToIntFunction<String> runningMatching) {
        Optional<FilterRule> applying = applying(rulesSorted, job);
        if (applying.isEmpty()) {
            return Decision.UNFILTERED;
        }
        FilterRule r = applying.get();
        return switch (r.action().kind()) {
            case ACCEPT, CONTINUE -> Decision.by(Decision.Verdict.ACCEPT, r);
            case PAUSE -> Decision.by(Decision.Verdict.PAUSE, r);
            case REJECT -> Decision.by(Decision.Verdict.REJECT, r);
            case RATE_LIMIT -> Decision.by(runningMatching.applyAsInt(r.uuid()) < r.action().limit()
                    ? Decision.Verdict.ACCEPT : Decision.Verdict.RATE_LIMITED, r);
        };
    }

    /** The first rule (in the given order) that matches the job and does not say {@code CONTINUE}. */
    public static Optional<FilterRule> applying(List<FilterRule> rulesSorted, JobState job) {
        for (FilterRule r : rulesSorted) {
            if (r.action().kind() != FilterAction.Kind.CONTINUE && matches(r, job)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** Whether every predicate of the rule holds for the job (a rule without predicates matches all jobs). */
    public static boolean matches(FilterRule rule, JobState job) {
        for (FilterPredicate p : rule.predicates()) {
            if (!holds(p, rule.watermark(), job)) {
                return false;
            }
        }
        return true;
    }

    /** Whether one predicate holds for the job, {@code "watermark"} standing for {@code watermark}. */
    public static boolean holds(FilterPredicate p, long watermark, JobState job) {
        return switch (p.kind()) {
            case JOBID -> p.filter().holds(jobIdFields(job.id(), watermark));
            case OPCODE -> job.ops().stream().anyMatch(op -> p.filter().holds(opcodeFields(op.input())));
            case REASON -> job.ops().stream().anyMatch(op -> anyReason(p.filter(), op));
        };
    }

    /** For each {@code RATE_LIMIT} rule, how many of the running jobs it applies to. */
    public static Map<String, Integer> runningCounts(List<FilterRule> rulesSorted, Collection<JobState> running) {
        Map<String, Integer> counts = new HashMap<>();
        for (JobState j : running) {
            applying(rulesSorted, j)
                    .filter(r -> r.action().kind() == FilterAction.Kind.RATE_LIMIT)
                    .ifPresent(r -> counts.merge(r.uuid(), 1, Integer::sum));
        }
        return counts;
    }

    /** A scheduling round: counts the running jobs once, then the jobs it lets start. */
    public static Pass pass(List<FilterRule> rulesSorted, Collection<JobState> running) {
        return new Pass(List.copyOf(rulesSorted), runningCounts(rulesSorted, running));
    }

    /**
     * One scheduling round, for the queue: ask {@link #decide} for each queued job in the order the
     * queue would start them, and call {@link #started} for each one actually started, so a
     * {@code RATE_LIMIT} rule's slots fill up within the round. Not thread-safe.
     */
    public static final class Pass {
        private final List<FilterRule> rules;
        private final Map<String, Integer> running;

        private Pass(List<FilterRule> rules, Map<String, Integer> running) {
            this.rules = rules;
            this.running = running;
        }

        public Decision decide(JobState job) {
            return FilterEngine.decide(rules, job, uuid -> running.getOrDefault(uuid, 0));
        }

        /** Records that a job with this decision was started. */
        public void started(Decision d) {
            d.rule().filter(r -> d.runnable() && r.action().kind() == FilterAction.Kind.RATE_LIMIT)
                    .ifPresent(r -> running.merge(r.uuid(), 1, Integer::sum));
        }

        /** How many running jobs this round counts against a rule. */
        public int running(String ruleUuid) {
            return running.getOrDefault(ruleUuid, 0);
        }
    }

    private static QueryFilter.Fields jobIdFields(long id, long watermark) {
        LongNode idNode = LongNode.valueOf(id);
        LongNode mark = LongNode.valueOf(watermark);
        return new QueryFilter.Fields() {
            @Override
            public Optional<JsonNode> get(String name) {
                return name.equals("id") ? Optional.of(idNode) : Optional.empty();
            }

            @Override
            public JsonNode literal(JsonNode value) {
                return "watermark".equals(value.textValue()) ? mark : value;
            }
        };
    }

    /** An opcode's input fields; {@code a.b} reaches into nested objects, as Ganeti's dotted access. */
    private static QueryFilter.Fields opcodeFields(JsonNode input) {
        return name -> {
            JsonNode n = input;
            for (String key : name.split("\\.", -1)) {
                if (n == null || !n.isObject()) {
                    return Optional.empty();
                }
                n = n.get(key);
            }
            return Optional.ofNullable(n);
        };
    }

    private static boolean anyReason(QueryFilter f, OpState op) {
        JsonNode trail = op.input().path("reason");
        for (JsonNode e : trail) {
            Optional<ReasonEntry> entry = ReasonEntry.of(e);
            if (entry.isPresent() && f.holds(reasonFields(entry.get()))) {
                return true;
            }
        }
        return false;
    }

    private static QueryFilter.Fields reasonFields(ReasonEntry e) {
        return name -> switch (name) {
            case "source" -> Optional.of(TextNode.valueOf(e.source()));
            case "reason" -> Optional.of(TextNode.valueOf(e.reason()));
            case "timestamp" -> Optional.of(LongNode.valueOf(e.timestamp()));
            default -> Optional.empty();
        };
    }
}
