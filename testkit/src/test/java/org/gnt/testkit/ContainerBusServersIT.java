package org.gnt.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/** Runs only where a Docker engine answers; skipped (not failed) elsewhere. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBusServersIT {
    private static ContainerBusServers servers;

    @BeforeAll
    static void start() {
        servers = new ContainerBusServers().start();
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void compactedTopicProduceAndConsume() throws Exception {
        String topic = "gnt.test.config";
        BusChecks.createCompactedTopic(servers.bootstrapServers(), topic);
        BusChecks.produce(servers.bootstrapServers(), topic, "cluster", "c1");
        List<ConsumerRecord<String, String>> read = BusChecks.readFromStart(servers.bootstrapServers(), topic, 1);
        assertEquals(1, read.size());
        assertEquals("c1", read.get(0).value());
    }

    @Test
    void znodeWithCurator() throws Exception {
        BusChecks.createAndReadZnode(servers.zkConnect(), "/gnt/test/znode", "hello");
    }
}
