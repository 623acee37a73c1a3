package org.gnt.gateway;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.apache.curator.framework.CuratorFramework;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.bus.config.ClusterInit;
import org.gnt.bus.config.RapiCertificate;
import org.gnt.gateway.auth.RapiUsersFile;

/** A cluster in ZooKeeper, a gateway on a free port and an HTTPS client for it, for the ITs. */
final class GatewayHarness implements AutoCloseable {
    final BusConfig cfg;
    final CuratorFramework curator;
    final Backend backend;
    final RapiServer server;
    final WebClient client;
    final int port;

    record Reply(int status, MultiMap headers, Buffer body) {
        JsonNode json() {
            return Json.MAPPER.valueToTree(Json.read(body.getBytes(), Object.class));
        }

        String text() {
            return body == null ? "" : body.toString(StandardCharsets.UTF_8);
        }
    }

    private GatewayHarness(BusConfig cfg, CuratorFramework curator, Backend backend, RapiServer server,
                           WebClient client) {
        this.cfg = cfg;
        this.curator = curator;
        this.backend = backend;
        this.server = server;
        this.client = client;
        this.port = server.actualPort();
    }

    /** Initialises cluster {@code cluster} (fake hypervisor; file and diskless templates) unless done. */
    static CuratorFramework initCluster(BusConfig cfg, Path storage) throws Exception {
        CuratorFramework curator = BusClients.curator(cfg);
        curator.blockUntilConnected(30, TimeUnit.SECONDS);
        if (!ClusterInit.isInitialised(curator, cfg.paths())) {
            ClusterInit.init(curator, cfg.paths(), cfg.cluster() + ".example.com", List.of("fake"),
                    List.of("file", "diskless"), Map.of(), Map.of("fake", Map.of()), storage.toString());
        }
        RapiCertificate.ensure(curator, cfg.paths(), "localhost");
        return curator;
    }

    static GatewayHarness start(Vertx vertx, BusConfig cfg, CuratorFramework curator, Path usersFile,
                                String users, boolean requireAuth) throws Exception {
        Files.writeString(usersFile, users);
        Backend backend = Backend.connect(cfg, Duration.ofSeconds(30));
        RapiServer server = new RapiServer(vertx, backend, new RapiUsersFile(usersFile), requireAuth,
                backend.certificate());
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        WebClient client = WebClient.create(vertx, new WebClientOptions().setSsl(true).setTrustAll(true)
                .setVerifyHost(false));
        return new GatewayHarness(cfg, curator, backend, server, client);
    }

    Reply call(HttpMethod method, String uri, String user, String password, String body, String contentType)
            throws Exception {
        HttpRequest<Buffer> req = client.request(method, port, "127.0.0.1", uri)
                .putHeader("Accept", "application/json");
        if (contentType != null) {
            req.putHeader("Content-Type", contentType);
        }
        if (user != null) {
            req.basicAuthentication(user, password);
        }
        HttpResponse<Buffer> r = (body == null ? req.send() : req.sendBuffer(Buffer.buffer(body)))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        return new Reply(r.statusCode(), r.headers(), r.body());
    }

    Reply get(String uri) throws Exception {
        return call(HttpMethod.GET, uri, null, null, null, null);
    }

    Reply as(String user, String password, HttpMethod method, String uri, String body) throws Exception {
        return call(method, uri, user, password, body, "application/json");
    }

    @Override
    public void close() throws Exception {
        client.close();
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        backend.close();
    }
}
