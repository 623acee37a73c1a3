package org.gnt.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./quickstart}: a single-machine cluster in the foreground (Ctrl-C stops it), or with
 * {@code --detach} in the background until {@code --stop}. Data lives in {@code --data DIR}
 * (default {@code ~/.gnt/quickstart}); a restart over the same directory keeps the cluster.
 */
public final class Quickstart {
    private Quickstart() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(System.getProperty("user.home"), ".gnt", "quickstart");
        Path bundles = Path.of("dist", "target", "bundles");
        int port = 5080;
        boolean detach = false;
        boolean stop = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--bundles" -> bundles = Path.of(args[++i]);
                case "--rapi-port" -> port = Integer.parseInt(args[++i]);
                case "--detach" -> detach = true;
                case "--stop" -> stop = true;
                case "-h", "--help" -> {
                    System.out.println("usage: ./quickstart [--detach] [--stop] [--data DIR] [--rapi-port PORT]");
                    return;
                }
                default -> {
                    System.err.println("unknown argument " + args[i] + " (try --help)");
                    System.exit(2);
                }
            }
        }
        data = data.toAbsolutePath();
        Files.createDirectories(data);
        if (stop) {
            System.exit(stop(data));
        } else if (detach) {
            System.exit(detach(data, bundles.toAbsolutePath(), port));
        } else {
            foreground(data, bundles.toAbsolutePath(), port);
        }
    }

    private static void foreground(Path data, Path bundles, int port) throws Exception {
        Path pidFile = data.resolve("quickstart.pid");
        Optional<ProcessHandle> running = running(pidFile);
        if (running.isPresent()) {
            System.err.println("A quickstart cluster already runs from " + data + " (pid " + running.get().pid()
                    + "); stop it with ./quickstart --stop" + (isDefault(data) ? "" : " --data " + data));
            System.exit(1);
        }
        Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()));
        Files.deleteIfExists(data.resolve("ready"));
        LocalCluster cluster = new LocalCluster(LocalCluster.Options.defaults(data, bundles).withRapiPort(port));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the cluster...");
            try {
                cluster.close();
                Files.deleteIfExists(data.resolve("ready"));
                Files.deleteIfExists(pidFile);
            } catch (Exception e) {
                System.err.println("error while stopping: " + e);
            }
            stopped.countDown();
        }));
        cluster.start();
        if (isDefault(data)) {
            Path userConf = Path.of(System.getProperty("user.home"), ".gnt", "gnt.conf");
            Files.copy(cluster.confFile(), userConf, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(data.resolve("ready"), "ready\n");
        System.out.println(banner(cluster, data));
        stopped.await();
    }

    static String banner(LocalCluster c, Path data) {
        String url = "https://127.0.0.1:" + c.rapiPort();
        String conf = isDefault(data) ? "" : "export GNT_CONF=" + c.confFile() + "\n  ";
        return """

                gnt cluster '%s' is up: 2 coordinators, 3 node services (node1-3), RAPI gateway.
                  RAPI:         %s   (self-signed certificate)
                  credentials:  %s:%s   (also in %s)
                  data, logs:   %s
                Try:
                  curl -k %s/2/info
                  curl -k -u %s:%s -X POST -H 'Content-Type: application/json' \\
                       -d '{"__version__": 1, "name": "web1", "mode": "create", "disk_template": "file", \\
                            "disks": [{"size": 256}], "os": "noop", "pnode": "node1", "beparams": {"memory": 128}}' \\
                       %s/2/instances
                  %sexport PATH=$PWD/dist/bin:$PATH
                  gnt-instance list
                  gnt-node list
                Stop with Ctrl-C (or ./quickstart --stop when started with --detach).
                """.formatted(LocalCluster.CLUSTER, url, LocalCluster.ADMIN, c.password(), c.credentialsFile(),
                data, url, LocalCluster.ADMIN, c.password(), url, conf);
    }

    private static boolean isDefault(Path data) {
        return data.equals(Path.of(System.getProperty("user.home"), ".gnt", "quickstart").toAbsolutePath());
    }

    /** Starts this class in the foreground mode as a background process and waits until it is ready. */
    private static int detach(Path data, Path bundles, int port) throws Exception {
        Optional<ProcessHandle> running = running(data.resolve("quickstart.pid"));
        if (running.isPresent() && Files.exists(data.resolve("ready"))) {
            System.out.println("Already running (pid " + running.get().pid() + "); RAPI on https://127.0.0.1:" + port);
            return 0;
        }
        Files.deleteIfExists(data.resolve("ready"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Quickstart.class.getName(),
                "--data", data.toString(), "--bundles", bundles.toString(), "--rapi-port", Integer.toString(port)));
        Path log = data.resolve("quickstart.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!Files.exists(data.resolve("ready"))) {
            if (!p.isAlive()) {
                System.err.println("The cluster failed to start; see " + log);
                return 1;
            }
            if (System.nanoTime() > end) {
                System.err.println("The cluster did not become ready in 5 minutes; see " + log);
                p.destroy();
                return 1;
            }
            Thread.sleep(200);
        }
        String out = Files.readString(log);
        int at = out.lastIndexOf("gnt cluster '");
        System.out.println(at >= 0 ? out.substring(at) : "ready; see " + log);
        return 0;
    }

    private static int stop(Path data) throws IOException, InterruptedException {
        Optional<ProcessHandle> running = running(data.resolve("quickstart.pid"));
        if (running.isEmpty()) {
            System.out.println("No quickstart cluster runs from " + data);
            return 0;
        }
        running.get().destroy();
        try {
            running.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("The cluster did not stop within 60 s (pid " + running.get().pid() + ")");
            return 1;
        }
        System.out.println("Stopped.");
        return 0;
    }

    private static Optional<ProcessHandle> running(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().command().map(c -> c.contains("java")).orElse(true));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
