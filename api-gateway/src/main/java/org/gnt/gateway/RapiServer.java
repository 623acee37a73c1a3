package org.gnt.gateway;

import java.util.Objects;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;
import org.gnt.bus.config.RapiCertificate;
import org.gnt.gateway.auth.RapiAuth;
import org.gnt.gateway.auth.RapiUsersFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RAPI v2 HTTPS server: the cluster's PKCS12 certificate, the routes of {@link RapiRouter},
 * and a timer that re-reads the users file when it changes. {@link #listen} reports through a
 * future; port 0 picks a free port ({@link #actualPort()}).
 */
public final class RapiServer {
    private static final Logger LOG = LoggerFactory.getLogger(RapiServer.class);
    /** How often the users file is checked for changes. */
    public static final long USERS_CHECK_MS = Long.getLong("gnt.rapi.users.check.ms", 2000);

    private final Vertx vertx;
    private final Backend backend;
    private final RapiUsersFile users;
    private final boolean requireAuthentication;
    private final byte[] pkcs12;
    private HttpServer server;
    private long usersTimer = -1;

    public RapiServer(Vertx vertx, Backend backend, RapiUsersFile users, boolean requireAuthentication, byte[] pkcs12) {
        this.vertx = Objects.requireNonNull(vertx, "vertx is null");
        this.backend = Objects.requireNonNull(backend, "backend is null");
        this.users = Objects.requireNonNull(users, "users is null");
        this.requireAuthentication = requireAuthentication;
        this.pkcs12 = pkcs12.clone();
    }

    public synchronized Future<RapiServer> listen(int port, String host) {
        if (server != null) {
            return Future.failedFuture(new IllegalStateException("already listening"));
        }
        HttpServerOptions options = new HttpServerOptions()
                .setSsl(true)
                .setKeyCertOptions(new PfxOptions().setValue(Buffer.buffer(pkcs12)).setPassword(RapiCertificate.PASSWORD))
                .setCompressionSupported(true);
        RapiAuth auth = new RapiAuth(users, requireAuthentication);
        server = vertx.createHttpServer(options).requestHandler(RapiRouter.create(vertx, backend, auth));
        usersTimer = vertx.setPeriodic(USERS_CHECK_MS, id -> vertx.executeBlocking(users::refresh, false));
        return server.listen(port, host).map(s -> {
            LOG.info("RAPI listening on https://{}:{} (authentication {})", host, s.actualPort(),
                    requireAuthentication ? "required for every request" : "required for writes");
            return this;
        });
    }

    /** The port listened on (after {@link #listen} completed). */
    public synchronized int actualPort() {
        if (server == null) {
            throw new IllegalStateException("not listening");
        }
        return server.actualPort();
    }

    public synchronized Future<Void> close() {
        if (usersTimer >= 0) {
            vertx.cancelTimer(usersTimer);
            usersTimer = -1;
        }
        HttpServer s = server;
        server = null;
        return s == null ? Future.succeededFuture() : s.close();
    }
}
