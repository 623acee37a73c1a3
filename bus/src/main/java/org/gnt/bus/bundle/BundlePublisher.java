package org.gnt.bus.bundle;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.bus.TopicAdmin;

/** Writes bundle records to the {@code bundles} topic (gnt-plugin install), waiting until Kafka has each. */
public final class BundlePublisher implements AutoCloseable {
    private final BusConfig cfg;
    private final KafkaProducer<String, byte[]> producer;

    public BundlePublisher(BusConfig cfg, String clientId) {
        this.cfg = cfg;
        TopicAdmin.ensureClusterTopics(cfg); // also raises an old bundles topic's message size limit
        this.producer = BusClients.bundleProducer(cfg, clientId);
    }

    /** Publishes the record under its symbolic name; returns its offset. */
    public long publish(BundleRecord r) throws Exception {
        return producer.send(new ProducerRecord<>(cfg.topics().bundles(), r.symbolicName(), Json.bytes(r)))
                .get(60, TimeUnit.SECONDS).offset();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
