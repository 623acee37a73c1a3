package org.gnt.bus.filter;

import static org.gnt.bus.filter.QueryFilterTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.bus.Json;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.junit.jupiter.api.Test;

/** The JSON forms and validation of rules, actions, predicates and requests. */
class FilterModelTest {
    static String refused(String body) {
        PluginException e = assertThrows(PluginException.class, () -> FilterSpec.fromJson(json(body)));
        assertEquals(ErrorKind.INVAL, e.kind());
        return e.getMessage();
    }

    @Test
    void aRuleIsWrittenWithGanetiFieldNamesAndReadBack() {
        FilterSpec spec = FilterSpec.fromJson(json("""
                {"priority": 3, "predicates": [["jobid", [">", "id", "watermark"]]],
                 "action": ["RATE_LIMIT", 4], "reason": [["gnt:user", "maintenance", 1409249801259897000]]}"""));
        FilterRule r = FilterRule.of("8b53f7de-f8e2-4470-99bd-1efe746e434f", 12534, spec);
        JsonNode j = json(Json.string(r));
        assertEquals(json("""
                {"v": 1, "uuid": "8b53f7de-f8e2-4470-99bd-1efe746e434f", "watermark": 12534, "priority": 3,
                 "predicates": [["jobid", [">", "id", "watermark"]]], "action": ["RATE_LIMIT", 4],
                 "reason_trail": [["gnt:user", "maintenance", 1409249801259897000]]}"""), j);
        assertEquals(r, Json.read(Json.bytes(r), FilterRule.class));
    }

    @Test
    void actionsAreGanetiStringsOrARateLimit() {
        for (String a : List.of("ACCEPT", "PAUSE", "REJECT", "CONTINUE")) {
            FilterAction act = FilterAction.parse(json("\"" + a + "\""));
            assertEquals(a, act.kind().name());
            assertEquals(json("\"" + a + "\""), act.toJson());
        }
        assertEquals(FilterAction.rateLimit(10), FilterAction.parse(json("[\"RATE_LIMIT\", 10]")));
        assertEquals(json("[\"RATE_LIMIT\", 10]"), FilterAction.rateLimit(10).toJson());
        for (String bad : List.of("\"accept\"", "\"DROP\"", "[\"RATE_LIMIT\", 0]", "[\"RATE_LIMIT\", -2]",
                "[\"RATE_LIMIT\"]", "[\"RATE_LIMIT\", \"5\"]", "[\"RATE_LIMIT\", 5, 6]", "\"RATE_LIMIT\"", "5")) {
            PluginException e = assertThrows(PluginException.class, () -> FilterAction.parse(json(bad)), bad);
            assertTrue(e.getMessage().startsWith("action: "), e.getMessage());
        }
    }

    @Test
    void requestDefaultsAreGanetis() {
        FilterSpec s = FilterSpec.fromJson(json("{}"));
        assertEquals(new FilterSpec(0, List.of(), FilterAction.CONTINUE, List.of()), s);
        assertEquals(s, FilterSpec.fromJson(null));
        assertEquals(s, FilterSpec.fromJson(json("{\"action\": null, \"predicates\": null, \"reason\": null}")));
    }

    @Test
    void badRequestsNameTheParameter() {
        assertTrue(refused("{\"prio\": 1}").contains("doesn't support the parameter 'prio'"));
        assertTrue(refused("{\"priority\": -1}").startsWith("priority: must be a non-negative integer"));
        assertTrue(refused("{\"priority\": \"1\"}").startsWith("priority: "));
        assertTrue(refused("{\"priority\": 1.5}").startsWith("priority: "));
        assertTrue(refused("{\"predicates\": {}}").startsWith("predicates: must be a list"));
        assertTrue(refused("{\"action\": \"STOP\"}").startsWith("action: "));
        assertTrue(refused("{\"reason\": \"because\"}").startsWith("reason: must be a list"));
        assertTrue(refused("{\"reason\": [[\"src\", \"why\", \"now\"]]}").startsWith("reason[0]: "));
        assertTrue(refused("[]").contains("must be a JSON object"));
    }

    @Test
    void predicatesAreCheckedForWhatTheirKindCanEvaluate() {
        String m = refused("{\"predicates\": [[\"opcode\", null], [\"jobs\", null]]}");
        assertTrue(m.startsWith("predicates[1]: unknown predicate 'jobs'"), m);
        m = refused("{\"predicates\": [[\"jobid\", [\">\", \"id\", 1], 2]]}");
        assertTrue(m.startsWith("predicates[0]: the 'jobid' predicate takes exactly one query filter"), m);
        m = refused("{\"predicates\": [\"jobid\"]}");
        assertTrue(m.startsWith("predicates[0]: a predicate must be a list"), m);
        m = refused("{\"predicates\": [[\"jobid\", [\">\", \"job\", 1]]]}");
        assertTrue(m.startsWith("predicates[0][1]: jobid predicates know only the field 'id'"), m);
        m = refused("{\"predicates\": [[\"jobid\", [\"&\", [\">\", \"id\", 1], [\"=~\", \"id\", \"1\"]]]]}");
        assertTrue(m.startsWith("predicates[0][1][2]: a job id can only be compared"), m);
        m = refused("{\"predicates\": [[\"jobid\", [\">\", \"id\", \"mark\"]]]}");
        assertTrue(m.contains("compared with an integer or \"watermark\""), m);
        m = refused("{\"predicates\": [[\"reason\", [\"=\", \"user\", \"x\"]]]}");
        assertTrue(m.contains("reason predicates know the fields source, reason and timestamp, not 'user'"), m);
        m = refused("{\"predicates\": [[\"reason\", [\"=\", \"timestamp\", \"yesterday\"]]]}");
        assertTrue(m.contains("'timestamp' is compared with an integer"), m);
        m = refused("{\"predicates\": [[\"reason\", [\"=\", \"source\", 5]]]}");
        assertTrue(m.contains("'source' is compared with a string"), m);
        m = refused("{\"predicates\": [[\"opcode\", [\"==\", \"OP_ID\"]]]}");
        assertTrue(m.startsWith("predicates[0][1]: '==' takes 2 operands"), m);
    }

    @Test
    void predicatesReadBackAsGiven() {
        String given = "[[\"jobid\",[\">\",\"id\",\"watermark\"]],[\"opcode\",[\"=\",\"OP_ID\",\"OP_INSTANCE_CREATE\"]],"
                + "[\"reason\",[\"=~\",\"reason\",\"maintenance pink bunny\"]],[\"opcode\",null]]";
        FilterSpec s = FilterSpec.fromJson(json("{\"predicates\": " + given + "}"));
        assertEquals(json(given), Json.tree(s.predicates()));
    }
}
