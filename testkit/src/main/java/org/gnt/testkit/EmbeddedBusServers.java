package org.gnt.testkit;

import java.nio.file.Path;

/**
 * {@link EmbeddedKafka} and {@link EmbeddedZooKeeper} in this JVM, started together (ZooKeeper first) and
 * closed together (Kafka first).
 *
 * <p>With a base directory, data goes to {@code base/kafka} and {@code base/zookeeper} and is kept on close,
 * so a new instance over the same directory finds its topics, records and znodes again; without one both
 * use temporary directories deleted on close.
 */
public final class EmbeddedBusServers implements BusServers {
    private final EmbeddedKafka kafka;
    private final EmbeddedZooKeeper zooKeeper;

    /** Temporary directories, free ports. */
    public EmbeddedBusServers() {
        this(new EmbeddedKafka(), new EmbeddedZooKeeper());
    }

    /** Data kept under {@code baseDir} ({@code kafka/}, {@code zookeeper/}); free or remembered ports. */
    public EmbeddedBusServers(Path baseDir) {
        this(new EmbeddedKafka(baseDir.resolve("kafka")), new EmbeddedZooKeeper(baseDir.resolve("zookeeper")));
    }

    /** Wraps servers configured by the caller (ports, extra settings); they may be started or not. */
    public EmbeddedBusServers(EmbeddedKafka kafka, EmbeddedZooKeeper zooKeeper) {
        this.kafka = kafka;
        this.zooKeeper = zooKeeper;
    }

    /** Starts ZooKeeper, then Kafka; returns {@code this}. On failure, stops what was started. */
    public EmbeddedBusServers start() {
        try {
            zooKeeper.start();
            kafka.start();
            return this;
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public EmbeddedZooKeeper zooKeeper() {
        return zooKeeper;
    }

    @Override
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public String zkConnect() {
        return zooKeeper.connectString();
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            zooKeeper.close();
        }
    }

    @Override
    public String toString() {
        return "EmbeddedBusServers[kafka=" + bootstrapServers() + ", zk=" + zkConnect() + "]";
    }
}
