package org.gnt.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedBusServersIT {

    @RegisterExtension
    static final BusServersExtension SERVERS = new BusServersExtension(() -> new EmbeddedBusServers().start());

    private static EmbeddedBusServers embedded() {
        return assertInstanceOf(EmbeddedBusServers.class, SERVERS.servers());
    }

    @Test
    void addressesAreLoopbackWithRealPorts(BusServers servers) {
        assertTrue(servers.bootstrapServers().matches("127\\.0\\.0\\.1:\\d+"), servers.bootstrapServers());
        assertTrue(servers.zkConnect().matches("127\\.0\\.0\\.1:\\d+"), servers.zkConnect());
        assertFalse(servers.bootstrapServers().endsWith(":0"));
        assertFalse(servers.zkConnect().endsWith(":0"));
        assertTrue(Files.isRegularFile(embedded().kafka().logDir().resolve("meta.properties")));
        assertFalse(BusServers.containersWanted(), "no -Dgnt.testkit.containers=true here");
    }

    @Test
    void compactedTopicProduceAndConsume() throws Exception {
        String bootstrap = SERVERS.bootstrapServers();
        String topic = "gnt.test.config";
        BusChecks.createCompactedTopic(bootstrap, topic);
        RecordMetadata md = BusChecks.produce(bootstrap, topic, "cluster", "{\"v\":1,\"name\":\"c1\"}");
        assertEquals(0, md.offset());
        List<ConsumerRecord<String, String>> read = BusChecks.readFromStart(bootstrap, topic, 1);
        assertEquals(1, read.size());
        assertEquals("cluster", read.get(0).key());
        assertEquals("{\"v\":1,\"name\":\"c1\"}", read.get(0).value());
    }

    @Test
    void autoCreatedTopicAndConsumerGroup() throws Exception {
        String bootstrap = SERVERS.bootstrapServers();
        BusChecks.produce(bootstrap, "gnt.test.auto", "k", "v");
        List<ConsumerRecord<String, String>> read = BusChecks.readWithGroup(bootstrap, "gnt.test.auto", "g1", 1);
        assertEquals(1, read.size());
        assertEquals("v", read.get(0).value());
    }

    @Test
    void znodeWithCurator() throws Exception {
        BusChecks.createAndReadZnode(SERVERS.zkConnect(), "/gnt/test/znode", "hello");
    }

    @Test
    void kafkaRestartOverSameLogDirKeepsRecords() throws Exception {
        EmbeddedKafka kafka = embedded().kafka();
        String bootstrap = kafka.bootstrapServers();
        String clusterId = kafka.clusterId();
        String topic = "gnt.test.restart";
        BusChecks.createCompactedTopic(bootstrap, topic);
        BusChecks.produce(bootstrap, topic, "a", "before-restart");

        // same instance: stop + start keeps data, ports and cluster id
        kafka.stop();
        assertFalse(kafka.isRunning());
        kafka.start();
        assertEquals(bootstrap, kafka.bootstrapServers());
        assertEquals(clusterId, kafka.clusterId());
        List<ConsumerRecord<String, String>> read = BusChecks.readFromStart(bootstrap, topic, 1);
        assertEquals(1, read.size());
        assertEquals("before-restart", read.get(0).value());

        // a new instance over the same (already formatted) directory: reused, not reformatted
        BusChecks.produce(bootstrap, topic, "b", "second");
        kafka.stop();
        try (EmbeddedKafka again = new EmbeddedKafka(kafka.dataDir())) {
            again.start();
            assertEquals(clusterId, again.clusterId());
            assertEquals(bootstrap, again.bootstrapServers(), "remembered ports are reused when free");
            List<ConsumerRecord<String, String>> both = BusChecks.readFromStart(again.bootstrapServers(), topic, 2);
            assertEquals(List.of("before-restart", "second"), both.stream().map(ConsumerRecord::value).toList());
        }
        assertTrue(Files.isDirectory(kafka.logDir()), "a given directory is kept on close");
        kafka.start(); // the extension closes it after all tests
    }

    @Test
    void zooKeeperRestartOverSameDirKeepsZnodes() throws Exception {
        EmbeddedZooKeeper zk = embedded().zooKeeper();
        String connect = zk.connectString();
        BusChecks.createAndReadZnode(connect, "/gnt/test/restart", "kept");
        zk.stop();
        zk.start();
        assertEquals(connect, zk.connectString());
        try (CuratorFramework c = BusChecks.curator(connect)) {
            assertEquals("kept", new String(c.getData().forPath("/gnt/test/restart"), StandardCharsets.UTF_8));
        }
    }
}
