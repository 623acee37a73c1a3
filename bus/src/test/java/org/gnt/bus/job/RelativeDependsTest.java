package org.gnt.bus.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.bus.Json;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.junit.jupiter.api.Test;

class RelativeDependsTest {
    static JsonNode op(String depends) throws Exception {
        return Json.MAPPER.readTree("{\"OP_ID\": \"OP_TEST_DELAY\", \"duration\": 0"
                + (depends == null ? "" : ", \"depends\": " + depends) + "}");
    }

    @Test
    void relativeIdsBecomeTheIdsOfEarlierJobsOfTheSubmission() throws Exception {
        List<List<JsonNode>> jobs = List.of(
                List.of(op(null)),
                List.of(op("[[-1, [\"success\"]]]")),
                List.of(op(null), op("[[-2, []], [-1, [\"error\", \"canceled\"]], [7, [\"success\"]]]")));
        List<List<JsonNode>> out = RelativeDepends.resolve(jobs, List.of(40L, 41L, 42L));
        assertSame(jobs.get(0).get(0), out.get(0).get(0), "an opcode without depends is passed on as it is");
        assertEquals("[[40,[\"success\"]]]", out.get(1).get(0).get("depends").toString());
        assertEquals("[[40,[]],[41,[\"error\",\"canceled\"]],[7,[\"success\"]]]",
                out.get(2).get(1).get("depends").toString(), "absolute ids stay as they are");
        assertEquals("[[-1,[\"success\"]]]", jobs.get(1).get(0).get("depends").toString(), "the input is not changed");
    }

    @Test
    void aRelativeIdBeforeTheFirstJobIsRefusedNamingJobOpcodeAndValue() throws Exception {
        List<List<JsonNode>> jobs = List.of(List.of(op(null)), List.of(op(null), op("[[-2, [\"success\"]]]")));
        PluginException e = assertThrows(PluginException.class, () -> RelativeDepends.check(jobs));
        assertEquals(ErrorKind.INVAL, e.kind());
        assertEquals("Job 2 of the submission, opcode 2 (OP_TEST_DELAY): relative job id -2 in 'depends' reaches"
                + " before the first job of the submission", e.getMessage());
        assertThrows(PluginException.class, () -> RelativeDepends.check(List.of(List.of(op("[[-1, []]]")))),
                "the first job has nothing before it");
        assertThrows(PluginException.class,
                () -> RelativeDepends.resolve(List.of(List.of(op("[[-9000000000, []]]"))), List.of(1L)));
    }

    @Test
    void malformedDependsAreLeftForTheMasterToRefuse() throws Exception {
        JsonNode odd = op("[\"x\", [], [\"-1\", []], [1.5, []]]");
        List<List<JsonNode>> out = RelativeDepends.resolve(List.of(List.of(odd)), List.of(5L));
        assertEquals(odd, out.get(0).get(0));
        JsonNode notAList = op("{\"a\": 1}");
        assertEquals(notAList, RelativeDepends.resolve(List.of(List.of(notAList)), List.of(5L)).get(0).get(0));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> RelativeDepends.resolve(List.of(List.of(odd)), List.of(1L, 2L))).getMessage().contains("ids"));
    }
}
