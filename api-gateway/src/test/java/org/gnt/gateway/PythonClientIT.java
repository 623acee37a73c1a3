package org.gnt.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.apache.curator.framework.CuratorFramework;
import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.coordinator.Coordinator;
import org.gnt.testkit.BusServersExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ganeti's own RAPI client (Debian's python3-ganeti-rapi) against the gateway. Skipped when the
 * client is not installed ({@code apt-get install python3-ganeti-rapi}).
 */
@ExtendWith(VertxExtension.class)
class PythonClientIT {
    private static final String PYTHON = "/usr/bin/python3";

    @RegisterExtension
    static final BusServersExtension servers = new BusServersExtension();

    private static boolean clientInstalled() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import ganeti.rapi.client").redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void ganetiClientWorks(Vertx vertx, @TempDir Path dir) throws Exception {
        assumeTrue(clientInstalled(), "python3-ganeti-rapi is not installed");
        BusConfig cfg = new BusConfig(servers.bootstrapServers(), servers.zkConnect(), "py");
        CuratorFramework curator = GatewayHarness.initCluster(cfg, dir.resolve("storage"));
        Path script = dir.resolve("rapi_client_smoke.py");
        try (InputStream in = PythonClientIT.class.getResourceAsStream("rapi_client_smoke.py")) {
            Files.write(script, in.readAllBytes());
        }
        try (Coordinator coordinator = new Coordinator(cfg, "coord-py", 2).start();
             GatewayHarness gw = GatewayHarness.start(vertx, cfg, curator, dir.resolve("users"),
                     "anchor anchorpw write\nlooker lookpw\n", true)) {
            Process p = new ProcessBuilder(List.of(PYTHON, script.toString(), Integer.toString(gw.port), "anchor",
                    "anchorpw", "looker", "lookpw")).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), output);
            assertEquals(0, p.exitValue(), output);
            String line = output.lines().filter(l -> l.startsWith("REPORT ")).findFirst()
                    .orElseThrow(() -> new AssertionError(output));
            JsonNode r = Json.MAPPER.readTree(line.substring("REPORT ".length()));

            assertEquals(2, r.path("version").asInt());
            assertEquals("py.example.com", r.path("info_name").asText());
            assertTrue(r.path("features").toString().contains("instance-create-reqv1"));
            assertTrue(r.path("instances").isArray());
            assertTrue(r.path("create_job").isIntegralNumber(), r.toString());
            assertEquals("[\"error\"]", r.path("create_final").toString());
            JsonNode err = r.path("create_opresult").get(0);
            assertEquals("OpPrereqError", err.get(0).asText());
            assertTrue(err.get(1).get(0).asText().contains("missing-node.example.com"), err.toString());
            assertTrue(r.path("create_reason").toString().contains("smoke test"), r.path("create_reason").toString());
            assertTrue(r.path("shutdown_job").isIntegralNumber(), r.toString());
            assertTrue(r.path("delete_job").isIntegralNumber(), r.toString());
            assertTrue(r.path("jobs").size() >= 3, r.toString());
            assertEquals(404, r.path("unknown_instance").asInt());
            assertEquals(403, r.path("reader_write").asInt());
            assertEquals(400, r.path("bogus").get(0).asInt());
            assertTrue(r.path("bogus").get(1).asText().contains("bogus"), r.toString());

            String uuid = r.path("filter_uuid").asText();
            assertTrue(uuid.matches("[0-9a-f-]{36}"), r.toString());
            assertEquals("[\"" + uuid + "\"]", r.path("filters").toString());
            JsonNode filter = r.path("filter");
            assertEquals("PAUSE", filter.path("action").asText(), filter.toString());
            assertEquals("[[\"opcode\",[\"=\",\"OP_ID\",\"OP_INSTANCE_CREATE\"]]]", filter.path("predicates").toString());
            assertEquals(List.of("gnt:user", "gnt:client", "gnt:client:rapi"), sources(filter.path("reason_trail")),
                    "the caller's trail, the client's entry, the gateway's entry");
            assertEquals(uuid, r.path("filter_replaced").asText());
            assertEquals("[\"RATE_LIMIT\",2]", r.path("filters_bulk").get(0).path("action").toString());
            assertTrue(r.path("filter_deleted").isNull(), r.toString());
            assertEquals("[]", r.path("filters_after").toString());
            assertEquals(400, r.path("filter_bad_action").get(0).asInt(), r.toString());
            assertTrue(r.path("filter_bad_action").get(1).asText().contains("action: "), r.toString());
        } finally {
            curator.close();
        }
    }

    private static List<String> sources(JsonNode trail) {
        List<String> out = new ArrayList<>();
        trail.forEach(e -> out.add(e.get(0).asText()));
        return out;
    }
}
