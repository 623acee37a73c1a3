package org.gnt.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.bus.Json;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.state.NodeState;
import org.gnt.plugins.hypervisor.RuntimeInstance;
import org.gnt.testkit.RapiHttp;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The walking skeleton end to end: embedded Kafka and ZooKeeper, two coordinator JVMs, three
 * node-service JVMs with the real fake-hypervisor and file-storage bundles, and the RAPI gateway.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WholeClusterIT {
    static final int COUNT = 20;
    @RegisterExtension
    static final ClusterFixture fx = new ClusterFixture("it-cluster", 2, 3, 4096, List.of("fake"));

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
            ids.add(fx.submit("POST", "/2/instances", """
                    {"__version__": 1, "mode": "create", "name": "%s", "disk_template": "file",
                     "disks": [{"size": 64}], "os": "noop", "pnode": "%s", "beparams": {"memory": 128},
                     "start": false, "name_check": false, "ip_check": false}""".formatted(name(i), node(i))));
        }
        awaitSuccess(ids);
        eventually(() -> fx.read.config().instances().size() == COUNT, "config has the 20 instances");
        for (int i = 0; i < COUNT; i++) {
            InstanceConfig inst = fx.read.config().instance(name(i)).orElseThrow();
            assertEquals(node(i), fx.read.primaryNode(inst).orElseThrow().name());
            assertEquals("down", inst.adminState());
            Path disk = diskFile(i);
            assertTrue(Files.isRegularFile(disk), disk + " exists");
            assertEquals(64L * 1024 * 1024, Files.size(disk));
        }
        assertStatuses("ADMIN_down");
        assertEquals(0, runningInInventory());

        ids.clear();
        for (int i = 0; i < COUNT; i++) {
            ids.add(fx.submit("PUT", "/2/instances/" + name(i) + "/startup", "{}"));
        }
        awaitSuccess(ids);
        for (int i = 0; i < COUNT; i++) {
            assertEquals("up", fx.read.config().instance(name(i)).orElseThrow().adminState());
            assertTrue(Files.exists(fx.cluster.nodeDir(node(i)).resolve("fake-hv").resolve(name(i) + ".instance")));
        }
        eventually(() -> runningInInventory() == COUNT, "inventory shows 20 running");
        assertStatuses("running");
        for (int n = 1; n <= 3; n++) {
            NodeState s = fx.read.inventory().get(LocalCluster.nodeName(n)).orElseThrow();
            long used = s.hypervisors().get("fake").memoryTotalMib() - s.hypervisors().get("fake").memoryFreeMib();
            assertEquals(128L * s.instances().get("fake").size(), used, "memory accounted on node" + n);
        }

        // the fake hypervisor's instances outlive their node service: kill -9 node1's, start it again
        NodeState before = fx.read.inventory().get("node1").orElseThrow();
        Process node1 = fx.cluster.nodes().get("node1");
        Runtime.getRuntime().exec(new String[]{"kill", "-9", Long.toString(node1.pid())}).waitFor();
        assertTrue(node1.waitFor(10, TimeUnit.SECONDS));
        fx.cluster.startNode("node1");
        eventually(() -> fx.read.inventory().get("node1").map(s -> s.epoch() > before.epoch()).orElse(false),
                "node1 reports again after its restart");
        assertEquals(before.instances().get("fake"), fx.read.inventory().get("node1").orElseThrow().instances().get("fake"));
        eventually(() -> fx.read.isLiveCached("node1"), "node1 is live again");
        assertStatuses("running");

        ids.clear();
        for (int i = 0; i < COUNT; i++) {
            ids.add(fx.submit("PUT", "/2/instances/" + name(i) + "/shutdown", "{}"));
        }
        awaitSuccess(ids);
        eventually(() -> runningInInventory() == 0, "inventory shows none running");
        assertStatuses("ADMIN_down");
        for (int i = 0; i < COUNT; i++) {
            assertEquals("down", fx.read.config().instance(name(i)).orElseThrow().adminState());
            assertFalse(Files.exists(fx.cluster.nodeDir(node(i)).resolve("fake-hv").resolve(name(i) + ".instance")));
        }

        ids.clear();
        for (int i = 0; i < COUNT; i++) {
            ids.add(fx.submit("DELETE", "/2/instances/" + name(i), null));
        }
        awaitSuccess(ids);
        eventually(() -> fx.read.config().instances().isEmpty(), "config has no instances");
        for (int i = 0; i < COUNT; i++) {
            assertFalse(Files.exists(diskFile(i)), diskFile(i) + " removed");
        }
        JsonNode bulk = Json.MAPPER.readTree(fx.rapi.get("/2/instances?bulk=1").body());
        assertEquals(0, bulk.size());
    }

    @Test
    @Order(2)
    void badInputIsRefusedAndNothingIsHalfCreated() throws Exception {
        String good = """
                {"__version__": 1, "mode": "create", "name": "keep.example.com", "disk_template": "file",
                 "disks": [{"size": 32}], "os": "noop", "pnode": "node1", "start": false}""";
        awaitSuccess(List.of(fx.submit("POST", "/2/instances", good)));
        InstanceConfig kept = fx.read.config().instance("keep.example.com").orElseThrow();

        RapiHttp.Response unknownField = fx.rapi.send("POST", "/2/instances",
                good.replace("\"start\": false", "\"start\": false, \"bogus_field\": 1"));
        assertEquals(400, unknownField.status());
        assertTrue(unknownField.body().contains("bogus_field"), unknownField.body());

        JobState unknownNode = fx.awaitFinal(fx.submit("POST", "/2/instances",
                good.replace("keep.example.com", "orphan.example.com").replace("node1", "node9")));
        assertEquals(JobStatus.ERROR, unknownNode.status());
        assertTrue(unknownNode.ops().get(0).result().toString().contains("node9"), unknownNode.toString());

        JobState duplicate = fx.awaitFinal(fx.submit("POST", "/2/instances", good.replace("32", "48")));
        assertEquals(JobStatus.ERROR, duplicate.status());
        assertTrue(duplicate.ops().get(0).result().toString().contains("already"), duplicate.toString());
        assertEquals(kept, fx.read.config().instance("keep.example.com").orElseThrow(), "duplicate left the original alone");
        assertEquals(32L * 1024 * 1024, Files.size(fx.cluster.nodeDir("node1").resolve("storage/file/keep.example.com/disk0")));
        assertTrue(fx.read.config().instance("orphan.example.com").isEmpty());
        assertFalse(Files.exists(fx.cluster.nodeDir("node9")));

        RapiHttp anonymous = fx.rapi.withUser(null, null);
        assertEquals(401, anonymous.send("POST", "/2/instances", good).status());
        Files.writeString(fx.cluster.usersFile(), "viewer viewpw\n", java.nio.file.StandardOpenOption.APPEND);
        RapiHttp viewer = fx.rapi.withUser("viewer", "viewpw");
        // the gateway re-reads the users file every few seconds; until then "viewer" is unknown (401)
        eventually(() -> viewer.get("/2/info").status() == 200
                && viewer.send("DELETE", "/2/instances/keep.example.com", null).status() != 401, "viewer is known");
        assertEquals(403, viewer.send("DELETE", "/2/instances/keep.example.com", null).status());
        RapiHttp.Response malformed = fx.rapi.send("POST", "/2/instances", "{\"__version__\": 1, \"name\": ");
        assertEquals(400, malformed.status());
        JsonNode err = Json.MAPPER.readTree(malformed.body());
        assertEquals(400, err.get("code").asInt());
        assertTrue(err.has("message") && err.has("explain"), malformed.body());
        assertTrue(fx.read.config().instance("keep.example.com").isPresent(), "refused delete removed nothing");
        awaitSuccess(List.of(fx.submit("DELETE", "/2/instances/keep.example.com", null)));
    }

    @Test
    @Order(3)
    void queuedJobsSurviveKillingTheMaster() throws Exception {
        String master = new String(fx.curator.getData().forPath(fx.cluster.bus().paths().master()));
        int oldEpoch = fx.curator.checkExists().forPath(fx.cluster.bus().paths().master()).getVersion();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // exclusive lock on node1: the jobs run one after another, so most are queued at the kill
            ids.add(fx.jobs.submitAndGetId(List.of(Json.MAPPER.readTree(
                    "{\"OP_ID\": \"OP_TEST_DELAY\", \"duration\": 0.3, \"on_master\": true, \"no_locks\": false,"
                            + " \"on_nodes\": [\"node1\"]}")), 0));
        }
        eventually(() -> fx.jobs.get(ids.get(1)).map(j -> j.status() == JobStatus.SUCCESS).orElse(false),
                "first jobs ran on the old master");
        // the others wait for node1's lock, and say so; one of them is canceled through RAPI
        long last = ids.remove(ids.size() - 1);
        eventually(() -> fx.jobs.get(last).map(j -> j.status() == JobStatus.WAITING).orElse(false), "job waits for its lock");
        assertTrue(fx.jobs.get(last).orElseThrow().ops().get(0).log().get(0).message().contains("NODE/node1"));
        RapiHttp.Response cancel = fx.rapi.send("DELETE", "/2/jobs/" + last, null);
        assertEquals(200, cancel.status(), cancel.body());
        assertTrue(cancel.body().startsWith("[true"), cancel.body());
        assertEquals(JobStatus.CANCELED, fx.awaitFinal(last).status());
        Process p = fx.cluster.coordinators().get(master);
        long killedAt = System.nanoTime();
        Runtime.getRuntime().exec(new String[]{"kill", "-9", Long.toString(p.pid())}).waitFor();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        long unfinishedAtKill = ids.stream().filter(id -> fx.jobs.get(id).map(j -> !j.status().isFinal()).orElse(true)).count();
        assertTrue(unfinishedAtKill > 5, "jobs were still queued when the master died: " + unfinishedAtKill);
        Long takeoverMs = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && takeoverMs == null) {
            for (long id : ids) {
                var j = fx.jobs.get(id);
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
        String newMaster = new String(fx.curator.getData().forPath(fx.cluster.bus().paths().master()));
        assertFalse(newMaster.equals(master), "another coordinator is master");
        fx.cluster.startCoordinator(master);
        fx.cluster.awaitCoordinatorsRegistered(Duration.ofMinutes(1)); // the next test verifies: coordinator back
    }

    @Test
    @Order(4)
    void clusterVerifyFindsADeadNodeAndItsInstances() throws Exception {
        awaitSuccess(List.of(fx.submit("POST", "/2/instances", """
                {"__version__": 1, "mode": "create", "name": "verify.example.com", "disk_template": "file",
                 "disks": [{"size": 64}], "os": "noop", "pnode": "node3", "beparams": {"memory": 64},
                 "name_check": false, "ip_check": false}""")));
        String[] clean = verify();
        assertEquals("0", clean[0], clean[1] + clean[2]);
        assertTrue(clean[1].contains("* Verifying cluster config") && clean[1].contains("* Verifying instance status"),
                clean[1]);
        assertFalse(clean[1].contains("ERROR"), clean[1]);
        disksGoneAndBack();

        Process node3 = fx.cluster.nodes().get("node3");
        Runtime.getRuntime().exec(new String[]{"kill", "-9", Long.toString(node3.pid())}).waitFor();
        assertTrue(node3.waitFor(10, TimeUnit.SECONDS));
        eventually(() -> !fx.read.isLiveCached("node3"), "node3's liveness is gone");
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

        fx.cluster.startNode("node3");
        eventually(() -> fx.read.isLiveCached("node3"), "node3 is live again");
        String[] again = verify();
        assertEquals("0", again[0], again[1] + again[2]);
        awaitSuccess(List.of(fx.submit("DELETE", "/2/instances/verify.example.com", null)));
    }

    /**
     * The real file driver's disk of verify.example.com is moved aside on node3: once node3's
     * inventory says so, verify reports it missing (and faulty: the instance runs) and the moved
     * file orphaned, verify-disks lists it; moved back, both are clean again.
     */
    private static void disksGoneAndBack() throws Exception {
        Path files = fx.cluster.nodeDir("node3").resolve("storage").resolve("file");
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
        return fx.gnt("gnt-cluster", command, options);
    }

    // --- helpers

    private static void awaitSuccess(List<Long> ids) throws Exception {
        for (long id : ids) {
            JobState j = fx.awaitFinal(id);
            assertEquals(JobStatus.SUCCESS, j.status(), "job " + id + ": " + j);
            // the gateway reads fx.jobs.state through its own mirror, which may trail ours by a moment
            eventually(() -> fx.rapi.get("/2/jobs/" + id).body().contains("\"status\":\"success\""),
                    "RAPI reports job " + id + " as success");
        }
    }

    private static Path diskFile(int i) {
        return fx.cluster.nodeDir(node(i)).resolve("storage").resolve("file").resolve(name(i)).resolve("disk0");
    }

    private static long runningInInventory() {
        long n = 0;
        for (NodeState s : fx.read.inventory().all().values()) {
            n += s.instances().getOrDefault("fake", List.of()).stream()
                    .filter(r -> r.state() == RuntimeInstance.RunState.RUNNING).count();
        }
        return n;
    }

    private static void assertStatuses(String expected) throws Exception {
        eventually(() -> {
            try {
                JsonNode bulk = Json.MAPPER.readTree(fx.rapi.get("/2/instances?bulk=1").body());
                Map<String, String> status = new HashMap<>();
                bulk.forEach(i -> status.put(i.get("name").asText(), i.get("status").asText()));
                return status.size() == COUNT && status.values().stream().allMatch(expected::equals);
            } catch (Exception e) {
                return false;
            }
        }, "bulk list shows all " + expected);
    }

    private static void eventually(BooleanSupplier ok, String what) throws InterruptedException {
        ClusterFixture.eventually(ok, Duration.ofSeconds(30), what);
    }
}
