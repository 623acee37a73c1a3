package org.gnt.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.bus.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 200 node services (one real, 199 simulated) and 5,000 instances created by real jobs: the
 * node and instance listings and the RAPI bulk read stay fast and complete. Bounds are generous
 * (a loaded 2-core machine); the figures themselves come from {@code bench/run --scale}.
 */
class ScaleIT {
    static final int NODES = 200;
    static final int INSTANCES = 5_000;
    /** Far above what is measured (well under a second each), far below what a per-object round trip would cost. */
    static final double BUDGET_MS = 10_000;
    static ScaleCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "it-scale-" + System.currentTimeMillis()));
        cluster = new ScaleCluster(dir.toAbsolutePath(), NODES,
                Path.of(System.getProperty("gnt.bundles.dir", "target/bundles")).toAbsolutePath()).start();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        cluster.startGateway(port);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void listingsOf200NodesAnd5000InstancesStayFastAndComplete() throws Exception {
        ScaleCluster.CreateFigures created = cluster.createInstances(0, INSTANCES, 32);
        System.out.printf("SCALE: %d creates in %.1f s (%.0f/s), %.0f ZooKeeper bytes received per create%n",
                created.created(), created.seconds(), created.created() / created.seconds(), created.zkBytesPerCreate());

        String nodes = cluster.cli("gnt-node", "list", "--no-headers", "-o", "name,pinst_cnt");
        assertEquals(NODES, nodes.lines().count(), "every node listed");
        assertTrue(nodes.lines().allMatch(l -> l.trim().endsWith(" " + INSTANCES / NODES)), "25 instances on each node");
        long instances = cluster.cli("gnt-instance", "list", "--no-headers", "-o", "name").lines().count();
        assertEquals(INSTANCES, instances);
        JsonNode bulk = Json.MAPPER.readTree(cluster.rapiGet("/2/instances?bulk=1"));
        assertEquals(INSTANCES, bulk.size());

        double nodeList = ScaleCluster.medianMs(3, () -> cluster.cli("gnt-node", "list"));
        double instanceList = ScaleCluster.medianMs(3, () -> cluster.cli("gnt-instance", "list"));
        double rapiBulk = ScaleCluster.medianMs(5, () -> cluster.rapiGet("/2/instances?bulk=1"));
        System.out.printf("SCALE: %d nodes / %d instances: gnt-node list %.0f ms, gnt-instance list %.0f ms,"
                + " GET /2/instances?bulk=1 %.0f ms%n", NODES, INSTANCES, nodeList, instanceList, rapiBulk);
        assertTrue(nodeList < BUDGET_MS && instanceList < BUDGET_MS && rapiBulk < BUDGET_MS,
                "listings stay fast: " + nodeList + " / " + instanceList + " / " + rapiBulk + " ms");
    }
}
