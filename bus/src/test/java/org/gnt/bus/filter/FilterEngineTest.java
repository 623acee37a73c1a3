package org.gnt.bus.filter;

import static org.gnt.bus.filter.QueryFilterTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.gnt.bus.filter.Decision.Verdict;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.job.OpState;
import org.junit.jupiter.api.Test;

class FilterEngineTest {
    static final String DELAY = "{\"OP_ID\": \"OP_TEST_DELAY\", \"duration\": 2, \"on_master\": true,"
            + " \"reason\": [[\"gnt:client:gnt-debug\", \"routine check\", 1000]]}";
    static final String CREATE = "{\"OP_ID\": \"OP_INSTANCE_CREATE\", \"instance_name\": \"web1\","
            + " \"beparams\": {\"memory\": 512},"
            + " \"reason\": [[\"gnt:client:rapi\", \"POST /2/instances\", 2000],"
            + " [\"gnt:user\", \"maintenance pink bunny\", 3000]]}";

    static JobState job(long id, String... ops) {
        List<OpState> l = new ArrayList<>();
        for (String op : ops) {
            l.add(OpState.queued(json(op), 0));
        }
        return new JobState(JobState.VERSION, id, JobStatus.QUEUED, l, 0, Instant.EPOCH, null, null, 1, null);
    }

    static FilterRule rule(String uuid, int priority, long watermark, FilterAction action, String... predicates) {
        List<FilterPredicate> ps = new ArrayList<>();
        for (int i = 0; i < predicates.length; i++) {
            ps.add(FilterPredicate.parse(json(predicates[i]), "predicates[" + i + "]"));
        }
        return new FilterRule(FilterRule.VERSION, uuid, watermark, priority, ps, action, List.of());
    }

    static List<FilterRule> sorted(FilterRule... rules) {
        List<FilterRule> l = new ArrayList<>(List.of(rules));
        l.sort(FilterRule.ORDER);
        return l;
    }

    static Decision decide(List<FilterRule> rules, JobState j) {
        return FilterEngine.decide(rules, j, uuid -> 0);
    }

    static final String IS_DELAY = "[\"opcode\", [\"=\", \"OP_ID\", \"OP_TEST_DELAY\"]]";
    static final String IS_CREATE = "[\"opcode\", [\"=\", \"OP_ID\", \"OP_INSTANCE_CREATE\"]]";
    static final String NEW_JOBS = "[\"jobid\", [\">\", \"id\", \"watermark\"]]";

    @Test
    void withoutRulesEveryJobRuns() {
        Decision d = decide(List.of(), job(1, DELAY));
        assertEquals(Verdict.ACCEPT, d.verdict());
        assertTrue(d.rule().isEmpty());
        assertTrue(d.runnable());
    }

    @Test
    void eachActionDecides() {
        for (var c : Map.of(FilterAction.ACCEPT, Verdict.ACCEPT, FilterAction.PAUSE, Verdict.PAUSE,
                FilterAction.REJECT, Verdict.REJECT).entrySet()) {
            Decision d = decide(List.of(rule("u1", 0, 0, c.getKey(), IS_DELAY)), job(1, DELAY));
            assertEquals(c.getValue(), d.verdict(), c.getKey().toString());
            assertEquals(Optional.of("u1"), d.filterUuid());
            assertEquals(c.getValue() == Verdict.ACCEPT, d.runnable());
        }
        Decision reject = decide(List.of(rule("u1", 0, 0, FilterAction.REJECT, IS_DELAY)), job(7, DELAY));
        assertEquals("Job 7 rejected by filter rule u1", reject.describe(7));
    }

    @Test
    void aRuleThatDoesNotMatchLeavesTheJobAlone() {
        Decision d = decide(List.of(rule("u1", 0, 0, FilterAction.REJECT, IS_CREATE)), job(1, DELAY));
        assertEquals(Decision.UNFILTERED, d);
    }

    @Test
    void continueGoesOnToTheNextMatchingRule() {
        List<FilterRule> rules = sorted(
                rule("a", 0, 0, FilterAction.CONTINUE, IS_DELAY),
                rule("b", 1, 0, FilterAction.CONTINUE),
                rule("c", 2, 0, FilterAction.PAUSE, IS_DELAY));
        Decision d = decide(rules, job(1, DELAY));
        assertEquals(Verdict.PAUSE, d.verdict());
        assertEquals(Optional.of("c"), d.filterUuid());
        assertEquals(Decision.UNFILTERED, decide(sorted(rule("a", 0, 0, FilterAction.CONTINUE)), job(1, DELAY)),
                "only CONTINUE rules: accepted as if there were none");
    }

    @Test
    void theFirstMatchingRuleInPriorityOrderDecides() {
        FilterRule reject = rule("r", 5, 0, FilterAction.REJECT);
        FilterRule accept = rule("a", 1, 0, FilterAction.ACCEPT, IS_DELAY);
        List<FilterRule> rules = sorted(reject, accept);
        assertEquals(List.of(accept, reject), rules, "lower priority numbers first");
        assertEquals(Verdict.ACCEPT, decide(rules, job(1, DELAY)).verdict());
        assertEquals(Verdict.REJECT, decide(rules, job(2, CREATE)).verdict(), "not matched by the first rule");
    }

    @Test
    void equalPrioritiesAreOrderedByWatermarkThenUuid() {
        FilterRule late = rule("a", 0, 20, FilterAction.REJECT);
        FilterRule earlyB = rule("b", 0, 10, FilterAction.PAUSE);
        FilterRule earlyA = rule("c", 0, 10, FilterAction.ACCEPT);
        assertEquals(List.of(earlyB, earlyA, late), sorted(late, earlyA, earlyB));
        assertEquals(Verdict.PAUSE, decide(sorted(late, earlyA, earlyB), job(1, DELAY)).verdict());
    }

    @Test
    void theWatermarkSelectsJobsThroughTheJobIdPredicate() {
        List<FilterRule> drain = List.of(rule("d", 0, 10, FilterAction.REJECT, NEW_JOBS));
        assertEquals(Verdict.ACCEPT, decide(drain, job(9, DELAY)).verdict());
        assertEquals(Verdict.ACCEPT, decide(drain, job(10, DELAY)).verdict(), "the watermark job itself is old");
        assertEquals(Verdict.REJECT, decide(drain, job(11, DELAY)).verdict());
        List<FilterRule> all = List.of(rule("e", 0, 10, FilterAction.REJECT, IS_DELAY));
        assertEquals(Verdict.REJECT, decide(all, job(3, DELAY)).verdict(),
                "a rule not mentioning the watermark applies to older jobs too (Ganeti)");
    }

    @Test
    void jobIdPredicatesCompareTheId() {
        FilterRule r = rule("j", 0, 0, FilterAction.PAUSE,
                "[\"jobid\", [\"|\", [\"<=\", \"id\", 3], [\"&\", [\">=\", \"id\", 10], [\"!=\", \"id\", 12]]]]");
        assertTrue(FilterEngine.matches(r, job(3, DELAY)));
        assertFalse(FilterEngine.matches(r, job(4, DELAY)));
        assertTrue(FilterEngine.matches(r, job(10, DELAY)));
        assertFalse(FilterEngine.matches(r, job(12, DELAY)));
    }

    @Test
    void opcodePredicatesMatchWhenAnyOpcodeDoes() {
        FilterRule r = rule("o", 0, 0, FilterAction.REJECT, IS_CREATE);
        assertTrue(FilterEngine.matches(r, job(1, DELAY, CREATE)), "the second opcode matches");
        assertFalse(FilterEngine.matches(r, job(1, DELAY, DELAY)));
        FilterRule field = rule("f", 0, 0, FilterAction.REJECT, "[\"opcode\", [\"=~\", \"instance_name\", \"^web\"]]");
        assertTrue(FilterEngine.matches(field, job(1, CREATE)));
        assertFalse(FilterEngine.matches(field, job(1, DELAY)), "no such field: no match");
        FilterRule nested = rule("n", 0, 0, FilterAction.REJECT, "[\"opcode\", [\">=\", \"beparams.memory\", 512]]");
        assertTrue(FilterEngine.matches(nested, job(1, CREATE)), "dotted names reach nested fields");
        FilterRule truth = rule("t", 0, 0, FilterAction.REJECT, "[\"opcode\", [\"?\", \"on_master\"]]");
        assertTrue(FilterEngine.matches(truth, job(1, DELAY)));
        FilterRule negated = rule("x", 0, 0, FilterAction.REJECT,
                "[\"opcode\", [\"!\", [\"=\", \"instance_name\", \"db1\"]]]");
        assertFalse(FilterEngine.matches(negated, job(1, DELAY)),
                "a missing field makes the expression false even under not (Ganeti)");
        assertTrue(FilterEngine.matches(negated, job(1, CREATE)));
    }

    @Test
    void reasonPredicatesMatchAnyTrailEntryOfAnyOpcode() {
        FilterRule maintenance = rule("m", 0, 0, FilterAction.ACCEPT,
                "[\"reason\", [\"=~\", \"reason\", \"maintenance pink bunny\"]]");
        assertTrue(FilterEngine.matches(maintenance, job(1, DELAY, CREATE)));
        assertFalse(FilterEngine.matches(maintenance, job(1, DELAY)));
        FilterRule source = rule("s", 0, 0, FilterAction.ACCEPT, "[\"reason\", [\"=\", \"source\", \"gnt:client:rapi\"]]");
        assertTrue(FilterEngine.matches(source, job(1, CREATE)));
        assertFalse(FilterEngine.matches(source, job(1, DELAY)));
        FilterRule time = rule("t", 0, 0, FilterAction.ACCEPT,
                "[\"reason\", [\"&\", [\">\", \"timestamp\", 1500], [\"=\", \"source\", \"gnt:user\"]]]");
        assertTrue(FilterEngine.matches(time, job(1, CREATE)), "both conditions on the same entry");
        FilterRule mixed = rule("x", 0, 0, FilterAction.ACCEPT,
                "[\"reason\", [\"&\", [\"<\", \"timestamp\", 2500], [\"=\", \"source\", \"gnt:user\"]]]");
        assertFalse(FilterEngine.matches(mixed, job(1, CREATE)), "conditions met by different entries do not match");
    }

    @Test
    void allPredicatesMustHoldAndNoneMeansEveryJob() {
        FilterRule both = rule("b", 0, 5, FilterAction.PAUSE, IS_DELAY, NEW_JOBS);
        assertTrue(FilterEngine.matches(both, job(6, DELAY)));
        assertFalse(FilterEngine.matches(both, job(6, CREATE)));
        assertFalse(FilterEngine.matches(both, job(5, DELAY)));
        assertTrue(FilterEngine.matches(rule("e", 0, 0, FilterAction.PAUSE), job(1, CREATE)));
    }

    @Test
    void rateLimitHoldsJobsWhileTheLimitIsReached() {
        FilterRule limit = rule("l", 0, 0, FilterAction.rateLimit(2), IS_DELAY);
        List<FilterRule> rules = List.of(limit);
        assertEquals(Verdict.ACCEPT, FilterEngine.decide(rules, job(1, DELAY), u -> 1).verdict());
        Decision held = FilterEngine.decide(rules, job(1, DELAY), u -> u.equals("l") ? 2 : 0);
        assertEquals(Verdict.RATE_LIMITED, held.verdict());
        assertFalse(held.runnable());
        assertTrue(held.describe(1).contains("limit of 2 running jobs"), held.describe(1));
        assertEquals(Verdict.ACCEPT, FilterEngine.decide(rules, job(1, CREATE), u -> 99).verdict(),
                "jobs the rule does not match are not limited");
    }

    @Test
    void runningJobsCountOnlyAgainstTheirApplyingRule() {
        FilterRule acceptUrgent = rule("a", 0, 0, FilterAction.ACCEPT, "[\"opcode\", [\">\", \"duration\", 5]]");
        FilterRule limit = rule("l", 1, 0, FilterAction.rateLimit(1), IS_DELAY);
        List<FilterRule> rules = sorted(acceptUrgent, limit);
        String longDelay = DELAY.replace("\"duration\": 2", "\"duration\": 9");
        Map<String, Integer> counts = FilterEngine.runningCounts(rules,
                List.of(job(1, longDelay), job(2, DELAY), job(3, CREATE)));
        assertEquals(Map.of("l", 1), counts, "job 1 falls under the ACCEPT rule, job 3 under none");
        assertEquals(Verdict.RATE_LIMITED, FilterEngine.decide(rules, job(4, DELAY), counts::get).verdict());
        assertEquals(Verdict.ACCEPT, FilterEngine.decide(rules, job(5, longDelay), u -> 0).verdict());
    }

    @Test
    void aPassFillsTheRateLimitJobByJob() {
        FilterRule limit = rule("l", 0, 0, FilterAction.rateLimit(3), IS_DELAY);
        FilterEngine.Pass pass = FilterEngine.pass(List.of(limit), List.of(job(1, DELAY)));
        assertEquals(1, pass.running("l"));
        List<Verdict> verdicts = new ArrayList<>();
        for (long id = 2; id <= 5; id++) {
            Decision d = pass.decide(job(id, DELAY));
            verdicts.add(d.verdict());
            if (d.runnable()) {
                pass.started(d);
            }
        }
        assertEquals(List.of(Verdict.ACCEPT, Verdict.ACCEPT, Verdict.RATE_LIMITED, Verdict.RATE_LIMITED), verdicts);
        assertEquals(3, pass.running("l"));
        Decision other = pass.decide(job(6, CREATE));
        pass.started(other);
        assertEquals(3, pass.running("l"), "a job outside the rule takes no slot");
    }
}
