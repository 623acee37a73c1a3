package org.gnt.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import org.apache.curator.framework.CuratorFramework;
import org.gnt.bus.BusConfig;
import org.gnt.coordinator.Coordinator;
import org.gnt.gateway.GatewayHarness.Reply;
import org.gnt.testkit.BusServersExtension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For RAPI ITs whose jobs must really run: embedded Kafka and ZooKeeper, a fresh cluster in them,
 * an in-process coordinator and a gateway on a free port, for one test class. Register it on a
 * static field ({@code @RegisterExtension}); requests go through {@link #as} and {@link #get}.
 * Cluster files (users, storage) live in target/CLUSTER-millis.
 */
final class CoordinatedGateway implements BeforeAllCallback, AfterAllCallback {
    private final BusServersExtension servers = new BusServersExtension();
    private final String cluster;
    private final String coordinatorId;
    private final int workers;
    private final String users;
    private final boolean requireAuth;
    private Vertx vertx;
    private Coordinator coordinator;
    private GatewayHarness gw;

    /** {@code users} is the RAPI users file's text; {@code requireAuth} also for reads. */
    CoordinatedGateway(String cluster, String coordinatorId, int workers, String users, boolean requireAuth) {
        this.cluster = cluster;
        this.coordinatorId = coordinatorId;
        this.workers = workers;
        this.users = users;
        this.requireAuth = requireAuth;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        servers.beforeAll(context);
        Path dir = Files.createDirectories(Path.of("target", cluster + "-" + System.currentTimeMillis()));
        BusConfig cfg = new BusConfig(servers.bootstrapServers(), servers.zkConnect(), cluster);
        CuratorFramework curator = GatewayHarness.initCluster(cfg, dir.resolve("storage"));
        vertx = Vertx.vertx();
        coordinator = new Coordinator(cfg, coordinatorId, workers).start();
        gw = GatewayHarness.start(vertx, cfg, curator, dir.resolve("users"), users, requireAuth);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (gw != null) {
                gw.close();
                gw.curator.close();
            }
            if (coordinator != null) {
                coordinator.close();
            }
            if (vertx != null) {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        } finally {
            servers.afterAll(context);
        }
    }

    Reply as(String user, String password, HttpMethod method, String uri, String body) throws Exception {
        return gw.as(user, password, method, uri, body);
    }

    Reply get(String uri) throws Exception {
        return gw.get(uri);
    }
}
