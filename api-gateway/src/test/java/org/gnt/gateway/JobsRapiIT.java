package org.gnt.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import org.apache.curator.framework.CuratorFramework;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.job.JobClient;
import org.gnt.bus.opcode.OpTestDelay;
import org.gnt.coordinator.Coordinator;
import org.gnt.gateway.GatewayHarness.Reply;
import org.gnt.testkit.BusServersExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archived jobs and multi-job submission ({@code POST /2/jobs}, a gnt extension) through the
 * gateway, with real embedded Kafka and ZooKeeper and an in-process coordinator.
 */
@ExtendWith(VertxExtension.class)
class JobsRapiIT {
    @RegisterExtension
    static final BusServersExtension SERVERS = new BusServersExtension();
    @TempDir
    static Path dir;

    static Coordinator coordinator;
    static GatewayHarness gw;
    static CuratorFramework otherCurator;
    /** Another client of the cluster, as a CLI elsewhere would be. */
    static JobClient other;

    @BeforeAll
    static void start(Vertx vertx) throws Exception {
        BusConfig cfg = new BusConfig(SERVERS.bootstrapServers(), SERVERS.zkConnect(), "gwjobs");
        CuratorFramework curator = GatewayHarness.initCluster(cfg, dir.resolve("storage"));
        coordinator = new Coordinator(cfg, "coord-j", 4).start();
        gw = GatewayHarness.start(vertx, cfg, curator, dir.resolve("users"),
                "writer {cleartext}w-secret write\nreader r-secret\n", false);
        otherCurator = BusClients.curator(cfg);
        other = new JobClient(cfg, otherCurator);
    }

    @AfterAll
    static void stop() throws Exception {
        if (other != null) {
            other.close();
            otherCurator.close();
        }
        if (gw != null) {
            gw.close();
            gw.curator.close();
        }
        if (coordinator != null) {
            coordinator.close();
        }
    }

    static Reply post(String uri, String body) throws Exception {
        return gw.as("writer", "w-secret", HttpMethod.POST, uri, body);
    }

    static List<Long> ids(Reply r) {
        assertEquals(200, r.status(), r.text());
        List<Long> ids = new ArrayList<>();
        for (JsonNode n : r.json()) {
            assertTrue(n.isIntegralNumber(), "bare job ids: " + r.text());
            ids.add(n.asLong());
        }
        return ids;
    }

    /** A job as GET /2/jobs/ID answers it, once it is finished. */
    static JsonNode finished(long id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Reply r = gw.get("/2/jobs/" + id);
            assertEquals(200, r.status(), r.text());
            String st = r.json().path("status").asText();
            if (st.equals("success") || st.equals("error") || st.equals("canceled")) {
                return r.json();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    static double seconds(JsonNode ts) {
        return ts.get(0).asLong() + ts.get(1).asLong() / 1e6;
    }

    static void assertBadRequest(Reply r, String explainPart) {
        assertEquals(400, r.status(), r.text());
        assertEquals("Bad Request", r.json().path("message").asText(), r.text());
        assertTrue(r.json().path("explain").asText().contains(explainPart), r.text());
    }

    static String delay(double seconds, String depends) {
        return "{\"OP_ID\": \"OP_TEST_DELAY\", \"duration\": " + seconds
                + (depends == null ? "" : ", \"depends\": " + depends) + "}";
    }

    @Test
    void anArchivedJobIsStillAnswered() throws Exception {
        long id = gw.backend.jobs().submit(OpTestDelay.of(0)).get(30, TimeUnit.SECONDS);
        JsonNode live = finished(id);
        other.archive(id);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (gw.backend.jobs().view().get(id).isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(gw.backend.jobs().view().get(id).isEmpty(), "the gateway's live mirror dropped the job");
        Reply r = gw.get("/2/jobs/" + id);
        assertEquals(200, r.status(), r.text());
        assertEquals(live, r.json(), "the same answer as before archiving");
        for (JsonNode e : gw.get("/2/jobs").json()) {
            assertFalse(e.path("id").asLong() == id, "the job list holds live jobs only, as Ganeti's");
        }
        Reply waited = gw.as("writer", "w-secret", HttpMethod.GET, "/2/jobs/" + id + "/wait",
                "{\"fields\": [\"status\"], \"previous_job_info\": [\"success\"], \"previous_log_serial\": 5}");
        assertEquals(200, waited.status(), waited.text());
        assertEquals("[\"success\"]", waited.json().path("job_info").toString(), "a finished job answers at once");
    }

    @Test
    void severalChainedJobsInOnePost() throws Exception {
        Reply r = post("/2/jobs", "{\"jobs\": [[" + delay(1, null) + "], [" + delay(0, "[[-1, [\"success\"]]]")
                + "], [" + delay(0, "[[-2, [\"success\"]]]") + "]]}");
        List<Long> ids = ids(r);
        long a = ids.get(0);
        assertEquals(List.of(a, a + 1, a + 2), ids);
        JsonNode ja = finished(a);
        JsonNode jb = finished(a + 1);
        JsonNode jc = finished(a + 2);
        for (JsonNode j : List.of(ja, jb, jc)) {
            assertEquals("success", j.path("status").asText(), j.toString());
        }
        assertEquals("[[" + a + ",[\"success\"]]]", jb.path("ops").get(0).path("depends").toString());
        assertEquals("[[" + a + ",[\"success\"]]]", jc.path("ops").get(0).path("depends").toString());
        assertTrue(seconds(jb.path("start_ts")) >= seconds(ja.path("end_ts")), "second after first: " + jb);
        assertTrue(seconds(jc.path("start_ts")) >= seconds(ja.path("end_ts")), "third after first: " + jc);
        assertEquals("gnt:client:rapi", jb.path("ops").get(0).path("reason").get(0).get(0).asText());
    }

    @Test
    void aFailedFirstJobFailsTheOneDependingOnIt() throws Exception {
        List<Long> ids = ids(post("/2/jobs?reason=chain", "{\"jobs\": [[{\"OP_ID\": \"OP_INSTANCE_STARTUP\","
                + " \"instance_name\": \"ghost.example.com\"}], [" + delay(0, "[[-1, [\"success\"]]]") + "]]}"));
        assertEquals("error", finished(ids.get(0)).path("status").asText());
        JsonNode second = finished(ids.get(1));
        assertEquals("error", second.path("status").asText());
        String error = second.path("opresult").get(0).toString();
        assertTrue(error.contains("Dependency not satisfied: Job " + ids.get(0) + " finished with status error"), error);
        assertEquals("chain", second.path("ops").get(0).path("reason").get(0).get(1).asText());
    }

    @Test
    void dryRunAppliesToEveryOpcode() throws Exception {
        List<Long> ids = ids(post("/2/jobs?dry-run=1", "{\"jobs\": [[" + delay(0, null) + ", " + delay(0, null)
                + "], [" + delay(0, null) + "]]}"));
        for (long id : ids) {
            for (JsonNode op : finished(id).path("ops")) {
                assertTrue(op.path("dry_run").asBoolean(), op.toString());
            }
        }
        assertBadRequest(post("/2/jobs?dry-run=1", "{\"jobs\": [[{\"OP_ID\": \"OP_TEST_DELAY\", \"duration\": 0,"
                + " \"dry_run\": false}]]}"), "'jobs[0][0]' sets dry_run");
    }

    @Test
    void aBadSubmissionIsRefusedWholeNamingTheProblem() throws Exception {
        long before = gw.backend.lastJobId();
        assertBadRequest(post("/2/jobs", "{\"jobs\": [[" + delay(0, null) + "], [" + delay(0, "[[-2, []]]") + "]]}"),
                "Job 2 of the submission, opcode 1 (OP_TEST_DELAY): relative job id -2 in 'depends' reaches before");
        assertBadRequest(post("/2/jobs", "{\"jobs\": [[" + delay(0, null) + "], [{\"OP_ID\": \"OP_TEST_DELAY\","
                + " \"duration\": 0, \"bogus\": 1}]]}"), "'bogus'");
        assertBadRequest(post("/2/jobs", "[[]]"), "must be a JSON object");
        assertBadRequest(post("/2/jobs", "{}"), "'jobs' must be a non-empty list");
        assertBadRequest(post("/2/jobs", "{\"jobs\": []}"), "'jobs' must be a non-empty list");
        assertBadRequest(post("/2/jobs", "{\"jobs\": [[" + delay(0, null) + "], []]}"), "'jobs[1]' must be a non-empty list");
        assertBadRequest(post("/2/jobs", "{\"jobs\": [[" + delay(0, null) + ", 5]]}"), "'jobs[0][1]' must be an opcode");
        assertBadRequest(post("/2/jobs", "{\"jobs\": [[" + delay(0, null) + "]], \"priority\": 1}"),
                "unknown parameter 'priority'");
        var keyed = gw.client.request(HttpMethod.POST, gw.port, "127.0.0.1", "/2/jobs")
                .basicAuthentication("writer", "w-secret").putHeader("Content-Type", "application/json")
                .putHeader("X-Gnt-Request-Key", "k1")
                .sendBuffer(io.vertx.core.buffer.Buffer.buffer("{\"jobs\": [[" + delay(0, null) + "]]}"))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertBadRequest(new Reply(keyed.statusCode(), keyed.headers(), keyed.body()), "X-Gnt-Request-Key is not supported");
        assertEquals(before, gw.backend.lastJobId(), "no job id was handed out");
    }

    @Test
    void submittingNeedsAWriteUser() throws Exception {
        String body = "{\"jobs\": [[" + delay(0, null) + "]]}";
        Reply anonymous = gw.call(HttpMethod.POST, "/2/jobs", null, null, body, "application/json");
        assertEquals(401, anonymous.status(), anonymous.text());
        assertEquals("Unauthorized", anonymous.json().path("message").asText());
        Reply reader = gw.as("reader", "r-secret", HttpMethod.POST, "/2/jobs", body);
        assertEquals(403, reader.status(), reader.text());
        assertEquals("Forbidden", reader.json().path("message").asText());
    }

    @Test
    void archivingAJobMidWayIsSeenByAJustStartedGateway() throws Exception {
        // the archive mirror is read from the start, so a gateway started after the archiving knows the job
        long id = other.submit(OpTestDelay.of(0)).get(30, TimeUnit.SECONDS);
        other.awaitFinal(id, Duration.ofSeconds(60)).get().orElseThrow();
        other.archive(id);
        try (Backend fresh = Backend.connect(gw.cfg, Duration.ofSeconds(30))) {
            assertTrue(fresh.archive().get(id).isPresent(), "found in the archive");
            assertTrue(fresh.jobs().view().get(id).isEmpty(), "and not among the live jobs");
        }
    }
}
