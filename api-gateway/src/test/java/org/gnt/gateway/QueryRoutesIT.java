package org.gnt.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.job.JobState;
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
 * {@code /2/query/[resource]} and {@code /2/query/[resource]/fields} over HTTPS against real embedded
 * Kafka and ZooKeeper and an in-process coordinator; nodes and instances are written straight into
 * the configuration (no node services), the job is real.
 */
@ExtendWith(VertxExtension.class)
class QueryRoutesIT {
    @RegisterExtension
    static final BusServersExtension servers = new BusServersExtension();
    @TempDir
    static Path dir;

    static Coordinator coordinator;
    static GatewayHarness gw;
    static long job;
    static String group;

    @BeforeAll
    static void start(Vertx vertx) throws Exception {
        BusConfig cfg = new BusConfig(servers.bootstrapServers(), servers.zkConnect(), "query");
        CuratorFramework curator = GatewayHarness.initCluster(cfg, dir.resolve("storage"));
        group = curator.getChildren().forPath(cfg.paths().groups()).get(0);
        Instant now = Instant.now();
        NodeConfig n1 = new NodeConfig(NodeConfig.VERSION, UUID.randomUUID().toString(), "node1.example.com",
                "192.0.2.1", "192.0.2.1", group, true, false, false, true, true, now, now);
        NodeConfig n2 = new NodeConfig(NodeConfig.VERSION, UUID.randomUUID().toString(), "node2.example.com",
                "192.0.2.2", "192.0.2.2", group, false, false, true, true, true, now, now);
        for (NodeConfig n : List.of(n1, n2)) {
            curator.create().forPath(cfg.paths().node(n.uuid()), Json.bytes(n));
        }
        curator.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(cfg.paths().live(n1.name()));
        int mem = 64;
        for (String name : List.of("web1.example.com", "web2.example.com", "db1.example.com")) {
            NodeConfig p = name.startsWith("db") ? n2 : n1;
            InstanceConfig i = new InstanceConfig(InstanceConfig.VERSION, UUID.randomUUID().toString(), name,
                    p.uuid(), "noop", "fake", Map.of(), Map.of("maxmem", mem, "minmem", mem), Map.of(), "diskless",
                    List.of(), List.of(), "down", "admin", List.of(name.substring(0, 2)), now, now, 1);
            curator.create().forPath(cfg.paths().instance(i.uuid()), Json.bytes(i));
            mem *= 2;
        }
        coordinator = new Coordinator(cfg, "coord-q", 4).start();
        gw = GatewayHarness.start(vertx, cfg, curator, dir.resolve("users"),
                "reader {cleartext}r read\nwriter {cleartext}w write\n", false);
        job = gw.backend.jobs().submit(OpTestDelay.of(0.0)).get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && (gw.backend.read().config().instances().size() < 3
                || !gw.backend.jobs().view().get(job).map(j -> j.status().isFinal()).orElse(false))) {
            Thread.sleep(100);
        }
        assertEquals(3, gw.backend.read().config().instances().size());
        assertTrue(gw.backend.jobs().view().get(job).map(JobState::status).orElseThrow().isFinal());
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

    private static Reply get(String uri) throws Exception {
        return gw.as("reader", "r", HttpMethod.GET, uri, null);
    }

    private static Reply put(String uri, String body) throws Exception {
        return gw.as("reader", "r", HttpMethod.PUT, uri, body);
    }

    /** The value column {@code k} of every row, asserting every cell of it is [0, value]. */
    private static List<String> column(JsonNode answer, int k) {
        List<String> out = new ArrayList<>();
        for (JsonNode row : answer.get("data")) {
            assertEquals(0, row.get(k).get(0).asInt(), row.toString());
            out.add(row.get(k).get(1).asText());
        }
        return out;
    }

    @Test
    void putWithAFilterAnswersFieldsAndData() throws Exception {
        Reply r = put("/2/query/instance", """
                {"fields": ["name", "pnode", "be/maxmem", "tags"],
                 "qfilter": ["&", ["=~", "name", "^web"], ["!", ["=[]", "tags", "db"]]]}""");
        assertEquals(200, r.status(), r.text());
        JsonNode a = r.json();
        assertEquals(Json.MAPPER.readTree("""
                [{"name": "name", "title": "Instance", "kind": "text", "doc": "Instance name"},
                 {"name": "pnode", "title": "Primary_node", "kind": "text", "doc": "Primary node"},
                 {"name": "be/maxmem", "title": "ConfigMaxMem", "kind": "unit", "doc": "Configured maximum memory"},
                 {"name": "tags", "title": "Tags", "kind": "other", "doc": "Tags"}]"""), a.get("fields"));
        assertEquals(Json.MAPPER.readTree("""
                [[[0, "web1.example.com"], [0, "node1.example.com"], [0, 64], [0, ["we"]]],
                 [[0, "web2.example.com"], [0, "node1.example.com"], [0, 128], [0, ["we"]]]]"""), a.get("data"));
        Reply legacy = put("/2/query/instance", "{\"fields\": [\"name\"], \"filter\": [\">\", \"be/maxmem\", 64]}");
        assertEquals(List.of("db1.example.com", "web2.example.com"), column(legacy.json(), 0));
    }

    @Test
    void nodesWithStatusesForMissingValues() throws Exception {
        Reply r = get("/2/query/node?fields=name,offline,mfree,group,pinst_cnt,bogus");
        assertEquals(200, r.status(), r.text());
        JsonNode a = r.json();
        assertEquals("unknown", a.get("fields").get(5).get("kind").asText());
        assertEquals("Unknown field 'bogus'", a.get("fields").get(5).get("doc").asText());
        assertEquals(Json.MAPPER.readTree("""
                [[[0, "node1.example.com"], [0, false], [2, null], [0, "default"], [0, 2], [1, null]],
                 [[0, "node2.example.com"], [0, true], [4, null], [0, "default"], [0, 1], [1, null]]]"""),
                a.get("data"), "mfree: no data from a node without a node service, offline for an offline node");
        Reply filtered = put("/2/query/node", "{\"fields\": [\"name\"], \"qfilter\": [\"?\", \"master_candidate\"]}");
        assertEquals(List.of("node1.example.com"), column(filtered.json(), 0));
        Reply byQuery = get("/2/query/node?fields=name&qfilter=" + java.net.URLEncoder.encode(
                "[\"!\", [\"?\", \"offline\"]]", java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(List.of("node1.example.com"), column(byQuery.json(), 0));
    }

    @Test
    void groupsAndJobs() throws Exception {
        Reply g = get("/2/query/group?fields=name,uuid,node_cnt,node_list,pinst_cnt");
        assertEquals(200, g.status(), g.text());
        JsonNode row = g.json().get("data").get(0);
        assertEquals("default", row.get(0).get(1).asText());
        assertEquals(group, row.get(1).get(1).asText());
        assertEquals(2, row.get(2).get(1).asInt());
        assertEquals("[\"node1.example.com\",\"node2.example.com\"]", row.get(3).get(1).toString());
        assertEquals(3, row.get(4).get(1).asInt());

        Reply j = put("/2/query/job", "{\"fields\": [\"id\", \"status\", \"summary\"], \"qfilter\": [\"==\", \"id\", "
                + job + "]}");
        assertEquals(200, j.status(), j.text());
        assertEquals(Json.MAPPER.readTree("[[[0, " + job + "], [0, \"success\"], [0, [\"TEST_DELAY\"]]]]"),
                j.json().get("data"));
    }

    @Test
    void fieldsResource() throws Exception {
        Reply all = get("/2/query/node/fields");
        assertEquals(200, all.status(), all.text());
        assertTrue(all.json().get("fields").size() > 30);
        Reply some = get("/2/query/job/fields?fields=id,nosuch");
        assertEquals(Json.MAPPER.readTree("""
                [{"name": "id", "title": "ID", "kind": "number", "doc": "Job ID"},
                 {"name": "nosuch", "title": "nosuch", "kind": "unknown", "doc": "Unknown field 'nosuch'"}]"""),
                some.json().get("fields"));
    }

    @Test
    void refusals() throws Exception {
        Reply unknownField = put("/2/query/node", "{\"fields\": [\"name\"], \"qfilter\": [\"==\", \"nosuch\", 1]}");
        assertEquals(400, unknownField.status());
        assertEquals("Filter refers to unknown field 'nosuch'", unknownField.json().get("explain").asText());
        Reply badOp = put("/2/query/node", "{\"fields\": [\"name\"], \"qfilter\": [\"~~\", \"name\", 1]}");
        assertEquals(400, badOp.status());
        assertTrue(badOp.json().get("explain").asText().startsWith("Invalid filter: qfilter: unknown operator '~~'"),
                badOp.text());
        Reply badRegexp = put("/2/query/instance", "{\"fields\": [\"name\"], \"qfilter\": [\"=~\", \"name\", \"(\"]}");
        assertEquals(400, badRegexp.status());
        assertTrue(badRegexp.json().get("explain").asText().contains("invalid regular expression"), badRegexp.text());
        Reply noFields = get("/2/query/node");
        assertEquals(400, noFields.status());
        assertEquals("Missing 'fields' query argument", noFields.json().get("explain").asText());
        Reply resource = get("/2/query/cluster?fields=name");
        assertEquals(400, resource.status());
        assertTrue(resource.json().get("explain").asText().contains("Resource 'cluster' cannot be queried"));
        assertEquals(401, gw.get("/2/query/node?fields=name").status(), "querying needs a read user");
    }

    /** Ganeti's own client's Query and QueryFields (Debian's python3-ganeti-rapi), skipped when absent. */
    @Test
    void ganetiPythonClientQueries() throws Exception {
        String python = "/usr/bin/python3";
        Process probe = new ProcessBuilder(python, "-c", "import ganeti.rapi.client").redirectErrorStream(true).start();
        assumeTrue(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0, "python3-ganeti-rapi is not installed");
        String script = """
                import json, sys
                from ganeti.rapi import client
                c = client.GanetiRapiClient("127.0.0.1", port=int(sys.argv[1]), username="reader", password="r")
                out = {}
                out["query"] = c.Query("instance", ["name", "be/maxmem"], qfilter=[">=", "be/maxmem", 128])
                out["fields"] = c.QueryFields("node", fields=["name", "mfree"])
                try:
                    c.Query("node", ["name"], qfilter=["==", "nosuch", 1])
                except client.GanetiApiError as e:
                    out["bad"] = [e.code, str(e)]
                print("REPORT " + json.dumps(out))
                """;
        Process p = new ProcessBuilder(python, "-c", script, Integer.toString(gw.port)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(0, p.exitValue(), output);
        JsonNode r = Json.MAPPER.readTree(output.lines().filter(l -> l.startsWith("REPORT ")).findFirst()
                .orElseThrow(() -> new AssertionError(output)).substring("REPORT ".length()));
        assertEquals(Json.MAPPER.readTree("""
                [[[0, "db1.example.com"], [0, 256]], [[0, "web2.example.com"], [0, 128]]]"""), r.at("/query/data"));
        assertEquals("MFree", r.at("/fields/fields/1/title").asText(), r.toString());
        assertEquals(400, r.at("/bad/0").asInt(), r.toString());
        assertTrue(r.at("/bad/1").asText().contains("unknown field 'nosuch'"), r.toString());
    }
}
