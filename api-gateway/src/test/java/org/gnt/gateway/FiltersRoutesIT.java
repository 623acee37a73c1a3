package org.gnt.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import org.apache.curator.framework.CuratorFramework;
import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.bus.opcode.OpTestDelay;
import org.gnt.gateway.GatewayHarness.Reply;
import org.gnt.gateway.rapi.FiltersRoutes;
import org.gnt.testkit.BusServersExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code /2/filters} over real HTTPS against real embedded ZooKeeper and Kafka. */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FiltersRoutesIT {
    @RegisterExtension
    static final BusServersExtension servers = new BusServersExtension();
    @TempDir
    static Path dir;

    static GatewayHarness gw;
    static String first;

    @BeforeAll
    static void start(Vertx vertx) throws Exception {
        BusConfig cfg = new BusConfig(servers.bootstrapServers(), servers.zkConnect(), "filters");
        CuratorFramework curator = GatewayHarness.initCluster(cfg, dir.resolve("storage"));
        gw = GatewayHarness.start(vertx, cfg, curator, dir.resolve("users"), """
                admin {cleartext}secret write
                viewer {cleartext}look read
                """, false);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gw != null) {
            gw.close();
            gw.curator.close();
        }
    }

    static Reply write(HttpMethod m, String uri, String body) throws Exception {
        return gw.as("admin", "secret", m, uri, body);
    }

    static JsonNode ok(Reply r) {
        assertEquals(200, r.status(), r.text());
        assertEquals("application/json", r.headers().get("Content-Type"));
        return r.json();
    }

    static JsonNode error(Reply r, int code) {
        assertEquals(code, r.status(), r.text());
        JsonNode b = r.json();
        assertEquals(code, b.path("code").asInt(), r.text());
        assertTrue(b.path("message").isTextual() && b.path("explain").isTextual(), r.text());
        return b;
    }

    static long submitJob() throws Exception {
        return gw.backend.jobs().submit(OpTestDelay.of(0)).get(30, TimeUnit.SECONDS);
    }

    @Test
    @Order(1)
    void noRulesAtFirst() throws Exception {
        assertEquals(Json.MAPPER.createArrayNode(), ok(gw.get("/2/filters")));
        assertEquals(Json.MAPPER.createArrayNode(), ok(gw.get("/2/filters?bulk=1")));
    }

    @Test
    @Order(2)
    void writesNeedAWriteUser() throws Exception {
        Reply anonymous = gw.call(HttpMethod.POST, "/2/filters", null, null, "{}", "application/json");
        error(anonymous, 401);
        assertTrue(anonymous.headers().get("WWW-Authenticate").contains("Ganeti Remote API"));
        error(gw.as("viewer", "look", HttpMethod.POST, "/2/filters", "{}"), 403);
        error(gw.call(HttpMethod.DELETE, "/2/filters/0f3e6b8c-1d2a-4b5c-8d9e-0a1b2c3d4e5f", null, null, null, null),
                401);
        assertEquals(0, ok(gw.get("/2/filters")).size(), "nothing was written");
    }

    @Test
    @Order(3)
    void postAddsARuleAndAnswersItsUuid() throws Exception {
        long lastJob = submitJob();
        Reply r = write(HttpMethod.POST, "/2/filters?reason=pink%20bunny", """
                {"priority": 2, "action": ["RATE_LIMIT", 3],
                 "predicates": [["opcode", ["=", "OP_ID", "OP_INSTANCE_CREATE"]], ["jobid", [">", "id", "watermark"]]],
                 "reason": [["gnt:user", "maintenance", 1409249801259897000]]}""");
        JsonNode uuid = ok(r);
        assertTrue(uuid.isTextual() && uuid.textValue().matches("[0-9a-f-]{36}"), r.text());
        first = uuid.textValue();

        JsonNode list = ok(gw.get("/2/filters"));
        assertEquals(Json.MAPPER.createArrayNode().add(Json.MAPPER.createObjectNode().put("uuid", first)
                .put("uri", "/2/filters/" + first)), list);

        JsonNode rule = ok(gw.get("/2/filters/" + first));
        Set<String> names = new HashSet<>();
        rule.fieldNames().forEachRemaining(names::add);
        assertEquals(Set.copyOf(FiltersRoutes.FIELDS), names);
        assertEquals(first, rule.get("uuid").asText());
        assertEquals(lastJob, rule.get("watermark").asLong(), "the highest job id handed out");
        assertEquals(2, rule.get("priority").asInt());
        assertEquals(Json.MAPPER.readTree("[\"RATE_LIMIT\", 3]"), rule.get("action"));
        assertEquals(Json.MAPPER.readTree("[[\"opcode\", [\"=\", \"OP_ID\", \"OP_INSTANCE_CREATE\"]],"
                + " [\"jobid\", [\">\", \"id\", \"watermark\"]]]"), rule.get("predicates"));
        JsonNode trail = rule.get("reason_trail");
        assertEquals(2, trail.size(), trail.toString());
        assertEquals("maintenance", trail.get(0).get(1).asText());
        assertEquals("gnt:client:rapi", trail.get(1).get(0).asText());
        assertEquals("pink bunny", trail.get(1).get(1).asText());
        assertTrue(trail.get(1).get(2).asLong() > 1_600_000_000_000_000_000L, "nanoseconds: " + trail);

        assertEquals(rule, ok(gw.get("/2/filters?bulk=1")).get(0), "bulk gives the same objects");
    }

    @Test
    @Order(4)
    void putReplacesARuleWithANewWatermark() throws Exception {
        long before = ok(gw.get("/2/filters/" + first)).get("watermark").asLong();
        long job = submitJob();
        JsonNode uuid = ok(write(HttpMethod.PUT, "/2/filters/" + first, "{\"action\": \"PAUSE\"}"));
        assertEquals(first, uuid.asText());
        JsonNode rule = ok(gw.get("/2/filters/" + first));
        assertEquals("PAUSE", rule.get("action").asText());
        assertEquals(0, rule.get("priority").asInt(), "a replace sets every field; omitted ones take defaults");
        assertEquals(0, rule.get("predicates").size());
        assertEquals(job, rule.get("watermark").asLong());
        assertNotEquals(before, job);
        assertEquals("PUT /2/filters/" + first, rule.get("reason_trail").get(0).get(1).asText());
    }

    @Test
    @Order(5)
    void putCreatesARuleUnderAGivenUuidAndTheListIsInEvaluationOrder() throws Exception {
        String given = "0f3e6b8c-1d2a-4b5c-8d9e-0a1b2c3d4e5f";
        ok(write(HttpMethod.PUT, "/2/filters/" + given, "{\"priority\": 0, \"action\": \"ACCEPT\"}"));
        ok(write(HttpMethod.PUT, "/2/filters/" + first, "{\"priority\": 7, \"action\": \"REJECT\"}"));
        JsonNode list = ok(gw.get("/2/filters?bulk=1"));
        assertEquals(List.of(given, first), List.of(list.get(0).get("uuid").asText(), list.get(1).get("uuid").asText()));
        assertEquals("ACCEPT", list.get(0).get("action").asText());
    }

    @Test
    @Order(6)
    void invalidRequestsAre400NamingTheField() throws Exception {
        JsonNode e = error(write(HttpMethod.POST, "/2/filters", "{\"action\": \"accept\"}"), 400);
        assertEquals("Bad Request", e.get("message").asText());
        assertTrue(e.get("explain").asText().startsWith("Invalid body parameters: action: must be one of"), e.toString());
        e = error(write(HttpMethod.POST, "/2/filters", "{\"prio\": 1}"), 400);
        assertTrue(e.get("explain").asText().contains("doesn't support the parameter 'prio'"), e.toString());
        e = error(write(HttpMethod.POST, "/2/filters", "{\"priority\": -3}"), 400);
        assertTrue(e.get("explain").asText().contains("priority: must be a non-negative integer"), e.toString());
        e = error(write(HttpMethod.POST, "/2/filters",
                "{\"predicates\": [[\"jobid\", [\"=~\", \"id\", \"1\"]]]}"), 400);
        assertTrue(e.get("explain").asText().contains("predicates[0][1]: a job id can only be compared"), e.toString());
        e = error(write(HttpMethod.POST, "/2/filters", "{\"predicates\": [[\"opcode\", [\"=~\", \"OP_ID\", \"(\"]]]}"),
                400);
        assertTrue(e.get("explain").asText().contains("invalid regular expression"), e.toString());
        e = error(write(HttpMethod.POST, "/2/filters", "[1]"), 400);
        assertTrue(e.get("explain").asText().contains("must be a JSON object"), e.toString());
        e = error(write(HttpMethod.PUT, "/2/filters/not-a-uuid", "{}"), 400);
        assertTrue(e.get("explain").asText().startsWith("uuid: 'not-a-uuid' is not a UUID"), e.toString());
        error(write(HttpMethod.POST, "/2/filters", "{\"action\": "), 400);
        assertEquals(2, ok(gw.get("/2/filters")).size(), "nothing was written");
    }

    @Test
    @Order(7)
    void deleteRemovesARuleAndUnknownRulesAre404() throws Exception {
        Reply deleted = write(HttpMethod.DELETE, "/2/filters/" + first, null);
        assertEquals(200, deleted.status(), deleted.text());
        assertEquals("null", deleted.text().strip());
        JsonNode e = error(gw.get("/2/filters/" + first), 404);
        assertEquals("Filter rule with UUID " + first + " does not exist", e.get("explain").asText());
        error(write(HttpMethod.DELETE, "/2/filters/" + first, null), 404);
        error(gw.get("/2/filters/not-a-uuid"), 404);
        assertEquals(1, ok(gw.get("/2/filters")).size());
        error(write(HttpMethod.POST, "/2/filters/" + first, "{}"), 501);
    }
}
