package org.gnt.bus;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;

/**
 * Where a cluster's bus is: Kafka bootstrap servers, ZooKeeper connect string and cluster name.
 * Stored as a small properties file ({@code gnt.conf}) that the CLI, gateway and services read.
 */
public record BusConfig(String bootstrapServers, String zkConnect, String cluster) {
    public BusConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers is null");
        Objects.requireNonNull(zkConnect, "zkConnect is null");
        Objects.requireNonNull(cluster, "cluster is null");
    }

    public Topics topics() {
        return new Topics(cluster);
    }

    public ZkPaths paths() {
        return new ZkPaths(cluster);
    }

    public static BusConfig load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cluster configuration " + file, e);
        }
        return new BusConfig(require(p, "bootstrap.servers", file), require(p, "zookeeper.connect", file),
                require(p, "cluster", file));
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
        p.setProperty("bootstrap.servers", bootstrapServers);
        p.setProperty("zookeeper.connect", zkConnect);
        p.setProperty("cluster", cluster);
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
