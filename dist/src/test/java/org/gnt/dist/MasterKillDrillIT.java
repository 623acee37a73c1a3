package org.gnt.dist;

import static org.gnt.dist.ClusterFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.BusClients;
import org.gnt.bus.Json;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job queue's crash drill: three coordinator JVMs, three node services, 500 jobs in flight
 * (no-op delays, delays that run on nodes, fake-instance creates), and the master killed with
 * {@code kill -9} twice while they run. Afterwards every job is final, none is missing, no node
 * ran a step twice (counted in each node's step journal), and the config holds exactly the
 * instances whose create succeeded, each with its disk on its node.
 */
class MasterKillDrillIT {
    static final int JOBS = 500;
    @RegisterExtension
    static final ClusterFixture fx = new ClusterFixture("it-drill", 3, 3, 16384, List.of("fake"));

    static String instance(int i) {
        return "drill" + i + ".example.com";
    }

    @Test
    void fiveHundredJobsSurviveTwoMasterKills() throws Exception {
        // submitted from another thread while the masters are killed: jobs arrive throughout the drill
        Map<Long, Integer> byJob = new java.util.concurrent.ConcurrentSkipListMap<>();
        long submitStart = System.nanoTime();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        var submitter = java.util.concurrent.CompletableFuture.runAsync(() -> {
            List<java.util.concurrent.Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int first = t;
                parts.add(pool.submit(() -> {
                    for (int i = first; i < JOBS; i += 8) {
                        byJob.put(fx.jobs.submitAndGetId(List.of(opcode(i)), 0), i);
                    }
                }));
            }
            for (var part : parts) {
                try {
                    part.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            pool.shutdown();
            System.out.println("DRILL: " + JOBS + " jobs submitted in "
                    + (System.nanoTime() - submitStart) / 1_000_000 + " ms");
        });
        List<String> killed = new ArrayList<>();
        long previous = 0;
        for (int round = 1; round <= 2; round++) {
            long target = previous + (round == 1 ? JOBS / 5 : 30);
            eventually(() -> finished(byJob.keySet()) >= target, Duration.ofMinutes(3), target + " jobs finished");
            previous = finished(byJob.keySet());
            long inFlight = byJob.size() - previous;
            assertTrue(inFlight >= 20, "the kill comes with jobs in flight: " + inFlight);
            String master = new String(fx.curator.getData().forPath(fx.cluster.bus().paths().master()));
            int epoch = fx.curator.checkExists().forPath(fx.cluster.bus().paths().master()).getVersion();
            long running = byJob.keySet().stream().filter(id -> fx.jobs.get(id).map(j -> j.status() == JobStatus.RUNNING)
                    .orElse(false)).count();
            Process p = fx.cluster.coordinators().get(master);
            Runtime.getRuntime().exec(new String[]{"kill", "-9", Long.toString(p.pid())}).waitFor();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            killed.add(master);
            System.out.println("DRILL: killed master " + master + " (epoch " + epoch + ") with " + byJob.size()
                    + " jobs submitted, " + previous + " final, " + running + " running");
            // the next kill only after a new master has taken over and finished something
            eventually(() -> byJob.keySet().stream().anyMatch(id -> fx.jobs.get(id)
                    .map(j -> j.status().isFinal() && j.masterEpoch() > epoch).orElse(false)),
                    Duration.ofMinutes(2), "a new master finished a job after the kill of " + master);
        }
        submitter.get(5, TimeUnit.MINUTES);
        List<Long> ids = new ArrayList<>(byJob.keySet());
        assertEquals(JOBS, ids.size());
        eventually(() -> finished(ids) == JOBS, Duration.ofMinutes(5), "all " + JOBS + " jobs final");

        // every job is final and was a success: nothing is missing or half done
        Set<String> created = new TreeSet<>();
        Map<JobStatus, Integer> statuses = new HashMap<>();
        for (long id : ids) {
            JobState j = fx.jobs.get(id).orElseThrow(() -> new AssertionError("job " + id + " is missing"));
            statuses.merge(j.status(), 1, Integer::sum);
            assertEquals(JobStatus.SUCCESS, j.status(), "job " + id + ": " + j);
            int i = byJob.get(id);
            if (i % 3 == 0) {
                created.add(instance(i));
            }
        }
        System.out.println("DRILL: statuses " + statuses + ", masters killed " + killed);

        // no node ran a step twice; every create made its disk, OS and start exactly once
        Map<String, Integer> starts = new HashMap<>();
        Map<String, Integer> commandsPerJob = new HashMap<>();
        for (int n = 1; n <= 3; n++) {
            Path journal = fx.cluster.nodeDir(LocalCluster.nodeName(n)).resolve("step-journal.jsonl");
            for (String line : Files.readAllLines(journal)) {
                JsonNode e = Json.MAPPER.readTree(line);
                if (e.get("phase").asText().equals("start")) {
                    starts.merge(e.get("key").asText(), 1, Integer::sum);
                    commandsPerJob.merge(e.get("jobId").asLong() + "/" + e.get("command").asText(), 1, Integer::sum);
                }
            }
        }
        var twice = starts.entrySet().stream().filter(e -> e.getValue() > 1).toList();
        assertTrue(twice.isEmpty(), "steps run twice: " + twice);
        for (var e : byJob.entrySet()) {
            int i = e.getValue();
            long id = e.getKey();
            if (i % 3 == 0) {
                for (String command : List.of("DiskCreate", "OsCreate", "InstanceStart")) {
                    assertEquals(1, commandsPerJob.getOrDefault(id + "/" + command, 0), "job " + id + " " + command);
                }
            } else if (i % 3 == 1) {
                assertEquals(1, commandsPerJob.getOrDefault(id + "/TestDelay", 0), "job " + id + " TestDelay");
            }
        }
        System.out.println("DRILL: " + starts.size() + " node steps, each run once");

        // the config holds exactly the created instances, each with its disk file on its node
        eventually(() -> fx.read.config().instances().size() == created.size(), Duration.ofSeconds(30),
                "config mirror shows " + created.size() + " instances");
        Set<String> inConfig = fx.read.config().instances().stream().map(InstanceConfig::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(created, inConfig);
        for (InstanceConfig inst : fx.read.config().instances()) {
            assertEquals("up", inst.adminState(), inst.name());
            String node = fx.read.config().node(inst.primaryNode()).orElseThrow().name();
            Path disk = fx.cluster.nodeDir(node).resolve("storage").resolve("file").resolve(inst.name()).resolve("disk0");
            assertTrue(Files.exists(disk), "disk of " + inst.name() + " on " + node);
        }
        assertDeposedMasterIsRefused();
        for (String c : killed) {
            fx.cluster.startCoordinator(c);
        }
    }

    /** A request stamped with a dead master's epoch is answered with a refusal, not run. */
    private static void assertDeposedMasterIsRefused() throws Exception {
        var bus = fx.cluster.bus();
        var tp = new org.apache.kafka.common.TopicPartition(bus.topics().nodeReplies(), 0);
        try (var producer = BusClients.producer(bus, "drill-stale");
             var replies = BusClients.reader(bus, "drill-replies")) {
            replies.assign(List.of(tp));
            replies.seekToEnd(List.of(tp));
            replies.position(tp);
            String id = java.util.UUID.randomUUID().toString();
            var req = new org.gnt.bus.rpc.NodeRpcRequest(org.gnt.bus.rpc.NodeRpcRequest.VERSION, id, "node1",
                    java.time.Instant.now().plusSeconds(60), 1, new org.gnt.bus.rpc.NodeCommand.DiskCreate("file",
                    new org.gnt.plugins.disk.DiskSpec("stale.example.com", "stale-disk", 0, Map.of("mode", "rw")), 16),
                    "stale-step", 1);
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(bus.topics().nodeRpc("node1"), id,
                    Json.bytes(req))).get();
            org.gnt.bus.rpc.NodeRpcReply reply = null;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (reply == null && System.nanoTime() < end) {
                for (var r : replies.poll(Duration.ofMillis(200))) {
                    var candidate = Json.read(r.value(), org.gnt.bus.rpc.NodeRpcReply.class);
                    if (candidate.requestId().equals(id)) {
                        reply = candidate;
                    }
                }
            }
            assertTrue(reply != null && reply.error() != null
                    && reply.error().message().contains("deposed master"), "refused: " + reply);
            assertTrue(Files.notExists(fx.cluster.nodeDir("node1").resolve("storage").resolve("file")
                    .resolve("stale.example.com")), "nothing made");
        }
    }

    /** Job i: a create (i % 3 == 0), a delay on a node (1), or a delay on the master (2). */
    private static JsonNode opcode(int i) {
        ObjectNode op = Json.MAPPER.createObjectNode();
        switch (i % 3) {
            case 0 -> {
                op.put("OP_ID", "OP_INSTANCE_CREATE");
                op.put("mode", "create");
                op.put("instance_name", instance(i));
                op.put("disk_template", "file");
                op.putArray("disks").addObject().put("size", 16);
                op.putArray("nics");
                op.put("os_type", "noop");
                op.putObject("beparams").put("memory", 16);
                op.put("name_check", false);
                op.put("ip_check", false);
                if (i % 2 == 0) {
                    op.put("pnode", LocalCluster.nodeName((i / 3) % 3 + 1)); // the others are placed by the master
                }
            }
            case 1 -> {
                op.put("OP_ID", "OP_TEST_DELAY");
                op.put("duration", 0.5 + (i % 5) * 0.5);
                op.put("on_master", false);
                op.putArray("on_nodes").add(LocalCluster.nodeName(i % 3 + 1));
            }
            default -> {
                op.put("OP_ID", "OP_TEST_DELAY");
                op.put("duration", (i % 5) * 0.5);
            }
        }
        return op;
    }

    private static long finished(java.util.Collection<Long> ids) {
        return ids.stream().filter(id -> fx.jobs.get(id).map(j -> j.status().isFinal()).orElse(false)).count();
    }
}
