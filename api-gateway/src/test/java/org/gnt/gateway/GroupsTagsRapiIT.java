package org.gnt.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import org.apache.curator.framework.CuratorFramework;
import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.bus.config.GroupConfig;
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
 * {@code /2/groups} and the tags resources against real embedded Kafka and ZooKeeper with an
 * in-process coordinator. The cluster starts without nodes (so the last-group refusal can be seen);
 * then one node is written into the configuration and the master restarted to load it.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GroupsTagsRapiIT {
    @RegisterExtension
    static final BusServersExtension servers = new BusServersExtension();
    @TempDir
    static Path dir;

    static Coordinator coordinator;
    static GatewayHarness gw;
    static BusConfig cfg;

    @BeforeAll
    static void start(Vertx vertx) throws Exception {
        cfg = new BusConfig(servers.bootstrapServers(), servers.zkConnect(), "grp");
        CuratorFramework curator = GatewayHarness.initCluster(cfg, dir.resolve("storage"));
        coordinator = new Coordinator(cfg, "coord-grp", 4).start();
        gw = GatewayHarness.start(vertx, cfg, curator, dir.resolve("users"), "w {cleartext}pw write\n", false);
    }

    @Test
    @Order(0)
    void theLastGroupCannotBeRemoved() throws Exception {
        refused("wrong_state", "Group 'default' is the only group, cannot be removed", HttpMethod.DELETE,
                "/2/groups/default", null);
        assertEquals("[{\"name\":\"default\",\"uri\":\"/2/groups/default\"}]", gw.get("/2/groups").text());

        CuratorFramework curator = gw.curator;
        String group = null;
        for (String c : curator.getChildren().forPath(cfg.paths().groups())) {
            group = Json.read(curator.getData().forPath(cfg.paths().group(c)), GroupConfig.class).uuid();
        }
        Instant now = Instant.now();
        NodeConfig node = new NodeConfig(NodeConfig.VERSION, UUID.randomUUID().toString(), "node1.example.com",
                "192.0.2.1", "192.0.2.1", group, true, false, false, true, true, now, now);
        curator.create().forPath(cfg.paths().node(node.uuid()), Json.bytes(node));
        coordinator.close();
        coordinator = new Coordinator(cfg, "coord-grp2", 4).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!coordinator.isMaster() && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertTrue(coordinator.isMaster(), "the new coordinator became master");
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
        return gw.as("w", "pw", m, uri, body);
    }

    /** Submits, follows the job to its end and returns the job's JSON. */
    private static JsonNode job(HttpMethod m, String uri, String body) throws Exception {
        Reply r = write(m, uri, body);
        assertEquals(200, r.status(), r.text());
        assertTrue(r.text().strip().matches("\\d+"), "a bare job id: " + r.text());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonNode j = gw.get("/2/jobs/" + r.text().strip()).json();
            String s = j.path("status").asText();
            if (s.equals("success") || s.equals("error") || s.equals("canceled")) {
                return j;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + r.text() + " did not finish");
    }

    private static void succeeds(HttpMethod m, String uri, String body) throws Exception {
        JsonNode j = job(m, uri, body);
        assertEquals("success", j.path("status").asText(), j.toString());
    }

    /** The job fails its prerequisites with Ganeti's error class and a message containing {@code text}. */
    private static void refused(String code, String text, HttpMethod m, String uri, String body) throws Exception {
        JsonNode j = job(m, uri, body);
        assertEquals("error", j.path("status").asText(), j.toString());
        JsonNode error = j.path("opresult").get(0);
        assertEquals("OpPrereqError", error.get(0).asText(), j.toString());
        assertTrue(error.get(1).get(0).asText().contains(text), j.toString());
        assertEquals(code, error.get(1).get(1).asText(), j.toString());
    }

    /** Reads until the mirror shows what the finished job wrote. */
    private static JsonNode read(String uri, Predicate<JsonNode> until) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            Reply r = gw.get(uri);
            last = r.status() == 200 ? r.json() : null;
            if (last != null && until.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(uri + " never matched; last " + last);
    }

    @Test
    @Order(1)
    void listsTheDefaultGroupAsGanetiDoes() throws Exception {
        assertEquals("[{\"name\":\"default\",\"uri\":\"/2/groups/default\"}]", gw.get("/2/groups").text());
        JsonNode bulk = read("/2/groups?bulk=1", j -> j.get(0).path("node_cnt").asInt() == 1).get(0);
        for (String f : new String[]{"alloc_policy", "name", "node_cnt", "node_list", "ipolicy", "custom_ipolicy",
                "diskparams", "custom_diskparams", "ndparams", "custom_ndparams", "ctime", "mtime", "uuid",
                "serial_no", "tags"}) {
            assertTrue(bulk.has(f), f + " in " + bulk);
        }
        assertEquals("[\"node1.example.com\"]", bulk.get("node_list").toString());
        assertEquals(4.0, bulk.path("ipolicy").path("vcpu-ratio").asDouble());
        assertEquals(22, bulk.path("ndparams").path("ssh_port").asInt());
        assertEquals(404, gw.get("/2/groups/nosuch").status());
    }

    @Test
    @Order(2)
    void createRenameModifyAssignAndDelete() throws Exception {
        succeeds(HttpMethod.POST, "/2/groups", "{\"name\": \"rack1\", \"alloc_policy\": \"last_resort\","
                + " \"ipolicy\": {\"spindle-ratio\": 16}}");
        JsonNode g = read("/2/groups/rack1", j -> true);
        assertEquals("last_resort", g.path("alloc_policy").asText());
        assertEquals("{\"spindle-ratio\":16.0}", g.path("custom_ipolicy").toString());

        JsonNode renamed = job(HttpMethod.PUT, "/2/groups/rack1/rename", "{\"new_name\": \"rack2\"}");
        assertEquals("[\"rack2\"]", renamed.path("opresult").toString());
        read("/2/groups/rack2", j -> true);
        assertEquals(404, gw.get("/2/groups/rack1").status());

        JsonNode modified = job(HttpMethod.PUT, "/2/groups/rack2/modify",
                "{\"alloc_policy\": \"preferred\", \"ndparams\": {\"exclusive_storage\": true}}");
        assertEquals("success", modified.path("status").asText(), modified.toString());
        assertEquals("[[[\"alloc_policy\",\"preferred\"],[\"ndparams\",{\"exclusive_storage\":true}]]]",
                modified.path("opresult").toString());

        succeeds(HttpMethod.PUT, "/2/groups/rack2/assign-nodes", "{\"nodes\": [\"node1.example.com\"]}");
        read("/2/groups/rack2", j -> j.path("node_cnt").asInt() == 1);
        assertEquals(g.path("uuid").asText(), gw.get("/2/nodes/node1.example.com").json().path("group.uuid").asText());

        refused("wrong_state", "Group 'rack2' not empty, has the following node(s): node1.example.com",
                HttpMethod.DELETE, "/2/groups/rack2", null);
        succeeds(HttpMethod.PUT, "/2/groups/default/assign-nodes?force=1", "{\"nodes\": [\"node1.example.com\"]}");
        succeeds(HttpMethod.DELETE, "/2/groups/rack2", null);
        read("/2/groups", j -> j.size() == 1);
    }

    @Test
    @Order(3)
    void refusalsChangeNothing() throws Exception {
        String before = read("/2/groups?bulk=1", j -> j.size() == 1).toString();
        Reply unknownKey = write(HttpMethod.POST, "/2/groups", "{\"group_name\": \"r3\", \"ipolicy\": {\"colour\": 1}}");
        assertEquals(400, unknownKey.status(), unknownKey.text());
        assertTrue(unknownKey.text().contains("Invalid 'ipolicy': invalid key 'colour'"), unknownKey.text());
        Reply std = write(HttpMethod.PUT, "/2/groups/default/modify", "{\"ipolicy\": {\"std\": {}}}");
        assertEquals(400, std.status(), std.text());
        assertTrue(std.text().contains("cluster-wide"), std.text());
        Reply unknownField = write(HttpMethod.POST, "/2/groups", "{\"group_name\": \"r3\", \"colour\": 1}");
        assertEquals(400, unknownField.status(), unknownField.text());

        refused("already_exists", "Desired group name 'default' already exists", HttpMethod.POST, "/2/groups",
                "{\"group_name\": \"default\"}");
        refused("wrong_state", "Group 'default' not empty", HttpMethod.DELETE, "/2/groups/default", null);
        refused("unknown_entity", "Node group 'nosuch' not found", HttpMethod.PUT, "/2/groups/nosuch/rename",
                "{\"new_name\": \"x\"}");
        assertEquals(before.replaceAll("\"mtime\":[0-9.]+", ""),
                gw.get("/2/groups?bulk=1").json().toString().replaceAll("\"mtime\":[0-9.]+", ""));
    }

    @Test
    @Order(4)
    void tagsOfTheClusterNodesGroupsAndInstances() throws Exception {
        succeeds(HttpMethod.PUT, "/2/tags?tag=env:prod&tag=owner@ops", null);
        read("/2/tags", j -> j.size() == 2);
        assertEquals("[\"env:prod\",\"owner@ops\"]", gw.get("/2/tags").text());
        succeeds(HttpMethod.DELETE, "/2/tags?tag=owner@ops", null);
        assertEquals("[\"env:prod\"]", read("/2/tags", j -> j.size() == 1).toString());
        assertEquals("[\"env:prod\"]", gw.get("/2/info").json().path("tags").toString());

        // as Ganeti's AddNodeTags sends them: in the query and again as the body
        succeeds(HttpMethod.PUT, "/2/nodes/node1.example.com/tags?tag=ssd", "[\"ssd\"]");
        assertEquals("[\"ssd\"]", read("/2/nodes/node1.example.com/tags", j -> j.size() == 1).toString());
        assertEquals("[\"ssd\"]", gw.get("/2/nodes/node1.example.com").json().path("tags").toString());

        succeeds(HttpMethod.PUT, "/2/groups/default/tags", "[\"dc:east\", \"row/4\"]");
        assertEquals("[\"dc:east\",\"row/4\"]", read("/2/groups/default/tags", j -> j.size() == 2).toString());
        succeeds(HttpMethod.DELETE, "/2/groups/default/tags?tag=row/4", null);
        assertEquals("[\"dc:east\"]", read("/2/groups/default/tags", j -> j.size() == 1).toString());
    }

    @Test
    @Order(5)
    void badTagsAndUnknownObjects() throws Exception {
        Reply bad = write(HttpMethod.PUT, "/2/tags?tag=a%20b", null);
        assertEquals(400, bad.status(), bad.text());
        assertTrue(bad.text().contains("Tag 'a b' contains invalid characters"), bad.text());
        Reply none = write(HttpMethod.PUT, "/2/tags", null);
        assertEquals(400, none.status(), none.text());
        assertTrue(none.text().contains("Please specify tag(s) to add using the 'tag' parameter"), none.text());

        refused("unknown_entity", "Tag(s) nosuch not found", HttpMethod.DELETE, "/2/tags?tag=env:prod&tag=nosuch",
                null);
        refused("unknown_entity", "Instance 'ghost' not known", HttpMethod.PUT, "/2/instances/ghost/tags?tag=x", null);
        refused("unknown_entity", "Node 'ghost' not known", HttpMethod.PUT, "/2/nodes/ghost/tags?tag=x", null);
        assertEquals(404, gw.get("/2/instances/ghost/tags").status());
        assertEquals(404, gw.get("/2/groups/ghost/tags").status());
        assertEquals("[\"env:prod\"]", gw.get("/2/tags").text());
    }
}
