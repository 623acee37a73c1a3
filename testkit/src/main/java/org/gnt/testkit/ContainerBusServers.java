package org.gnt.testkit;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka ({@code apache/kafka}, KRaft) and ZooKeeper ({@code zookeeper}) in Docker containers via
 * Testcontainers. Needs a Docker engine; see {@link BusServers#start()} for the automatic choice.
 */
public final class ContainerBusServers implements BusServers {
    public static final String DEFAULT_KAFKA_IMAGE = "apache/kafka:4.1.0";
    public static final String DEFAULT_ZOOKEEPER_IMAGE = "zookeeper:3.9";
    public static final int ZOOKEEPER_PORT = 2181;

    private final KafkaContainer kafka;
    private final GenericContainer<?> zooKeeper;

    /** The default images. */
    public ContainerBusServers() {
        this(DEFAULT_KAFKA_IMAGE, DEFAULT_ZOOKEEPER_IMAGE);
    }

    public ContainerBusServers(String kafkaImage, String zooKeeperImage) {
        this.kafka = new KafkaContainer(DockerImageName.parse(kafkaImage))
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true")
                .withEnv("KAFKA_NUM_PARTITIONS", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1");
        this.zooKeeper = new GenericContainer<>(DockerImageName.parse(zooKeeperImage))
                .withExposedPorts(ZOOKEEPER_PORT)
                .withEnv("ZOO_TICK_TIME", "500")
                .withEnv("ZOO_ADMINSERVER_ENABLED", "false")
                .waitingFor(Wait.forListeningPort());
    }

    /** Starts both containers; returns {@code this}. On failure, stops what was started. */
    public ContainerBusServers start() {
        try {
            zooKeeper.start();
            kafka.start();
            return this;
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    public KafkaContainer kafkaContainer() {
        return kafka;
    }

    public GenericContainer<?> zooKeeperContainer() {
        return zooKeeper;
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String zkConnect() {
        return zooKeeper.getHost() + ":" + zooKeeper.getMappedPort(ZOOKEEPER_PORT);
    }

    @Override
    public void close() {
        try {
            kafka.stop();
        } finally {
            zooKeeper.stop();
        }
    }

    @Override
    public String toString() {
        return "ContainerBusServers[" + kafka.getDockerImageName() + ", " + zooKeeper.getDockerImageName() + "]";
    }
}
