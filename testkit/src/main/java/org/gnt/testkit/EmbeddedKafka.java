package org.gnt.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * A real, in-process Kafka 4.4 node in KRaft mode (one process that is both broker and controller,
 * node id 1) on 127.0.0.1.
 *
 * <p>Layout of the data directory: {@code logs/} (log.dirs, also the metadata log),
 * {@code server.properties} (the effective configuration, for reference) and
 * {@code testkit-ports.properties} (ports used last time). A directory that is already formatted
 * ({@code logs/meta.properties} exists) is reused as is, so topics and records survive a restart; otherwise
 * it is formatted with a fresh cluster id. A temporary directory (no directory given) is deleted on
 * {@link #close()}.
 *
 * <p>{@link #start()} returns once the broker is unfenced and answers an Admin describeCluster;
 * {@link #stop()} shuts down cleanly and keeps data and ports so {@link #start()} can restart it with the same
 * {@link #bootstrapServers()}.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String PORTS_FILE = "testkit-ports.properties";
    private static final int NODE_ID = 1;

    private final Path dir;
    private final boolean tempDir;
    private final Properties extra = new Properties();
    private int brokerPort;
    private int controllerPort;
    private Duration startTimeout = Duration.ofSeconds(90);
    private KafkaRaftServer server;
    private String clusterId;

    /** Free ports, temporary directory (deleted on close). */
    public EmbeddedKafka() {
        this(null, 0, 0);
    }

    /** Free ports (or the ones remembered in {@code dataDir}), data kept in {@code dataDir}. */
    public EmbeddedKafka(Path dataDir) {
        this(dataDir, 0, 0);
    }

    /**
     * @param dataDir        data directory, kept on close; {@code null} for a temporary one deleted on close
     * @param brokerPort     PLAINTEXT listener port on 127.0.0.1; 0 for a free one (or the remembered one)
     * @param controllerPort CONTROLLER listener port on 127.0.0.1; 0 for a free one (or the remembered one)
     */
    public EmbeddedKafka(Path dataDir, int brokerPort, int controllerPort) {
        this.tempDir = dataDir == null;
        this.dir = tempDir ? TestkitFiles.tempDir("gnt-kafka-") : dataDir.toAbsolutePath();
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
    }

    /** Adds or overrides a broker setting (e.g. "log.retention.ms"); before {@link #start()}. */
    public EmbeddedKafka withConfig(String key, Object value) {
        extra.setProperty(key, String.valueOf(value));
        return this;
    }

    /** How long {@link #start()} waits for the broker to become ready (default 90 s). */
    public EmbeddedKafka withStartTimeout(Duration timeout) {
        this.startTimeout = timeout;
        return this;
    }

    /**
     * Formats the storage if needed, starts the node and waits until the broker is ready; returns
     * {@code this}. A no-op when running.
     */
    public synchronized EmbeddedKafka start() {
        if (server != null) {
            return this;
        }
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(logDir());
            choosePorts();
            Properties props = serverProperties();
            Path cfgFile = dir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(cfgFile)) {
                props.store(out, "written by org.gnt.testkit.EmbeddedKafka on every start");
            }
            formatIfNeeded(cfgFile);
            clusterId = readClusterId();
            KafkaRaftServer s = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            try {
                s.startup();
            } catch (Throwable e) {
                shutdownQuietly(s);
                throw e;
            }
            server = s;
            rememberPorts();
            try {
                awaitReady();
            } catch (RuntimeException e) {
                stop();
                throw e;
            }
            LOG.info("Kafka started at {} (cluster {}, data {}) in {} ms", bootstrapServers(), clusterId, dir,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "127.0.0.1:PORT" of the PLAINTEXT listener. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public int brokerPort() {
        return brokerPort;
    }

    public int controllerPort() {
        return controllerPort;
    }

    /** The data directory (holds {@code logs/}). */
    public Path dataDir() {
        return dir;
    }

    /** The Kafka log directory ({@code log.dirs}), {@code dataDir()/logs}. */
    public Path logDir() {
        return dir.resolve("logs");
    }

    /** The cluster id read from the formatted storage; null before the first start. */
    public String clusterId() {
        return clusterId;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Shuts the node down cleanly, keeping data and ports so that {@link #start()} restarts it. */
    public synchronized void stop() {
        if (server != null) {
            KafkaRaftServer s = server;
            server = null;
            long t0 = System.nanoTime();
            shutdownQuietly(s);
            LOG.info("Kafka at {} stopped in {} ms", bootstrapServers(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
    }

    /** Stops the node and deletes the directory if it was a temporary one. */
    @Override
    public synchronized void close() {
        stop();
        if (tempDir) {
            TestkitFiles.deleteRecursively(dir);
        }
    }

    private Properties serverProperties() {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logDir().toString());
        // one broker: every internal topic with replication factor 1
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "5");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "5");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "true");
        p.setProperty("num.partitions", "1");
        p.setProperty("delete.topic.enable", "true");
        // compaction on (cleanup.policy=compact topics are cleaned), small cleaner buffer for a small JVM;
        // time retention stays the Kafka default (7 days) for cleanup.policy=delete topics
        p.setProperty("log.cleaner.enable", "true");
        p.setProperty("log.cleaner.threads", "1");
        p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        p.setProperty("log.cleaner.backoff.ms", "5000");
        // fewer threads: this is a development broker
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "4");
        p.setProperty("background.threads", "4");
        p.setProperty("num.recovery.threads.per.data.dir", "1");
        p.putAll(extra);
        return p;
    }

    private boolean isFormatted() {
        return Files.isRegularFile(logDir().resolve("meta.properties"));
    }

    private void formatIfNeeded(Path cfgFile) {
        if (isFormatted()) {
            LOG.debug("Kafka storage {} already formatted, reusing it", logDir());
            return;
        }
        String id = Uuid.randomUuid().toString();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {"format", "--cluster-id", id, "--config", cfgFile.toString(),
                    "--ignore-formatted"}, ps);
        } catch (Exception e) {
            throw new IllegalStateException("formatting Kafka storage " + logDir() + " failed: "
                    + buf.toString(StandardCharsets.UTF_8), e);
        }
        if (rc != 0) {
            throw new IllegalStateException("formatting Kafka storage " + logDir() + " failed (" + rc + "): "
                    + buf.toString(StandardCharsets.UTF_8));
        }
        LOG.debug("formatted {}: {}", logDir(), buf.toString(StandardCharsets.UTF_8).trim());
    }

    private String readClusterId() throws IOException {
        Properties meta = new Properties();
        try (InputStream in = Files.newInputStream(logDir().resolve("meta.properties"))) {
            meta.load(in);
        }
        return meta.getProperty("cluster.id");
    }

    private void choosePorts() {
        Properties old = new Properties();
        Path f = dir.resolve(PORTS_FILE);
        if (Files.isRegularFile(f)) {
            try (InputStream in = Files.newInputStream(f)) {
                old.load(in);
            } catch (IOException e) {
                old.clear();
            }
        }
        if (brokerPort == 0) {
            brokerPort = reusable(old.getProperty("broker.port"));
        }
        if (controllerPort == 0) {
            controllerPort = reusable(old.getProperty("controller.port"));
        }
        while (brokerPort == 0 || controllerPort == 0 || brokerPort == controllerPort) {
            if (brokerPort == 0) {
                brokerPort = TestkitFiles.freePort();
            }
            if (controllerPort == 0 || controllerPort == brokerPort) {
                controllerPort = TestkitFiles.freePort();
            }
        }
    }

    private static int reusable(String port) {
        try {
            int p = port == null ? 0 : Integer.parseInt(port);
            return p > 0 && TestkitFiles.isFree(p) ? p : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void rememberPorts() throws IOException {
        Properties p = new Properties();
        p.setProperty("broker.port", Integer.toString(brokerPort));
        p.setProperty("controller.port", Integer.toString(controllerPort));
        try (OutputStream out = Files.newOutputStream(dir.resolve(PORTS_FILE))) {
            p.store(out, "last ports used by org.gnt.testkit.EmbeddedKafka");
        }
    }

    /** Waits until the broker answers describeCluster with itself as a live node. */
    private void awaitReady() {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        Properties ac = new Properties();
        ac.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        ac.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        ac.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        ac.setProperty(AdminClientConfig.CLIENT_ID_CONFIG, "gnt-testkit-readiness");
        Exception last = null;
        try (Admin admin = Admin.create(ac)) {
            while (System.nanoTime() < deadline) {
                try {
                    Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(5000))
                            .nodes().get(6, TimeUnit.SECONDS);
                    if (nodes.stream().anyMatch(n -> n.id() == NODE_ID)) {
                        admin.listTopics().names().get(6, TimeUnit.SECONDS);
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka", e);
                } catch (Exception e) {
                    last = e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka", e);
                }
            }
        }
        throw new IllegalStateException("Kafka at " + bootstrapServers() + " not ready after " + startTimeout, last);
    }

    private static void shutdownQuietly(KafkaRaftServer s) {
        try {
            s.shutdown();
            s.awaitShutdown();
        } catch (Throwable e) {
            LOG.warn("Kafka shutdown: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers() + ", " + dir + (isRunning() ? ", running]" : "]");
    }
}
