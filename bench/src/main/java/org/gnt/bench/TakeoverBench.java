package org.gnt.bench;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.curator.framework.CuratorFramework;
import org.gnt.bus.BusClients;
import org.gnt.bus.Json;
import org.gnt.bus.job.JobClient;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.dist.LocalCluster;

/**
 * Master takeover time: starts its own local cluster (embedded Kafka and ZooKeeper, coordinator
 * and node JVMs, in a temporary directory), keeps a trickle of no-op jobs flowing, kills the
 * master coordinator with {@code kill -9} and measures the time until a job finished by the next
 * master is seen; the killed coordinator is started again before the next round.
 *
 * <p>{@code bench/run --takeover [--rounds N]}
 */
public final class TakeoverBench {
    private TakeoverBench() {
    }

    static void run(int rounds, Path bundles) throws Exception {
        Path dir = Files.createTempDirectory("gnt-takeover-");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<Long> takeovers = new ArrayList<>();
        try (LocalCluster cluster = new LocalCluster(new LocalCluster.Options(dir, 2, 1, port, bundles, 4096)).start();
             CuratorFramework curator = BusClients.curator(cluster.bus());
             JobClient jobs = new JobClient(cluster.bus(), curator)) {
            jobs.view().awaitCaughtUp(Duration.ofMinutes(1));
            JsonNode noop = Json.MAPPER.readTree("{\"OP_ID\": \"OP_TEST_DELAY\", \"duration\": 0}");
            for (int round = 1; round <= rounds; round++) {
                // both coordinators up and the standby warm before the kill
                waitForJob(jobs, noop);
                Thread.sleep(3000);
                String master = new String(curator.getData().forPath(cluster.bus().paths().master()));
                int epoch = curator.checkExists().forPath(cluster.bus().paths().master()).getVersion();
                Process p = cluster.coordinators().get(master);
                AtomicBoolean stop = new AtomicBoolean();
                List<Long> submitted = Collections.synchronizedList(new ArrayList<>());
                Thread trickle = new Thread(() -> {
                    while (!stop.get()) {
                        submitted.add(jobs.submitAndGetId(List.of(noop), 0));
                        sleep(20);
                    }
                });
                long killedAt = System.nanoTime();
                Runtime.getRuntime().exec(new String[]{"kill", "-9", Long.toString(p.pid())}).waitFor();
                trickle.start();
                Long ms = null;
                while (ms == null && System.nanoTime() - killedAt < TimeUnit.MINUTES.toNanos(2)) {
                    for (long id : List.copyOf(submitted)) {
                        JobState j = jobs.get(id).orElse(null);
                        if (j != null && j.status() == JobStatus.SUCCESS && j.masterEpoch() > epoch) {
                            ms = (System.nanoTime() - killedAt) / 1_000_000;
                            break;
                        }
                    }
                    sleep(5);
                }
                stop.set(true);
                trickle.join();
                if (ms == null) {
                    throw new IllegalStateException("no new master finished a job within 2 minutes");
                }
                takeovers.add(ms);
                System.out.printf("takeover round %d: kill -9 of master %s to first job finished by the new master: %d ms%n",
                        round, master, ms);
                p.waitFor(10, TimeUnit.SECONDS);
                cluster.startCoordinator(master);
            }
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        Collections.sort(takeovers);
        System.out.printf("master takeover over %d rounds: median %d ms, min %d ms, max %d ms%n", takeovers.size(),
                takeovers.get(takeovers.size() / 2), takeovers.get(0), takeovers.get(takeovers.size() - 1));
    }

    private static void waitForJob(JobClient jobs, JsonNode op) throws Exception {
        long id = jobs.submitAndGetId(List.of(op), 0);
        jobs.awaitFinal(id, Duration.ofMinutes(2)).get().filter(j -> j.status() == JobStatus.SUCCESS)
                .orElseThrow(() -> new IllegalStateException("job " + id + " did not succeed"));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
