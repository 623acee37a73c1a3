package org.gnt.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
import org.gnt.bus.config.NodeConfig;
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
 * {@code /2/nodes/N/role}, {@code /2/nodes/N/modify} and {@code PUT /2/modify} over HTTPS with
 * embedded Kafka and ZooKeeper and an in-process coordinator. Nodes n1, n2 (candidates) and n3
 * and instance web1 (on n2) are written to ZooKeeper before the master starts.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeChangeRoutesIT {
    @RegisterExtension
    static final BusServersExtension SERVERS = new BusServersExtension();
    @TempDir
    static Path dir;

    static Coordinator coordinator;
    static GatewayHarness gw;

    @BeforeAll
    static void start(Vertx vertx) throws Exception {
        BusConfig cfg = new BusConfig(SERVERS.bootstrapServers(), SERVERS.zkConnect(), "gwnodes");
        CuratorFramework curator = GatewayHarness.initCluster(cfg, dir.resolve("storage"));
        String group = curator.getChildren().forPath(cfg.paths().groups()).get(0);
        String n2 = null;
        for (String name : List.of("n1", "n2", "n3")) {
            NodeConfig n = new NodeConfig(NodeConfig.VERSION, UUID.randomUUID().toString(), name,
                    "192.0.2." + name.charAt(1), "192.0.2." + name.charAt(1), group, !name.equals("n3"), false, false,
                    true, true, Instant.now(), Instant.now());
            curator.create().forPath(cfg.paths().node(n.uuid()), Json.bytes(n));
            n2 = name.equals("n2") ? n.uuid() : n2;
        }
        InstanceConfig i = new InstanceConfig(InstanceConfig.VERSION, UUID.randomUUID().toString(), "web1", n2, "noop",
                "fake", Map.of(), Map.of(), Map.of(), "diskless", List.of(), List.of(), "down", "admin", List.of(),
                Instant.now(), Instant.now(), 1);
        curator.create().forPath(cfg.paths().instance(i.uuid()), Json.bytes(i));
        coordinator = new Coordinator(cfg, "coord-n", 4).start();
        gw = GatewayHarness.start(vertx, cfg, curator, dir.resolve("users"),
                "writer {cleartext}w-secret write\nreader r-secret\n", false);
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

    static Reply write(HttpMethod method, String uri, String body) throws Exception {
        return gw.as("writer", "w-secret", method, uri, body);
    }

    /** The finished job for a reply that carries a bare job id. */
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

    static String role(String node) throws Exception {
        Reply r = gw.get("/2/nodes/" + node + "/role");
        assertEquals(200, r.status(), r.text());
        return r.json().asText();
    }

    /** The gateway reads from its ZooKeeper mirror, which follows a finished job closely. */
    static void awaitRole(String node, String want) throws Exception {
        for (int i = 0; i < 100 && !role(node).equals(want); i++) {
            Thread.sleep(100);
        }
        assertEquals(want, role(node));
    }

    @Test
    @Order(1)
    void rolesAreGanetisNames() throws Exception {
        assertEquals("master-candidate", role("n1"));
        assertEquals("regular", role("n3"));
        assertEquals(404, gw.get("/2/nodes/n9/role").status());
        assertEquals(501, write(HttpMethod.DELETE, "/2/nodes/n1", null).status(), "Ganeti has no node removal in RAPI");
    }

    @Test
    @Order(2)
    void clusterModifyIsAJob() throws Exception {
        Reply unknown = write(HttpMethod.PUT, "/2/modify", "{\"vg_name\": \"xenvg\"}");
        assertEquals(400, unknown.status(), unknown.text());
        assertTrue(unknown.json().path("explain").asText().contains("vg_name"), unknown.text());
        assertFailed(job(write(HttpMethod.PUT, "/2/modify", "{\"beparams\": {\"maxmen\": 512}}")),
                "Unknown backend parameter 'maxmen'");
        assertEquals("success", job(write(HttpMethod.PUT, "/2/modify", "{\"candidate_pool_size\": 2}"))
                .path("status").asText());
        for (int i = 0; i < 100 && gw.get("/2/info").json().path("candidate_pool_size").asInt() != 2; i++) {
            Thread.sleep(100);
        }
        assertEquals(2, gw.get("/2/info").json().path("candidate_pool_size").asInt());
    }

    @Test
    @Order(3)
    void settingARoleFollowsThePoolRules() throws Exception {
        assertFailed(job(write(HttpMethod.PUT, "/2/nodes/n1/role", "\"drained\"")), "Not enough master candidates");
        assertEquals("master-candidate", role("n1"), "the refused job changed nothing");
        assertEquals("success", job(write(HttpMethod.PUT, "/2/nodes/n1/role?auto-promote=1", "\"drained\""))
                .path("status").asText());
        awaitRole("n1", "drained");
        awaitRole("n3", "master-candidate");
        assertEquals("success", job(write(HttpMethod.PUT, "/2/nodes/n1/role", "\"regular\"")).path("status").asText());
        awaitRole("n1", "regular");

        Reply bogus = write(HttpMethod.PUT, "/2/nodes/n1/role", "\"master\"");
        assertEquals(400, bogus.status(), bogus.text());
        assertTrue(bogus.text().contains("Can't set 'master' role"), bogus.text());
        assertEquals(403, gw.as("reader", "r-secret", HttpMethod.PUT, "/2/nodes/n1/role", "\"offline\"").status());
    }

    @Test
    @Order(4)
    void modifyTakesOpcodeParameters() throws Exception {
        assertEquals("success", job(write(HttpMethod.POST, "/2/nodes/n1/modify", "{\"ndparams\": {\"ssh_port\": 2222}}"))
                .path("status").asText());
        for (int i = 0; i < 100 && !gw.get("/2/nodes/n1").json().path("ndparams").has("ssh_port"); i++) {
            Thread.sleep(100);
        }
        assertEquals(2222, gw.get("/2/nodes/n1").json().path("ndparams").path("ssh_port").asInt());
        assertFailed(job(write(HttpMethod.POST, "/2/nodes/n1/modify", "{\"secondary_ip\": \"192.0.2.2\"}")),
                "resource_not_unique");
        Reply both = write(HttpMethod.POST, "/2/nodes/n1/modify", "{\"offline\": true, \"master_candidate\": true}");
        assertEquals(400, both.status(), both.text());
        assertTrue(both.text().contains("more than one state"), both.text());
        Reply name = write(HttpMethod.POST, "/2/nodes/n1/modify", "{\"node_name\": \"n2\", \"drained\": true}");
        assertEquals(400, name.status(), name.text());
    }
}
