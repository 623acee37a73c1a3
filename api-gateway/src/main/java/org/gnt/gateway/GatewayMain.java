package org.gnt.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import org.gnt.bus.BusConfig;
import org.gnt.gateway.auth.RapiUsersFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gnt-rapi --conf gnt.conf --users FILE [--port 5080] [--bind 127.0.0.1] [--require-authentication]}:
 * connects to the cluster, serves RAPI v2 over HTTPS with the cluster's certificate, prints
 * "gateway listening on https://HOST:PORT" when ready and stops cleanly on SIGTERM.
 */
public final class GatewayMain {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);
    public static final int DEFAULT_PORT = 5080;

    private GatewayMain() {
    }

    record Options(Path conf, Path users, int port, String bind, boolean requireAuthentication) {
        static Options parse(String[] args) {
            Path conf = null;
            Path users = null;
            int port = DEFAULT_PORT;
            String bind = "0.0.0.0";
            boolean require = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--conf" -> conf = Path.of(value(args, ++i, a));
                    case "--users" -> users = Path.of(value(args, ++i, a));
                    case "--port", "-p" -> port = Integer.parseInt(value(args, ++i, a));
                    case "--bind", "-b" -> bind = value(args, ++i, a);
                    case "--require-authentication" -> require = true;
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (conf == null || users == null) {
                throw new IllegalArgumentException("--conf and --users are required");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be 0..65535");
            }
            return new Options(conf, users, port, bind, require);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }

    public static void main(String[] args) throws Exception {
        org.gnt.bus.ParentWatch.exitWithParent();
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("gnt-rapi: " + e.getMessage());
            System.err.println("usage: gnt-rapi --conf gnt.conf --users FILE [--port 5080] [--bind ADDRESS]"
                    + " [--require-authentication]");
            System.exit(2);
            return;
        }
        BusConfig cfg = BusConfig.load(o.conf());
        Backend backend = Backend.connect(cfg, Duration.ofSeconds(30));
        byte[] certificate;
        try {
            certificate = backend.certificate();
        } catch (RuntimeException e) {
            System.err.println("gnt-rapi: " + e.getMessage());
            backend.close();
            System.exit(1);
            return;
        }
        Vertx vertx = Vertx.vertx();
        RapiServer server = new RapiServer(vertx, backend, new RapiUsersFile(o.users()), o.requireAuthentication(),
                certificate);
        try {
            server.listen(o.port(), o.bind()).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.error("cannot start the RAPI server on {}:{}", o.bind(), o.port(), e);
            vertx.close();
            backend.close();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, vertx, backend), "gateway-stop"));
        System.out.println("gateway listening on https://" + o.bind() + ":" + server.actualPort());
        System.out.flush();
    }

    private static void stop(RapiServer server, Vertx vertx, Backend backend) {
        LOG.info("stopping the gateway");
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("stopping the RAPI server: {}", e.toString());
        } finally {
            backend.close();
            System.out.println("gateway stopped");
            System.out.flush();
        }
    }
}
