package org.gnt.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import org.apache.curator.framework.CuratorFramework;
import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.bus.opcode.OpTestDelay;
import org.gnt.coordinator.Coordinator;
import org.gnt.gateway.GatewayHarness.Reply;
import org.gnt.gateway.auth.RapiUser;
import org.gnt.testkit.BusServersExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The gateway against real embedded Kafka and ZooKeeper and an in-process coordinator (no node services). */
@ExtendWith(VertxExtension.class)
class RapiGatewayIT {
    static {
        System.setProperty("gnt.rapi.wait.ms", "2000"); // a short change-wait timeout for the tests
    }

    @RegisterExtension
    static final BusServersExtension servers = new BusServersExtension();
    @TempDir
    static Path dir;

    private static final String WRITER = "writer";
    private static final String WRITER_PW = "w-secret";
    private static final String READER = "reader";
    private static final String READER_PW = "r-secret";
    private static final String HA1_USER = "jessica";
    private static final String HA1_PW = "h-secret";

    static Coordinator coordinator;
    static GatewayHarness gw;

    @BeforeAll
    static void start(Vertx vertx) throws Exception {
        BusConfig cfg = new BusConfig(servers.bootstrapServers(), servers.zkConnect(), "gw");
        CuratorFramework curator = GatewayHarness.initCluster(cfg, dir.resolve("storage"));
        coordinator = new Coordinator(cfg, "coord-it", 4).start();
        String users = """
                # test users
                %s {cleartext}%s write
                %s %s read
                %s {HA1}%s write
                """.formatted(WRITER, WRITER_PW, READER, READER_PW, HA1_USER,
                RapiUser.ha1(HA1_USER, "Ganeti Remote API", HA1_PW));
        gw = GatewayHarness.start(vertx, cfg, curator, dir.resolve("users"), users, false);
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

    private static Reply write(HttpMethod m, String uri, String body) throws Exception {
        return gw.as(WRITER, WRITER_PW, m, uri, body);
    }

    private static void assertError(Reply r, int code, String message) {
        assertEquals(code, r.status(), r.text());
        assertEquals("application/json", r.headers().get("Content-Type"));
        JsonNode b = r.json();
        assertEquals(code, b.path("code").asInt(), r.text());
        assertEquals(message, b.path("message").asText(), r.text());
        assertTrue(b.has("explain"), r.text());
    }

    private static long jobId(Reply r) {
        assertEquals(200, r.status(), r.text());
        assertTrue(r.text().strip().matches("\\d+"), "a bare job id: " + r.text());
        return Long.parseLong(r.text().strip());
    }

    /** Follows a job with the wait resource, the way Ganeti's client does, until it is finished. */
    private static JsonNode waitUntilFinished(long id) throws Exception {
        JsonNode previous = null;
        long serial = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.putArray("fields").add("status").add("opstatus");
            body.set("previous_job_info", previous == null ? Json.MAPPER.nullNode() : previous);
            if (serial < 0) {
                body.putNull("previous_log_serial");
            } else {
                body.put("previous_log_serial", serial);
            }
            Reply r = gw.as(WRITER, WRITER_PW, HttpMethod.GET, "/2/jobs/" + id + "/wait", body.toString());
            assertEquals(200, r.status(), r.text());
            JsonNode answer = r.json();
            previous = answer.get("job_info");
            for (JsonNode e : answer.get("log_entries")) {
                serial = Math.max(serial, e.get(0).asLong());
            }
            String status = previous.get(0).asText();
            if (status.equals("success") || status.equals("error") || status.equals("canceled")) {
                return previous;
            }
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    @Test
    void versionIsTwo() throws Exception {
        Reply r = gw.get("/version");
        assertEquals(200, r.status());
        assertEquals("2", r.text().strip());
        assertEquals("application/json", r.headers().get("Content-Type"));
        assertEquals(200, gw.get("/").status());
        assertEquals(200, gw.get("/2").status());
    }

    @Test
    void clusterInfo() throws Exception {
        JsonNode info = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) { // the coordinator may still be taking over
            Reply r = gw.get("/2/info");
            assertEquals(200, r.status(), r.text());
            info = r.json();
            if (info.path("master").isTextual()) {
                break;
            }
            Thread.sleep(200);
        }
        assertNotNull(info);
        assertEquals("gw.example.com", info.path("name").asText());
        assertEquals("coord-it", info.path("master").asText());
        assertEquals("fake", info.path("default_hypervisor").asText());
        assertEquals("[\"fake\"]", info.path("enabled_hypervisors").toString());
        assertTrue(info.path("uuid").isTextual());
        assertTrue(info.path("beparams").path("default").path("maxmem").isInt(), info.toString());
        assertTrue(info.path("hvparams").has("fake"));
        assertEquals("0.1.0", info.path("software_version").asText());
        assertEquals(2, info.path("architecture").size());
        assertTrue(info.path("tags").isArray());
        assertTrue(info.path("ctime").isNumber());
    }

    @Test
    void featuresAnnounceInstanceCreateV1() throws Exception {
        Reply r = gw.get("/2/features");
        assertEquals(200, r.status());
        assertTrue(r.json().isArray());
        assertTrue(r.text().contains("\"instance-create-reqv1\""), r.text());
    }

    @Test
    void writeWithoutCredentialsIs401() throws Exception {
        Reply r = gw.call(HttpMethod.POST, "/2/instances", null, null, "{\"__version__\": 1}", "application/json");
        assertError(r, 401, "Unauthorized");
        assertEquals("Basic realm=\"Ganeti Remote API\"", r.headers().get("WWW-Authenticate"));
        assertError(gw.as(WRITER, "wrong", HttpMethod.POST, "/2/instances", "{\"__version__\": 1}"), 401,
                "Unauthorized");
        assertError(gw.as("ghost", "x", HttpMethod.DELETE, "/2/instances/i1", "{}"), 401, "Unauthorized");
        // reads stay open without --require-authentication
        assertEquals(200, gw.get("/2/instances").status());
    }

    @Test
    void readOnlyUserWritingIs403() throws Exception {
        assertError(gw.as(READER, READER_PW, HttpMethod.POST, "/2/instances", "{\"__version__\": 1}"), 403, "Forbidden");
        assertError(gw.as(READER, READER_PW, HttpMethod.PUT, "/2/instances/i1/shutdown", "{}"), 403, "Forbidden");
        assertError(gw.as(READER, READER_PW, HttpMethod.GET, "/2/jobs/1/wait", "{}"), 403, "Forbidden");
        assertError(gw.get("/2/jobs/1/wait"), 401, "Unauthorized");
    }

    @Test
    void malformedJsonIs400() throws Exception {
        Reply r = write(HttpMethod.POST, "/2/instances", "{\"__version__\": 1,");
        assertError(r, 400, "Unable to parse JSON data");
        assertFalse(r.json().path("explain").asText().isBlank());
        assertError(write(HttpMethod.POST, "/2/instances", "{} trailing"), 400, "Unable to parse JSON data");
    }

    @Test
    void unknownOpcodeFieldIs400() throws Exception {
        Reply r = write(HttpMethod.POST, "/2/instances", """
                {"__version__": 1, "name": "i1.example.com", "mode": "create", "disk_template": "diskless",
                 "disks": [], "nics": [], "os": "noop", "pnode": "node1", "bogus": 1}""");
        assertError(r, 400, "Bad Request");
        String explain = r.json().path("explain").asText();
        assertTrue(explain.startsWith("Invalid body parameters"), explain);
        assertTrue(explain.contains("bogus"), explain);
        Reply wrongType = write(HttpMethod.POST, "/2/instances", """
                {"__version__": 1, "name": "i1", "mode": "create", "disk_template": "diskless", "os": "noop",
                 "start": "maybe"}""");
        assertError(wrongType, 400, "Bad Request");
        assertTrue(wrongType.json().path("explain").asText().contains("start"), wrongType.text());
    }

    @Test
    void createRequestVersionIsChecked() throws Exception {
        Reply missing = write(HttpMethod.POST, "/2/instances", "{\"name\": \"i1\"}");
        assertError(missing, 400, "Bad Request");
        assertTrue(missing.json().path("explain").asText().contains("__version__"));
        assertError(write(HttpMethod.POST, "/2/instances", "{\"__version__\": 0, \"name\": \"i1\"}"), 400, "Bad Request");
        assertError(write(HttpMethod.POST, "/2/instances", "{\"__version__\": 2, \"name\": \"i1\"}"), 400, "Bad Request");
        assertError(write(HttpMethod.POST, "/2/instances", "[1, 2]"), 400, "Bad Request");
        Reply both = write(HttpMethod.POST, "/2/instances",
                "{\"__version__\": 1, \"name\": \"a\", \"instance_name\": \"b\"}");
        assertError(both, 400, "Bad Request");
    }

    @Test
    void unknownPathIs404AndUnsupportedMethodIs501() throws Exception {
        assertError(gw.get("/2/no-such-thing"), 404, "Not Found");
        assertError(gw.get("/3/instances"), 404, "Not Found");
        assertError(gw.get("/2/jobs/abc"), 404, "Not Found");
        assertError(write(HttpMethod.DELETE, "/2/instances", "{}"), 501, "Not Implemented");
        assertError(write(HttpMethod.POST, "/version", "{}"), 501, "Not Implemented");
        assertError(write(HttpMethod.PUT, "/2/instances/i1", "{}"), 501, "Not Implemented");
    }

    @Test
    void bodyMustBeJson() throws Exception {
        Reply r = gw.call(HttpMethod.POST, "/2/instances", WRITER, WRITER_PW, "name=i1", "application/x-www-form-urlencoded");
        assertError(r, 415, "Unsupported Media Type");
        // an empty body needs no content type, and a charset parameter is fine
        Reply ok = gw.call(HttpMethod.GET, "/version", null, null, null, "text/plain");
        assertEquals(200, ok.status());
        Reply charset = gw.call(HttpMethod.POST, "/2/instances", WRITER, WRITER_PW, "{", "application/json; charset=utf-8");
        assertError(charset, 400, "Unable to parse JSON data");
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        String big = "[" + "0,".repeat((int) (RapiRouter.MAX_BODY_BYTES / 2)) + "0]";
        assertError(gw.call(HttpMethod.POST, "/2/instances", null, null, big, "application/json"), 413,
                "Request Entity Too Large");
    }

    @Test
    void unknownInstanceAndNodeAre404() throws Exception {
        Reply r = gw.get("/2/instances/nope.example.com");
        assertError(r, 404, "Not Found");
        assertTrue(r.json().path("explain").asText().contains("nope.example.com"));
        assertError(gw.get("/2/nodes/nonode"), 404, "Not Found");
    }

    @Test
    void emptyListings() throws Exception {
        assertEquals("[]", gw.get("/2/nodes").text());
        assertEquals("[]", gw.get("/2/nodes?bulk=1").text());
        Reply instances = gw.get("/2/instances?bulk=1");
        assertEquals(200, instances.status());
        assertTrue(instances.json().isArray());
        assertError(gw.get("/2/instances?bulk=yes"), 400, "Bad Request");
    }

    @Test
    void createOnUnknownNodeIsAJobThatFails() throws Exception {
        Reply r = write(HttpMethod.POST, "/2/instances", """
                {"__version__": 1, "beparams": {"memory": 64}, "disk_template": "diskless", "disks": [],
                 "ip_check": false, "mode": "create", "name": "i1.example.com", "name_check": false, "nics": [],
                 "os": "noop", "pnode": "no-such-node.example.com"}""");
        long id = jobId(r);

        JsonNode finalInfo = waitUntilFinished(id);
        assertEquals("error", finalInfo.get(0).asText());

        Reply job = gw.get("/2/jobs/" + id);
        assertEquals(200, job.status(), job.text());
        JsonNode j = job.json();
        assertEquals(id, j.path("id").asLong());
        assertEquals("error", j.path("status").asText());
        assertEquals("[\"error\"]", j.path("opstatus").toString());
        JsonNode error = j.path("opresult").get(0);
        assertEquals("OpPrereqError", error.get(0).asText(), j.toString());
        assertTrue(error.get(1).get(0).asText().contains("no-such-node.example.com"), j.toString());
        assertEquals("unknown_entity", error.get(1).get(1).asText());
        JsonNode op = j.path("ops").get(0);
        assertEquals("OP_INSTANCE_CREATE", op.path("OP_ID").asText());
        assertEquals("i1.example.com", op.path("instance_name").asText(), "name renamed to instance_name");
        assertEquals("noop", op.path("os_type").asText(), "os renamed to os_type");
        assertFalse(op.has("__version__"));
        assertEquals("[\"INSTANCE_CREATE(i1.example.com)\"]", j.path("summary").toString());
        for (String f : List.of("received_ts", "start_ts", "end_ts", "oplog")) {
            assertTrue(j.has(f), f);
        }

        List<Long> ids = new ArrayList<>();
        for (JsonNode e : gw.get("/2/jobs").json()) {
            ids.add(e.path("id").asLong());
            assertEquals("/2/jobs/" + e.path("id").asLong(), e.path("uri").asText());
        }
        assertTrue(ids.contains(id), ids.toString());
        assertEquals(ids.stream().sorted().toList(), ids, "ascending");
        boolean found = false;
        for (JsonNode e : gw.get("/2/jobs?bulk=1").json()) {
            if (e.path("id").asLong() == id) {
                found = true;
                assertEquals("error", e.path("status").asText());
                assertFalse(e.has("opresult"), "bulk fields are Ganeti's J_FIELDS_BULK");
            }
        }
        assertTrue(found);
    }

    @Test
    void writesCarryDryRunAndReason() throws Exception {
        long id = jobId(gw.as(HA1_USER, HA1_PW, HttpMethod.PUT,
                "/2/instances/ghost.example.com/shutdown?dry-run=1&no_remember=1&reason=maintenance", "{\"timeout\": 30}"));
        JsonNode op = gw.get("/2/jobs/" + id).json().path("ops").get(0);
        assertEquals("OP_INSTANCE_SHUTDOWN", op.path("OP_ID").asText());
        assertEquals("ghost.example.com", op.path("instance_name").asText());
        assertTrue(op.path("dry_run").asBoolean());
        assertTrue(op.path("no_remember").asBoolean());
        assertEquals(30.0, op.path("timeout").asDouble());
        JsonNode reason = op.path("reason").get(0);
        assertEquals("gnt:client:rapi", reason.get(0).asText());
        assertEquals("maintenance", reason.get(1).asText());
        assertTrue(reason.get(2).asLong() > 1_000_000_000_000_000_000L);
        JsonNode done = waitUntilFinished(id);
        assertEquals("error", done.get(0).asText(), "the coordinator does not know the instance");
        JsonNode error = gw.get("/2/jobs/" + id).json().path("opresult").get(0);
        assertEquals("unknown_entity", error.get(1).get(1).asText(), error.toString());

        Reply clash = write(HttpMethod.PUT, "/2/instances/ghost.example.com/shutdown", "{\"instance_name\": \"other\"}");
        assertError(clash, 400, "Bad Request");
    }

    @Test
    void startupAndDeleteSubmitJobs() throws Exception {
        long start = jobId(write(HttpMethod.PUT, "/2/instances/ghost2.example.com/startup?force=1", null));
        JsonNode op = gw.get("/2/jobs/" + start).json().path("ops").get(0);
        assertEquals("OP_INSTANCE_STARTUP", op.path("OP_ID").asText());
        assertTrue(op.path("force").asBoolean());
        assertTrue(op.path("reason").get(0).get(1).asText().contains("/startup"), op.toString());

        long del = jobId(write(HttpMethod.DELETE, "/2/instances/ghost2.example.com?dry-run=1", "{}"));
        JsonNode delOp = gw.get("/2/jobs/" + del).json().path("ops").get(0);
        assertEquals("OP_INSTANCE_REMOVE", delOp.path("OP_ID").asText());
        assertTrue(delOp.path("dry_run").asBoolean());
        assertEquals("error", waitUntilFinished(del).get(0).asText());
        assertEquals("error", waitUntilFinished(start).get(0).asText());
    }

    private static ObjectNode waitBody(JsonNode previous, Long serial) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putArray("fields").add("status");
        body.set("previous_job_info", previous == null ? Json.MAPPER.nullNode() : previous);
        if (serial == null) {
            body.putNull("previous_log_serial");
        } else {
            body.put("previous_log_serial", serial);
        }
        return body;
    }

    private static JsonNode awaitRunning(long id, int logEntries) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            JsonNode info = gw.get("/2/jobs/" + id).json();
            if (info.path("status").asText().equals("running") && info.path("oplog").get(0).size() >= logEntries) {
                return info;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + id + " did not start");
    }

    @Test
    void waitWithoutChangeBlocksForTheTimeout() throws Exception {
        long id = gw.backend.jobs().submit(OpTestDelay.of(12.0)).get(30, TimeUnit.SECONDS);
        Reply first = gw.as(WRITER, WRITER_PW, HttpMethod.PUT, "/2/jobs/" + id + "/wait", waitBody(null, null).toString());
        assertEquals(200, first.status(), first.text());
        awaitRunning(id, 0);
        // no log entries and previous_log_serial null: nothing new, so the call blocks
        String unchangedBody = waitBody(Json.MAPPER.createArrayNode().add("running"), null).toString();
        long t0 = System.nanoTime();
        Reply unchanged = gw.as(WRITER, WRITER_PW, HttpMethod.GET, "/2/jobs/" + id + "/wait", unchangedBody);
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(200, unchanged.status(), unchanged.text());
        assertEquals("[\"running\"]", unchanged.json().path("job_info").toString());
        assertEquals(0, unchanged.json().path("log_entries").size());
        assertTrue(waitedMs >= 1500, "blocked for the wait timeout, took " + waitedMs + " ms");

        assertError(gw.as(WRITER, WRITER_PW, HttpMethod.GET, "/2/jobs/" + id + "/wait", "{\"fields\": \"status\"}"),
                400, "Bad Request");
    }

    @Test
    void waitReturnsNewLogEntriesAndFinishedJobsAtOnce() throws Exception {
        long id = gw.backend.jobs().submit(new OpTestDelay(1.0, null, null, null, 1, null, null))
                .get(30, TimeUnit.SECONDS);
        awaitRunning(id, 1);
        // the second iteration's log line (serial 2) ends the wait, or is returned at once if already there
        Reply logged = gw.as(WRITER, WRITER_PW, HttpMethod.GET, "/2/jobs/" + id + "/wait",
                waitBody(Json.MAPPER.createArrayNode().add("running"), 1L).toString());
        ArrayNode entries = (ArrayNode) logged.json().path("log_entries");
        assertTrue(entries.size() >= 1, logged.text());
        JsonNode e = entries.get(0);
        assertEquals(2, e.get(0).asLong());
        assertEquals(2, e.get(1).size(), "[seconds, microseconds]");
        assertEquals("message", e.get(2).asText());
        assertTrue(e.get(3).asText().contains("iteration"), e.toString());

        assertEquals("success", waitUntilFinished(id).get(0).asText());
        // a finished job answers at once even when unchanged
        long t1 = System.nanoTime();
        Reply done = gw.as(WRITER, WRITER_PW, HttpMethod.GET, "/2/jobs/" + id + "/wait",
                waitBody(Json.MAPPER.createArrayNode().add("success"), 99L).toString());
        assertEquals("[\"success\"]", done.json().path("job_info").toString());
        assertEquals(0, done.json().path("log_entries").size());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1) < 1500);
    }

    @Test
    void unknownJobIs404() throws Exception {
        assertError(gw.get("/2/jobs/987654321"), 404, "Not Found");
        String body = "{\"fields\": [\"status\"], \"previous_job_info\": null, \"previous_log_serial\": null}";
        assertError(write(HttpMethod.GET, "/2/jobs/987654321/wait", body), 404, "Not Found");
    }

    @Test
    void jobReadRightAfterSubmitIsFound() throws Exception {
        for (int i = 0; i < 3; i++) {
            long id = jobId(write(HttpMethod.PUT, "/2/instances/fast" + i + "/startup?dry-run=1", "{}"));
            Reply r = gw.get("/2/jobs/" + id);
            assertEquals(200, r.status(), r.text());
            assertEquals(id, r.json().path("id").asLong());
        }
    }
}
