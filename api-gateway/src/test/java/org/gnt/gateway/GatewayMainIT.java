package org.gnt.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.apache.curator.framework.CuratorFramework;
import org.gnt.bus.BusConfig;
import org.gnt.testkit.BusServersExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The gateway as a process: announces its address when ready, answers, stops on SIGTERM. */
@ExtendWith(VertxExtension.class)
class GatewayMainIT {
    @RegisterExtension
    static final BusServersExtension servers = new BusServersExtension();

    @Test
    void startsAnswersAndStopsOnSigterm(Vertx vertx, @TempDir Path dir) throws Exception {
        BusConfig cfg = new BusConfig(servers.bootstrapServers(), servers.zkConnect(), "main");
        try (CuratorFramework curator = GatewayHarness.initCluster(cfg, dir.resolve("storage"))) {
            Path conf = dir.resolve("gnt.conf");
            cfg.store(conf);
            Path users = dir.resolve("users");
            Files.writeString(users, "admin pw write\n");
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), GatewayMain.class.getName(),
                    "--conf", conf.toString(), "--users", users.toString(), "--port", "0", "--bind", "127.0.0.1",
                    "--require-authentication");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
            List<String> all = new ArrayList<>();
            Thread pump = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        lines.add(l);
                    }
                } catch (Exception ignored) {
                    // process gone
                }
            });
            pump.start();
            try {
                Pattern ready = Pattern.compile("gateway listening on https://127\\.0\\.0\\.1:(\\d+)");
                int port = -1;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (port < 0 && System.nanoTime() < deadline) {
                    String l = lines.poll(1, TimeUnit.SECONDS);
                    if (l != null) {
                        all.add(l);
                        Matcher m = ready.matcher(l);
                        if (m.find()) {
                            port = Integer.parseInt(m.group(1));
                        }
                    }
                    assertTrue(p.isAlive() || !lines.isEmpty(), "gateway exited: " + all);
                }
                assertNotEquals(-1, port, "no ready line: " + all);

                WebClient client = WebClient.create(vertx, new WebClientOptions().setSsl(true).setTrustAll(true)
                        .setVerifyHost(false));
                CompletableFuture<HttpResponse<Buffer>> anon = client.get(port, "127.0.0.1", "/version").send()
                        .toCompletionStage().toCompletableFuture();
                assertEquals(401, anon.get(30, TimeUnit.SECONDS).statusCode());
                HttpResponse<Buffer> r = client.get(port, "127.0.0.1", "/version").basicAuthentication("admin", "pw")
                        .send().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                assertEquals(200, r.statusCode());
                assertEquals("2", r.bodyAsString().strip());
                client.close();

                p.toHandle().destroy(); // SIGTERM, keeping our end of its output open (Process.destroy closes it)
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "gateway did not stop on SIGTERM");
                pump.join(5000);
                lines.drainTo(all);
                assertTrue(all.contains("gateway stopped"), "clean stop (exit " + p.exitValue() + "): " + all);
            } finally {
                p.destroyForcibly();
            }
        }
    }
}
