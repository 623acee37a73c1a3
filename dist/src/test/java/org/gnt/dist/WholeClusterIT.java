package org.gnt.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.curator.framework.CuratorFramework;
import org.gnt.bus.BusClients;
import org.gnt.bus.Json;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.job.JobClient;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.state.NodeState;
import org.gnt.bus.view.ClusterRead;
import org.gnt.plugins.hypervisor.RuntimeInstance;
import org.gnt.testkit.RapiHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The walking skeleton end to end: embedded Kafka and ZooKeeper, two coordinator JVMs, three
 * node-service JVMs with the real fake-hypervisor and file-storage bundles, and the RAPI gateway.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WholeClusterIT {
    static final int COUNT = 20;
    static LocalCluster cluster;
    static RapiHttp rapi;
    static CuratorFramework curator;
    static ClusterRead read;
    static JobClient jobs;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "it-cluster-" + System.currentTimeMillis()));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        cluster = new LocalCluster(new LocalCluster.Options(dir.toAbsolutePath(), 2, 3, port,
                Path.of(System.getProperty("gnt.bundles.dir", "target/bundles")).toAbsolutePath(), 4096)).start();
        rapi = new RapiHttp("https://127.0.0.1:" + port, LocalCluster.ADMIN, cluster.password());
        curator = BusClients.curator(cluster.bus());
        read = new ClusterRead(cluster.bus(), curator).awaitReady(Duration.ofSeconds(30));
        jobs = new JobClient(cluster.bus(), curator);
    }

    @AfterAll
    static void stop() throws Exception {
        if (jobs != null) {
            jobs.close();
        }
        if (read != null) {
            read.close();
        }
        if (curator != null) {
            curator.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    static String node(int i) {
        return LocalCluster.nodeName(i % 3 + 1);
    }

    static String name(int i) {
        return "inst" + i + ".example.com";
    }

    @Test
    @Order(1)
    void twentyInstancesThroughRapi() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            ids.add(submit("POST", "/2/instances", """
                    {"__version__": 1, "mode": "create", "name": "%s", "disk_template": "file",
                     "disks": [{"size": 64}], "os": "noop", "pnode": "%s", "beparams": {"memory": 128},
                     "start": false, "name_check": false, "ip_check": false}""".formatted(name(i), node(i))));
        }
        awaitSuccess(ids);
        eventually(() -> read.config().instances().size() == COUNT, "config has the 20 instances");
        for (int i = 0; i < COUNT; i++) {
            InstanceConfig inst = read.config().instance(name(i)).orElseThrow();
            assertEquals(node(i), read.primaryNode(inst).orElseThrow().name());
            assertEquals("down", inst.adminState());
            Path disk = diskFile(i);
            assertTrue(Files.isRegularFile(disk), disk + " exists");
            assertEquals(64L * 1024 * 1024, Files.size(disk));
        }
        assertStatuses("ADMIN_down");
        assertEquals(0, runningInInventory());

        ids.clear();
        for (int i = 0; i < COUNT; i++) {
            ids.add(submit("PUT", "/2/instances/" + name(i) + "/startup", "{}"));
        }
        awaitSuccess(ids);
        for (int i = 0; i < COUNT; i++) {
            assertEquals("up", read.config().instance(name(i)).orElseThrow().adminState());
            assertTrue(Files.exists(cluster.nodeDir(node(i)).resolve("fake-hv").resolve(name(i) + ".instance")));
        }
        eventually(() -> runningInInventory() == COUNT, "inventory shows 20 running");
        assertStatuses("running");
        for (int n = 1; n <= 3; n++) {
            NodeState s = read.inventory().get(LocalCluster.nodeName(n)).orElseThrow();
            long used = s.hypervisors().get("fake").memoryTotalMib() - s.hypervisors().get("fake").memoryFreeMib();
            assertEquals(128L * s.instances().get("fake").size(), used, "memory accounted on node" + n);
        }

        // the fake hypervisor's instances outlive their node service: kill -9 node1's, start it again
        NodeState before = read.inventory().get("node1").orElseThrow();
        Process node1 = cluster.nodes().get("node1");
        Runtime.getRuntime().exec(new String[]{"kill", "-9", Long.toString(node1.pid())}).waitFor();
        assertTrue(node1.waitFor(10, TimeUnit.SECONDS));
        cluster.startNode("node1");
        eventually(() -> read.inventory().get("node1").map(s -> s.epoch() > before.epoch()).orElse(false),
                "node1 reports again after its restart");
        assertEquals(before.instances().get("fake"), read.inventory().get("node1").orElseThrow().instances().get("fake"));
        eventually(() -> read.isLiveCached("node1"), "node1 is live again");
        assertStatuses("running");

        ids.clear();
        for (int i = 0; i < COUNT; i++) {
            ids.add(submit("PUT", "/2/instances/" + name(i) + "/shutdown", "{}"));
        }
        awaitSuccess(ids);
        eventually(() -> runningInInventory() == 0, "inventory shows none running");
        assertStatuses("ADMIN_down");
        for (int i = 0; i < COUNT; i++) {
            assertEquals("down", read.config().instance(name(i)).orElseThrow().adminState());
            assertFalse(Files.exists(cluster.nodeDir(node(i)).resolve("fake-hv").resolve(name(i) + ".instance")));
        }

        ids.clear();
        for (int i = 0; i < COUNT; i++) {
            ids.add(submit("DELETE", "/2/instances/" + name(i), null));
        }
        awaitSuccess(ids);
        eventually(() -> read.config().instances().isEmpty(), "config has no instances");
        for (int i = 0; i < COUNT; i++) {
            assertFalse(Files.exists(diskFile(i)), diskFile(i) + " removed");
        }
        JsonNode bulk = Json.MAPPER.readTree(rapi.get("/2/instances?bulk=1").body());
        assertEquals(0, bulk.size());
    }

    @Test
    @Order(2)
    void badInputIsRefusedAndNothingIsHalfCreated() throws Exception {
        String good = """
                {"__version__": 1, "mode": "create", "name": "keep.example.com", "disk_template": "file",
                 "disks": [{"size": 32}], "os": "noop", "pnode": "node1", "start": false}""";
        awaitSuccess(List.of(submit("POST", "/2/instances", good)));
        InstanceConfig kept = read.config().instance("keep.example.com").orElseThrow();

        RapiHttp.Response unknownField = rapi.send("POST", "/2/instances",
                good.replace("\"start\": false", "\"start\": false, \"bogus_field\": 1"));
        assertEquals(400, unknownField.status());
        assertTrue(unknownField.body().contains("bogus_field"), unknownField.body());

        JobState unknownNode = awaitFinal(submit("POST", "/2/instances",
                good.replace("keep.example.com", "orphan.example.com").replace("node1", "node9")));
        assertEquals(JobStatus.ERROR, unknownNode.status());
        assertTrue(unknownNode.ops().get(0).result().toString().contains("node9"), unknownNode.toString());

        JobState duplicate = awaitFinal(submit("POST", "/2/instances", good.replace("32", "48")));
        assertEquals(JobStatus.ERROR, duplicate.status());
        assertTrue(duplicate.ops().get(0).result().toString().contains("already"), duplicate.toString());
        assertEquals(kept, read.config().instance("keep.example.com").orElseThrow(), "duplicate left the original alone");
        assertEquals(32L * 1024 * 1024, Files.size(cluster.nodeDir("node1").resolve("storage/file/keep.example.com/disk0")));
        assertTrue(read.config().instance("orphan.example.com").isEmpty());
        assertFalse(Files.exists(cluster.nodeDir("node9")));

        RapiHttp anonymous = rapi.withUser(null, null);
        assertEquals(401, anonymous.send("POST", "/2/instances", good).status());
        Files.writeString(cluster.usersFile(), "viewer viewpw\n", java.nio.file.StandardOpenOption.APPEND);
        RapiHttp viewer = rapi.withUser("viewer", "viewpw");
        // the gateway re-reads the users file every few seconds; until then "viewer" is unknown (401)
        eventually(() -> viewer.get("/2/info").status() == 200
                && viewer.send("DELETE", "/2/instances/keep.example.com", null).status() != 401, "viewer is known");
        assertEquals(403, viewer.send("DELETE", "/2/instances/keep.example.com", null).status());
        RapiHttp.Response malformed = rapi.send("POST", "/2/instances", "{\"__version__\": 1, \"name\": ");
        assertEquals(400, malformed.status());
        JsonNode err = Json.MAPPER.readTree(malformed.body());
        assertEquals(400, err.get("code").asInt());
        assertTrue(err.has("message") && err.has("explain"), malformed.body());
        assertTrue(read.config().instance("keep.example.com").isPresent(), "refused delete removed nothing");
        awaitSuccess(List.of(submit("DELETE", "/2/instances/keep.example.com", null)));
    }

    @Test
    @Order(3)
    void queuedJobsSurviveKillingTheMaster() throws Exception {
        String master = new String(curator.getData().forPath(cluster.bus().paths().master()));
        int oldEpoch = curator.checkExists().forPath(cluster.bus().paths().master()).getVersion();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // exclusive lock on node1: the jobs run one after another, so most are queued at the kill
            ids.add(jobs.submitAndGetId(List.of(Json.MAPPER.readTree(
                    "{\"OP_ID\": \"OP_TEST_DELAY\", \"duration\": 0.3, \"on_master\": true, \"no_locks\": false,"
                            + " \"on_nodes\": [\"node1\"]}")), 0));
        }
        eventually(() -> jobs.get(ids.get(1)).map(j -> j.status() == JobStatus.SUCCESS).orElse(false),
                "first jobs ran on the old master");
        // the others wait for node1's lock, and say so; one of them is canceled through RAPI
        long last = ids.remove(ids.size() - 1);
        eventually(() -> jobs.get(last).map(j -> j.status() == JobStatus.WAITING).orElse(false), "job waits for its lock");
        assertTrue(jobs.get(last).orElseThrow().ops().get(0).log().get(0).message().contains("NODE/node1"));
        RapiHttp.Response cancel = rapi.send("DELETE", "/2/jobs/" + last, null);
        assertEquals(200, cancel.status(), cancel.body());
        assertTrue(cancel.body().startsWith("[true"), cancel.body());
        assertEquals(JobStatus.CANCELED, awaitFinal(last).status());
        Process p = cluster.coordinators().get(master);
        long killedAt = System.nanoTime();
        Runtime.getRuntime().exec(new String[]{"kill", "-9", Long.toString(p.pid())}).waitFor();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        long unfinishedAtKill = ids.stream().filter(id -> jobs.get(id).map(j -> !j.status().isFinal()).orElse(true)).count();
        assertTrue(unfinishedAtKill > 5, "jobs were still queued when the master died: " + unfinishedAtKill);
        Long takeoverMs = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && takeoverMs == null) {
            for (long id : ids) {
                var j = jobs.get(id);
                if (j.isPresent() && j.get().status() == JobStatus.SUCCESS && j.get().masterEpoch() > oldEpoch) {
                    takeoverMs = (System.nanoTime() - killedAt) / 1_000_000;
                    break;
                }
            }
            Thread.sleep(20);
        }
        assertTrue(takeoverMs != null, "a new master finished a job");
        System.out.println("MASTER TAKEOVER: kill -9 of " + master + " to first job finished by the new master: "
                + takeoverMs + " ms");
        Files.writeString(Path.of("target", "takeover-ms.txt"), takeoverMs + "\n");
        awaitSuccess(ids);
        String newMaster = new String(curator.getData().forPath(cluster.bus().paths().master()));
        assertFalse(newMaster.equals(master), "another coordinator is master");
        cluster.startCoordinator(master);
        cluster.awaitCoordinatorsRegistered(Duration.ofMinutes(1)); // the next test verifies: coordinator back
    }

    @Test
    @Order(4)
    void clusterVerifyFindsADeadNodeAndItsInstances() throws Exception {
        awaitSuccess(List.of(submit("POST", "/2/instances", """
                {"__version__": 1, "mode": "create", "name": "verify.example.com", "disk_template": "file",
                 "disks": [{"size": 64}], "os": "noop", "pnode": "node3", "beparams": {"memory": 64},
                 "name_check": false, "ip_check": false}""")));
        String[] clean = verify();
        assertEquals("0", clean[0], clean[1] + clean[2]);
        assertTrue(clean[1].contains("* Verifying cluster config") && clean[1].contains("* Verifying instance status"),
                clean[1]);
        assertFalse(clean[1].contains("ERROR"), clean[1]);
        disksGoneAndBack();

        Process node3 = cluster.nodes().get("node3");
        Runtime.getRuntime().exec(new String[]{"kill", "-9", Long.toString(node3.pid())}).waitFor();
        assertTrue(node3.waitFor(10, TimeUnit.SECONDS));
        eventually(() -> !read.isLiveCached("node3"), "node3's liveness is gone");
        String[] broken = verify("--error-codes");
        assertEquals("1", broken[0], broken[1] + broken[2]);
        assertTrue(broken[1].contains("  - ERROR:ENODENET:node:node3:"), broken[1]);
        assertTrue(broken[1].contains("  - ERROR:EINSTANCEBADNODE:instance:verify.example.com:"), broken[1]);
        String[] ignored = verify("-I", "ENODENET", "-I", "EINSTANCEBADNODE");
        assertEquals("0", ignored[0], ignored[1] + ignored[2]);
        assertTrue(ignored[1].contains("  - WARNING: node node3:"), ignored[1]);
        String[] badCode = verify("-I", "ENOSUCHCODE");
        assertFalse("0".equals(badCode[0]), "an unknown error code is refused");
        assertTrue((badCode[1] + badCode[2]).contains("ENOSUCHCODE"), badCode[1] + badCode[2]);

        cluster.startNode("node3");
        eventually(() -> read.isLiveCached("node3"), "node3 is live again");
        String[] again = verify();
        assertEquals("0", again[0], again[1] + again[2]);
        awaitSuccess(List.of(submit("DELETE", "/2/instances/verify.example.com", null)));
    }

    /**
     * The real file driver's disk of verify.example.com is moved aside on node3: once node3's
     * inventory says so, verify reports it missing (and faulty: the instance runs) and the moved
     * file orphaned, verify-disks lists it; moved back, both are clean again.
     */
    private static void disksGoneAndBack() throws Exception {
        Path files = cluster.nodeDir("node3").resolve("storage").resolve("file");
        Path disk = files.resolve("verify.example.com").resolve("disk0");
        Path stray = files.resolve("stray.example.com").resolve("disk0");
        assertTrue(Files.isRegularFile(disk), disk + " exists");
        Files.createDirectories(stray.getParent());
        Files.move(disk, stray);
        String[][] broken = new String[1][];
        eventually(() -> (broken[0] = gnt("verify", "--error-codes"))[1].contains("ENODEORPHANLV"),
                "node3 reports the moved disk");
        assertEquals("1", broken[0][0], broken[0][1] + broken[0][2]);
        assertTrue(broken[0][1].contains("  - ERROR:EINSTANCEMISSINGDISK:instance:verify.example.com:volume"
                + " file:verify.example.com/disk0 missing on node node3"), broken[0][1]);
        assertTrue(broken[0][1].contains("  - ERROR:EINSTANCEFAULTYDISK:instance:verify.example.com:"), broken[0][1]);
        assertTrue(broken[0][1].contains("  - ERROR:ENODEORPHANLV:node:node3:volume file:stray.example.com/disk0"
                + " is unknown"), broken[0][1]);
        String[] disks = gnt("verify-disks");
        assertEquals("1", disks[0], disks[1] + disks[2]);
        assertTrue(disks[1].contains("Instance verify.example.com has missing disks:\n\tnode3"
                + " file:verify.example.com/disk0\n"), disks[1]);

        Files.move(stray, disk);
        Files.delete(stray.getParent());
        eventually(() -> "0".equals(gnt("verify")[0]), "verify is clean again");
        String[] fine = gnt("verify-disks");
        assertEquals("0", fine[0], fine[1] + fine[2]);
        assertTrue(fine[1].contains("No disks need to be activated."), fine[1]);
    }

    /** Runs gnt-cluster verify in-process: exit code, standard output, standard error. */
    private static String[] verify(String... options) {
        return gnt("verify", options);
    }

    /** Runs a gnt-cluster command in-process: exit code, standard output, standard error. */
    private static String[] gnt(String command, String... options) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("gnt-cluster", command, "--conf", cluster.confFile().toString()));
        args.addAll(List.of(options));
        int rc = org.gnt.cli.Gnt.run(args.toArray(String[]::new), new java.io.PrintStream(out, true),
                new java.io.PrintStream(err, true));
        return new String[]{Integer.toString(rc), out.toString(), err.toString()};
    }

    // --- helpers

    private static long submit(String method, String path, String body) {
        RapiHttp.Response r = rapi.send(method, path, body);
        assertEquals(200, r.status(), method + " " + path + ": " + r.body());
        assertTrue(r.body().trim().matches("\\d+"), "job id is a bare number: " + r.body());
        return Long.parseLong(r.body().trim());
    }

    private static JobState awaitFinal(long id) throws Exception {
        return jobs.awaitFinal(id, Duration.ofMinutes(2)).get().orElseThrow(() -> new AssertionError("job " + id + " did not finish"));
    }

    private static void awaitSuccess(List<Long> ids) throws Exception {
        for (long id : ids) {
            JobState j = awaitFinal(id);
            assertEquals(JobStatus.SUCCESS, j.status(), "job " + id + ": " + j);
            // the gateway reads jobs.state through its own mirror, which may trail ours by a moment
            eventually(() -> rapi.get("/2/jobs/" + id).body().contains("\"status\":\"success\""),
                    "RAPI reports job " + id + " as success");
        }
    }

    private static Path diskFile(int i) {
        return cluster.nodeDir(node(i)).resolve("storage").resolve("file").resolve(name(i)).resolve("disk0");
    }

    private static long runningInInventory() {
        long n = 0;
        for (NodeState s : read.inventory().all().values()) {
            n += s.instances().getOrDefault("fake", List.of()).stream()
                    .filter(r -> r.state() == RuntimeInstance.RunState.RUNNING).count();
        }
        return n;
    }

    private static void assertStatuses(String expected) throws Exception {
        eventually(() -> {
            try {
                JsonNode bulk = Json.MAPPER.readTree(rapi.get("/2/instances?bulk=1").body());
                Map<String, String> status = new HashMap<>();
                bulk.forEach(i -> status.put(i.get("name").asText(), i.get("status").asText()));
                return status.size() == COUNT && status.values().stream().allMatch(expected::equals);
            } catch (Exception e) {
                return false;
            }
        }, "bulk list shows all " + expected);
    }

    private static void eventually(java.util.function.BooleanSupplier ok, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }
}
