package org.gnt.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, in-process, standalone ZooKeeper 3.9 server on 127.0.0.1.
 *
 * <p>Data lives in {@code dir/data} of the given directory (kept on {@link #close()}), or in a temporary
 * directory that {@link #close()} deletes. tickTime is 500 ms, so sessions may be as short as 1 s and
 * expiry in tests is quick. {@link #stop()} followed by {@link #start()} restarts over the same data on the
 * same port; a new instance over an existing directory reuses the port it used last time when that port is
 * free and no port was given.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedZooKeeper.class);
    private static final String PORT_FILE = "testkit-port.properties";

    private final Path dir;
    private final boolean tempDir;
    private final Properties extra = new Properties();
    private int port;
    private ZooKeeperServerEmbedded server;

    /** Free port, temporary directory (deleted on close). */
    public EmbeddedZooKeeper() {
        this(null, 0);
    }

    /** Free port (or the one remembered in {@code dir}), data kept in {@code dir}. */
    public EmbeddedZooKeeper(Path dir) {
        this(dir, 0);
    }

    /**
     * @param dir  data directory, kept on close; {@code null} for a temporary one deleted on close
     * @param port client port on 127.0.0.1; 0 for a free one (or the one remembered in {@code dir})
     */
    public EmbeddedZooKeeper(Path dir, int port) {
        this.tempDir = dir == null;
        this.dir = tempDir ? TestkitFiles.tempDir("gnt-zk-") : dir.toAbsolutePath();
        this.port = port;
    }

    /** Adds or overrides a zoo.cfg setting (e.g. "tickTime", "maxSessionTimeout"); before {@link #start()}. */
    public EmbeddedZooKeeper withConfig(String key, Object value) {
        extra.setProperty(key, String.valueOf(value));
        return this;
    }

    /** Starts the server and waits until it serves; returns {@code this}. A no-op when running. */
    public synchronized EmbeddedZooKeeper start() {
        if (server != null) {
            return this;
        }
        try {
            Files.createDirectories(dir.resolve("data"));
            if (port == 0) {
                port = rememberedPort();
            }
            if (port == 0) {
                port = TestkitFiles.freePort();
            }
            Properties cfg = new Properties();
            cfg.setProperty("clientPort", Integer.toString(port));
            cfg.setProperty("clientPortAddress", "127.0.0.1");
            cfg.setProperty("dataDir", dir.resolve("data").toString());
            cfg.setProperty("tickTime", "500");
            cfg.setProperty("initLimit", "10");
            cfg.setProperty("syncLimit", "5");
            cfg.setProperty("maxClientCnxns", "0");
            cfg.setProperty("admin.enableServer", "false");
            cfg.setProperty("4lw.commands.whitelist", "ruok,srvr,stat,mntr");
            cfg.setProperty("autopurge.snapRetainCount", "3");
            cfg.setProperty("autopurge.purgeInterval", "1");
            cfg.putAll(extra);
            deleteOldGeneratedConfigs();
            ZooKeeperServerEmbedded zk = ZooKeeperServerEmbedded.builder()
                    .baseDir(dir)
                    .configuration(cfg)
                    .exitHandler(ExitHandler.LOG_ONLY)
                    .build();
            try {
                zk.start(30_000);
            } catch (Exception e) {
                zk.close();
                throw e;
            }
            server = zk;
            rememberPort();
            LOG.info("ZooKeeper started at {} (data {})", connectString(), dir);
            return this;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("ZooKeeper did not start on 127.0.0.1:" + port + " in " + dir, e);
        }
    }

    /** "127.0.0.1:PORT"; the port is known after {@link #start()} (or when given). */
    public String connectString() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Stops the server, keeping data and port, so that {@link #start()} restarts it. */
    public synchronized void stop() {
        if (server != null) {
            try {
                server.close();
            } finally {
                server = null;
            }
            LOG.info("ZooKeeper at 127.0.0.1:{} stopped", port);
        }
    }

    /** Stops the server and deletes the directory if it was a temporary one. */
    @Override
    public synchronized void close() {
        stop();
        if (tempDir) {
            TestkitFiles.deleteRecursively(dir);
        }
    }

    /** ZooKeeperServerEmbedded writes a new zookeeper.configuration*.properties into the base dir on every boot. */
    private void deleteOldGeneratedConfigs() throws IOException {
        try (var files = Files.newDirectoryStream(dir, "zookeeper.configuration*.properties")) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        }
    }

    private int rememberedPort() {
        Path f = dir.resolve(PORT_FILE);
        if (!Files.isRegularFile(f)) {
            return 0;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(f)) {
            p.load(in);
            int old = Integer.parseInt(p.getProperty("clientPort", "0"));
            return old > 0 && TestkitFiles.isFree(old) ? old : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private void rememberPort() {
        Properties p = new Properties();
        p.setProperty("clientPort", Integer.toString(port));
        try (OutputStream out = Files.newOutputStream(dir.resolve(PORT_FILE))) {
            p.store(out, "last port used by org.gnt.testkit.EmbeddedZooKeeper");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedZooKeeper[" + connectString() + ", " + dir + (isRunning() ? ", running]" : "]");
    }
}
