package org.gnt.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import org.apache.curator.framework.CuratorFramework;
import org.gnt.bus.BusConfig;
import org.gnt.coordinator.Coordinator;
import org.gnt.gateway.GatewayHarness.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.gnt.testkit.BusServersExtension;

/**
 * The migrate, failover and reboot resources with the requests Ganeti's Python client sends
 * (MigrateInstance, FailoverInstance, RebootInstance: sorted JSON bodies, 0/1 query flags): the
 * opcode each submits, and the refusals. The instances do not exist, so the coordinator fails the
 * jobs with unknown_entity; what runs is proved by dist's MigrationIT.
 */
@ExtendWith(VertxExtension.class)
class InstanceMoveRapiIT {
    @RegisterExtension
    static final BusServersExtension servers = new BusServersExtension();
    @TempDir
    static Path dir;

    static Coordinator coordinator;
    static GatewayHarness gw;

    @BeforeAll
    static void start(Vertx vertx) throws Exception {
        BusConfig cfg = new BusConfig(servers.bootstrapServers(), servers.zkConnect(), "moves");
        CuratorFramework curator = GatewayHarness.initCluster(cfg, dir.resolve("storage"));
        coordinator = new Coordinator(cfg, "coord-moves", 2).start();
        gw = GatewayHarness.start(vertx, cfg, curator, dir.resolve("users"), "w wpw write\nr rpw\n", true);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gw != null) {
            gw.close();
            gw.curator.close();
        }
        if (coordinator != null) {
            coordinator.close();
        }
    }

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

        Reply both = gw.as("w", "wpw", HttpMethod.PUT, "/2/instances/ghost.example.com/migrate",
                "{\"live\": false, \"mode\": \"live\"}");
        assertEquals(400, both.status(), both.text());
        assertTrue(both.text().contains("'live'"), both.text());
        Reply mode = gw.as("w", "wpw", HttpMethod.PUT, "/2/instances/ghost.example.com/migrate", "{\"mode\": \"fast\"}");
        assertEquals(400, mode.status(), mode.text());
        assertTrue(mode.text().contains("'mode'"), mode.text());
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
        Reply negative = gw.as("w", "wpw", HttpMethod.PUT, "/2/instances/ghost.example.com/failover",
                "{\"shutdown_timeout\": -1}");
        assertEquals(400, negative.status(), negative.text());
        assertTrue(negative.text().contains("shutdown_timeout"), negative.text());
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

        Reply bad = gw.as("w", "wpw", HttpMethod.POST, "/2/instances/ghost.example.com/reboot?type=gentle", "{}");
        assertEquals(400, bad.status(), bad.text());
        assertTrue(bad.text().contains("reboot_type"), bad.text());
        Reply twice = gw.as("w", "wpw", HttpMethod.POST, "/2/instances/ghost.example.com/reboot",
                "{\"reboot_type\": \"soft\"}");
        assertEquals(400, twice.status(), twice.text());
        assertEquals(501, gw.as("w", "wpw", HttpMethod.PUT, "/2/instances/ghost.example.com/reboot", "{}").status());
    }

}
