package org.gnt.bus;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a cluster's bus is: Kafka bootstrap servers, ZooKeeper connect string and cluster name.
 * Stored as a small properties file ({@code gnt.conf}) that the CLI, gateway and services read.
 * Any other property in the file (e.g. {@code jobs.archive.age.seconds}) is kept in
 * {@link #settings()} for the process that understands it; the others ignore it.
 */
public record BusConfig(String bootstrapServers, String zkConnect, String cluster, Map<String, String> settings) {
    private static final String BOOTSTRAP = "bootstrap.servers";
    private static final String ZK = "zookeeper.connect";
    private static final String CLUSTER = "cluster";

    public BusConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers is null");
        Objects.requireNonNull(zkConnect, "zkConnect is null");
        Objects.requireNonNull(cluster, "cluster is null");
        settings = Map.copyOf(settings);
    }

    public BusConfig(String bootstrapServers, String zkConnect, String cluster) {
        this(bootstrapServers, zkConnect, cluster, Map.of());
    }

    public Topics topics() {
        return new Topics(cluster);
    }

    public ZkPaths paths() {
        return new ZkPaths(cluster);
    }

    /** A further property of {@code gnt.conf}, trimmed; empty when absent or blank. */
    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key)).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** This configuration with one further property set (tests, and tools that write gnt.conf). */
    public BusConfig withSetting(String key, String value) {
        Map<String, String> s = new HashMap<>(settings);
        s.put(key, value);
        return new BusConfig(bootstrapServers, zkConnect, cluster, s);
    }

    public static BusConfig load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cluster configuration " + file, e);
        }
        Map<String, String> rest = new HashMap<>();
        for (String k : p.stringPropertyNames()) {
            if (!k.equals(BOOTSTRAP) && !k.equals(ZK) && !k.equals(CLUSTER)) {
                rest.put(k, p.getProperty(k));
            }
        }
        return new BusConfig(require(p, BOOTSTRAP, file), require(p, ZK, file), require(p, CLUSTER, file), rest);
    }

    private static String require(Properties p, String key, Path file) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(file + " lacks " + key);
        }
        return v.trim();
    }

    public void store(Path file) {
        Properties p = new Properties();
        p.putAll(settings);
        p.setProperty(BOOTSTRAP, bootstrapServers);
        p.setProperty(ZK, zkConnect);
        p.setProperty(CLUSTER, cluster);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (Writer w = Files.newBufferedWriter(file)) {
                p.store(w, "gnt cluster bus");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
