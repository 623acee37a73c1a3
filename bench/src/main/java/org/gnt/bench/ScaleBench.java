package org.gnt.bench;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.gnt.dist.ScaleCluster;

/**
 * Read latency at scale: builds a cluster of {@code nodes} node services (one real, the rest
 * simulated) in one JVM, creates {@code instances} instances by real jobs, and prints the create
 * rate, ZooKeeper bytes per create and the median time of {@code gnt-node list},
 * {@code gnt-instance list} (in-process CLI, connection included) and
 * {@code GET /2/instances?bulk=1} (through the gateway JVM and TLS).
 *
 * <p>{@code bench/run --scale 200,5000 [--scale 1000,20000]}
 */
public final class ScaleBench {
    private ScaleBench() {
    }

    static void run(int nodes, int instances, Path bundles) throws Exception {
        Path dir = Files.createTempDirectory("gnt-scale-");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (ScaleCluster c = new ScaleCluster(dir, nodes, bundles).start()) {
            c.startGateway(port);
            ScaleCluster.CreateFigures f = c.createInstances(0, instances, 64);
            double nodeList = ScaleCluster.medianMs(5, () -> c.cli("gnt-node", "list"));
            double instanceList = ScaleCluster.medianMs(5, () -> c.cli("gnt-instance", "list"));
            double bulk = ScaleCluster.medianMs(9, () -> c.rapiGet("/2/instances?bulk=1"));
            System.out.printf("%5d nodes / %6d instances: creates %.0f/s, %.0f ZooKeeper bytes per create;"
                    + " gnt-node list %.0f ms, gnt-instance list %.0f ms, GET /2/instances?bulk=1 %.0f ms%n",
                    nodes, instances, instances / f.seconds(), f.zkBytesPerCreate(), nodeList, instanceList, bulk);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
