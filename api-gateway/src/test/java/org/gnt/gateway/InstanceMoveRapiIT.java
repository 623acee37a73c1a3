package org.gnt.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpMethod;
import org.gnt.gateway.GatewayHarness.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The migrate, failover and reboot resources with the requests Ganeti's Python client sends
 * (MigrateInstance, FailoverInstance, RebootInstance: sorted JSON bodies, 0/1 query flags): the
 * opcode each submits, and the refusals. The instances do not exist, so the coordinator fails the
 * jobs with unknown_entity; what runs is proved by dist's MigrationIT.
 */
class InstanceMoveRapiIT {
    @RegisterExtension
    static final CoordinatedGateway gw = new CoordinatedGateway("moves", "coord-moves", 2, "w wpw write\nr rpw\n", true);

    private static JsonNode op(Reply r) throws Exception {
        assertEquals(200, r.status(), r.text());
        long id = Long.parseLong(r.text().strip().replace("\"", ""));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            Reply j = gw.as("w", "wpw", HttpMethod.GET, "/2/jobs/" + id, null);
            if (j.status() == 200 && j.json().path("status").asText().equals("error")) {
                JsonNode error = j.json().path("opresult").get(0);
                assertEquals("unknown_entity", error.get(1).get(1).asText(), error.toString());
                return j.json().path("ops").get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not fail as expected");
    }

    /** A 400 before any job, naming {@code mentions}. */
    private static void assertRefused(HttpMethod method, String uri, String body, String mentions) throws Exception {
        Reply r = gw.as("w", "wpw", method, uri, body);
        assertEquals(400, r.status(), r.text());
        assertTrue(r.text().contains(mentions), r.text());
    }

    @Test
    void migrateSubmitsTheBodyAsOpInstanceMigrate() throws Exception {
        // MigrateInstance(inst, mode="non-live", cleanup=True, target_node="node2")
        JsonNode op = op(gw.as("w", "wpw", HttpMethod.PUT, "/2/instances/ghost.example.com/migrate",
                "{\"cleanup\": true, \"mode\": \"non-live\", \"target_node\": \"node2\"}"));
        assertEquals("OP_INSTANCE_MIGRATE", op.path("OP_ID").asText());
        assertEquals("ghost.example.com", op.path("instance_name").asText());
        assertEquals("non-live", op.path("mode").asText());
        assertTrue(op.path("cleanup").asBoolean());
        assertEquals("node2", op.path("target_node").asText());

        assertRefused(HttpMethod.PUT, "/2/instances/ghost.example.com/migrate", "{\"live\": false, \"mode\": \"live\"}",
                "'live'");
        assertRefused(HttpMethod.PUT, "/2/instances/ghost.example.com/migrate", "{\"mode\": \"fast\"}", "'mode'");
        Reply named = gw.as("w", "wpw", HttpMethod.PUT, "/2/instances/ghost.example.com/migrate",
                "{\"instance_name\": \"other.example.com\"}");
        assertEquals(400, named.status(), named.text());
        assertEquals(403, gw.as("r", "rpw", HttpMethod.PUT, "/2/instances/ghost.example.com/migrate", "{}").status());
    }

    @Test
    void failoverSubmitsTheBodyAsOpInstanceFailover() throws Exception {
        // FailoverInstance(inst, ignore_consistency=True, target_node="node3")
        JsonNode op = op(gw.as("w", "wpw", HttpMethod.PUT, "/2/instances/ghost.example.com/failover?dry-run=0",
                "{\"ignore_consistency\": true, \"target_node\": \"node3\"}"));
        assertEquals("OP_INSTANCE_FAILOVER", op.path("OP_ID").asText());
        assertTrue(op.path("ignore_consistency").asBoolean());
        assertEquals("node3", op.path("target_node").asText());
        assertRefused(HttpMethod.PUT, "/2/instances/ghost.example.com/failover", "{\"shutdown_timeout\": -1}",
                "shutdown_timeout");
    }

    @Test
    void rebootTakesTypeAndFlagsFromTheQuery() throws Exception {
        // RebootInstance(inst, reboot_type="soft", ignore_secondaries=False, shutdown_timeout=30)
        JsonNode op = op(gw.as("w", "wpw", HttpMethod.POST,
                "/2/instances/ghost.example.com/reboot?type=soft&ignore_secondaries=0", "{\"shutdown_timeout\": 30}"));
        assertEquals("OP_INSTANCE_REBOOT", op.path("OP_ID").asText());
        assertEquals("soft", op.path("reboot_type").asText());
        assertFalse(op.path("ignore_secondaries").asBoolean());
        assertEquals(30.0, op.path("shutdown_timeout").asDouble());
        JsonNode dflt = op(gw.as("w", "wpw", HttpMethod.POST, "/2/instances/ghost.example.com/reboot", "{}"));
        assertEquals("hard", dflt.path("reboot_type").asText(), "Ganeti's RAPI default");

        assertRefused(HttpMethod.POST, "/2/instances/ghost.example.com/reboot?type=gentle", "{}", "reboot_type");
        Reply twice = gw.as("w", "wpw", HttpMethod.POST, "/2/instances/ghost.example.com/reboot",
                "{\"reboot_type\": \"soft\"}");
        assertEquals(400, twice.status(), twice.text());
        assertEquals(501, gw.as("w", "wpw", HttpMethod.PUT, "/2/instances/ghost.example.com/reboot", "{}").status());
    }

}
