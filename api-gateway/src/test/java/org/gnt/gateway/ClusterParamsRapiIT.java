package org.gnt.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import org.apache.curator.framework.CuratorFramework;
import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.job.JobClient;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.opcode.OpClusterDestroy;
import org.gnt.coordinator.Coordinator;
import org.gnt.gateway.GatewayHarness.Reply;
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

/**
 * {@code GET /2/info} with the cluster's ipolicy, nicparams, diskparams and osparams, {@code PUT
 * /2/modify} changing them, {@code PUT /2/redistribute-config}, and the refusals (unknown keys, bad
 * values, min above max, destroy while an instance exists) leaving /2/info as it was. Real
 * embedded Kafka and ZooKeeper, an in-process coordinator, HTTPS.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterParamsRapiIT {
    @RegisterExtension
    static final BusServersExtension SERVERS = new BusServersExtension();
    @TempDir
    static Path dir;

    static BusConfig cfg;
    static Coordinator coordinator;
    static GatewayHarness gw;

    @BeforeAll
    static void start(Vertx vertx) throws Exception {
        cfg = new BusConfig(SERVERS.bootstrapServers(), SERVERS.zkConnect(), "gwparams");
        CuratorFramework curator = GatewayHarness.initCluster(cfg, dir.resolve("storage"));
        InstanceConfig i = new InstanceConfig(InstanceConfig.VERSION, UUID.randomUUID().toString(), "web1",
                UUID.randomUUID().toString(), "noop", "fake", Map.of(), Map.of(), Map.of(), "diskless", List.of(),
                List.of(), "down", "admin", List.of(), Instant.now(), Instant.now(), 1);
        curator.create().forPath(cfg.paths().instance(i.uuid()), Json.bytes(i));
        coordinator = new Coordinator(cfg, "coord-p", 4).start();
        gw = GatewayHarness.start(vertx, cfg, curator, dir.resolve("users"), "writer {cleartext}w-secret write\n", false);
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

    @Test
    @Order(1)
    void infoAnswersGanetisParameterFields() throws Exception {
        JsonNode info = gw.get("/2/info").json();
        JsonNode ip = info.path("ipolicy");
        assertEquals(32768, ip.path("minmax").get(0).path("max").path("memory-size").asInt(), info.toString());
        assertEquals(128, ip.path("std").path("memory-size").asInt());
        assertEquals("[\"diskless\",\"file\"]", ip.path("disk-templates").toString());
        assertEquals(4.0, ip.path("vcpu-ratio").asDouble());
        assertEquals(32.0, ip.path("spindle-ratio").asDouble());
        assertEquals("bridged", info.path("nicparams").path("default").path("mode").asText());
        assertEquals("xen-br0", info.path("nicparams").path("default").path("link").asText());
        assertEquals(61440, info.path("diskparams").path("drbd").path("resync-rate").asInt());
        assertEquals("rbd", info.path("diskparams").path("rbd").path("pool").asText());
        assertTrue(info.path("osparams").isObject() && info.path("osparams").isEmpty());
        assertTrue(info.path("maintain_node_health").isBoolean());
    }

    @Test
    @Order(2)
    void modifyChangesThemAsAJob() throws Exception {
        JsonNode done = job(write("/2/modify", "{\"ipolicy\": {\"std\": {\"memory-size\": 512}, \"spindle-ratio\": 8},"
                + " \"nicparams\": {\"link\": \"br1\"}, \"diskparams\": {\"rbd\": {\"pool\": \"vms\"}},"
                + " \"osparams\": {\"image\": {\"url\": \"http://images/a.img\"}}, \"maintain_node_health\": true}"));
        assertEquals("success", done.path("status").asText(), done.toString());
        JsonNode info = awaitInfo(i -> i.path("nicparams").path("default").path("link").asText().equals("br1"));
        assertEquals(512, info.path("ipolicy").path("std").path("memory-size").asInt());
        assertEquals(1, info.path("ipolicy").path("std").path("cpu-count").asInt());
        assertEquals(8.0, info.path("ipolicy").path("spindle-ratio").asDouble());
        assertEquals("vms", info.path("diskparams").path("rbd").path("pool").asText());
        assertEquals("kernelspace", info.path("diskparams").path("rbd").path("access").asText());
        assertEquals("http://images/a.img", info.path("osparams").path("image").path("url").asText());
        assertTrue(info.path("maintain_node_health").asBoolean());
        JsonNode group = gw.get("/2/groups/default").json();
        assertEquals(512, group.path("ipolicy").path("std").path("memory-size").asInt(),
                "a group's effective ipolicy is filled from the cluster's: " + group);
        assertEquals("vms", group.path("diskparams").path("rbd").path("pool").asText(), group.toString());
    }

    @Test
    @Order(3)
    void refusalsNameTheKeyAndChangeNothing() throws Exception {
        JsonNode before = gw.get("/2/info").json();
        Reply unknownKey = write("/2/modify", "{\"ipolicy\": {\"max-ram\": 4}}");
        assertEquals(400, unknownKey.status(), unknownKey.text());
        assertTrue(unknownKey.json().path("explain").asText().contains("max-ram"), unknownKey.text());
        Reply unknownNic = write("/2/modify", "{\"nicparams\": {\"bridge_mtu\": \"9000\"}}");
        assertEquals(400, unknownNic.status(), unknownNic.text());
        assertTrue(unknownNic.json().path("explain").asText().contains("bridge_mtu"), unknownNic.text());
        Reply wrongType = write("/2/modify", "{\"ipolicy\": 5}");
        assertEquals(400, wrongType.status(), wrongType.text());
        assertTrue(wrongType.json().path("explain").asText().contains("ipolicy"), wrongType.text());
        assertFailed(job(write("/2/modify", "{\"ipolicy\": {\"std\": {\"memory-size\": \"big\"}}}")),
                "ipolicy/std/memory-size");
        assertFailed(job(write("/2/modify", "{\"ipolicy\": {\"minmax\": [{\"min\": " + spec(8) + ", \"max\": "
                + spec(2) + "}]}}")), "is larger than max");
        try (JobClient jobs = new JobClient(cfg, gw.curator)) {
            long id = jobs.submit(new OpClusterDestroy()).get();
            JobState destroy = jobs.awaitFinal(id, Duration.ofSeconds(60)).get().orElseThrow();
            assertEquals(JobStatus.ERROR, destroy.status());
            assertTrue(destroy.ops().get(0).result().toString().contains("instance(s)"), destroy.toString());
        }
        JsonNode after = gw.get("/2/info").json();
        for (String f : List.of("ipolicy", "nicparams", "diskparams", "osparams", "name", "mtime")) {
            assertEquals(before.path(f), after.path(f), f + " unchanged");
        }
    }

    @Test
    @Order(4)
    void redistributeConfigIsAJob() throws Exception {
        JsonNode done = job(write("/2/redistribute-config", null));
        assertEquals("success", done.path("status").asText(), done.toString());
        assertEquals("br1", gw.get("/2/info").json().path("nicparams").path("default").path("link").asText());
    }

    private static String spec(int n) {
        return "{\"cpu-count\": " + n + ", \"disk-count\": " + n + ", \"disk-size\": " + n * 1024
                + ", \"memory-size\": " + n * 128 + ", \"nic-count\": " + n + ", \"spindle-use\": " + n + "}";
    }

    static Reply write(String uri, String body) throws Exception {
        return gw.as("writer", "w-secret", HttpMethod.PUT, uri, body);
    }

    static JsonNode awaitInfo(java.util.function.Predicate<JsonNode> ready) throws Exception {
        JsonNode info = gw.get("/2/info").json();
        for (int i = 0; i < 100 && !ready.test(info); i++) {
            Thread.sleep(100);
            info = gw.get("/2/info").json();
        }
        assertTrue(ready.test(info), info.toString());
        return info;
    }

    static JsonNode job(Reply r) throws Exception {
        assertEquals(200, r.status(), r.text());
        assertTrue(r.json().isIntegralNumber(), "a bare job id: " + r.text());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Reply j = gw.get("/2/jobs/" + r.json().asLong());
            String st = j.json().path("status").asText();
            if (st.equals("success") || st.equals("error") || st.equals("canceled")) {
                return j.json();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + r.text() + " did not finish");
    }

    static void assertFailed(JsonNode job, String text) {
        assertEquals("error", job.path("status").asText(), job.toString());
        assertTrue(job.path("opresult").toString().contains("OpPrereqError"), job.toString());
        assertTrue(job.path("opresult").toString().contains(text), job.toString());
    }
}
