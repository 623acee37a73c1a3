package org.gnt.bus;

import java.util.Properties;
import java.util.UUID;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gnt.bus.bundle.BundleRecord;

/** Builds Kafka and ZooKeeper clients with the settings every gnt process uses. */
public final class BusClients {
    /** ZooKeeper session timeout: a dead master's latch and a dead node's liveness vanish after this. */
    public static final int ZK_SESSION_MS = Integer.getInteger("gnt.zk.session.ms", 4000);

    private BusClients() {
    }

    public static CuratorFramework curator(BusConfig cfg) {
        CuratorFramework c = CuratorFrameworkFactory.builder()
                .connectString(cfg.zkConnect())
                .sessionTimeoutMs(ZK_SESSION_MS)
                .connectionTimeoutMs(Math.min(3000, ZK_SESSION_MS))
                .retryPolicy(new ExponentialBackoffRetry(100, 10, 2000))
                .build();
        c.start();
        return c;
    }

    public static KafkaProducer<String, byte[]> producer(BusConfig cfg, String clientId) {
        return new KafkaProducer<>(producerProperties(cfg, clientId));
    }

    private static Properties producerProperties(BusConfig cfg, String clientId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-" + UUID.randomUUID().toString().substring(0, 8));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /** A producer whose requests may carry a whole bundle jar ({@link BundleRecord#MAX_MESSAGE_BYTES}). */
    public static KafkaProducer<String, byte[]> bundleProducer(BusConfig cfg, String clientId) {
        Properties p = producerProperties(cfg, clientId);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, BundleRecord.MAX_MESSAGE_BYTES);
        return new KafkaProducer<>(p);
    }

    /** A reader (no group) that fetches a whole bundle record at once. */
    public static KafkaConsumer<String, byte[]> bundleReader(BusConfig cfg, String clientId) {
        Properties p = consumerProperties(cfg, clientId, null);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, BundleRecord.MAX_MESSAGE_BYTES);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        return new KafkaConsumer<>(p);
    }

    /** A consumer without a group: callers assign partitions and seek themselves. */
    public static KafkaConsumer<String, byte[]> reader(BusConfig cfg, String clientId) {
        return consumer(cfg, clientId, null);
    }

    public static KafkaConsumer<String, byte[]> consumer(BusConfig cfg, String clientId, String group) {
        return new KafkaConsumer<>(consumerProperties(cfg, clientId, group));
    }

    private static Properties consumerProperties(BusConfig cfg, String clientId, String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.bootstrapServers());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-" + UUID.randomUUID().toString().substring(0, 8));
        if (group != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        }
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // topics are made by TopicAdmin with their retention policy, never by a reader
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }
}
