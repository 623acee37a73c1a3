package org.gnt.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.job.LogEntry;
import org.gnt.plugins.hypervisor.RuntimeInstance;
import org.gnt.testkit.RapiHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Migration, failover and reboot end to end: one coordinator, three node-service JVMs running the
 * real fake-hypervisor and storage-file bundles over one shared {@code sharedfile} directory, the
 * RAPI gateway and the CLI. What runs where is read from the nodes' own runtime reports
 * (inventory) and the fake hypervisor's record files; the placement from the config.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrationIT {
    static final String VM = "mig1.example.com";
    @RegisterExtension
    static final ClusterFixture fx = new ClusterFixture("it-migration", 1, 3, 4096, List.of("fake"));

    @BeforeAll
    static void createInstance() throws Exception {
        create(VM, "sharedfile", "node1", true, "");
    }

    @Test
    @Order(1)
    void migrateThereAndBackThroughRapiAndCli() throws Exception {
        assertRunsOnlyOn(VM, "node1");
        JobState there = fx.awaitFinal(fx.submit("PUT", "/2/instances/" + VM + "/migrate", "{\"target_node\": \"node2\"}"));
        assertEquals(JobStatus.SUCCESS, there.status(), there.toString());
        assertRunsOnlyOn(VM, "node2");
        String log = log(there);
        assertTrue(log.contains("Migration active: transferred 64 MiB, remaining 64 MiB, total 128 MiB"), log);
        assertTrue(log.contains("Migration completed: transferred 128 MiB, remaining 0 MiB, total 128 MiB"), log);
        assertTrue(log.matches("(?s).*Migration completed in [0-9.]+ s, downtime 25 ms.*"), log);

        String[] back = fx.gnt("gnt-instance", "migrate", "-f", "--non-live", "-n", "node1", VM);
        assertEquals("0", back[0], String.join("\n", back));
        assertTrue(back[1].contains("non-live"), back[1]);
        assertRunsOnlyOn(VM, "node1");
        assertEquals(RuntimeInstance.RunState.RUNNING, runtime("node1", VM).state(), "resumed after a non-live move");
    }

    @Test
    @Order(2)
    void failoverAndRebootThroughCliAndRapi() throws Exception {
        long serial = instance(VM).serial();
        String[] fo = fx.gnt("gnt-instance", "failover", "-f", "--shutdown-timeout", "30", "-n", "node3", VM);
        assertEquals("0", fo[0], String.join("\n", fo));
        assertRunsOnlyOn(VM, "node3");
        assertTrue(instance(VM).serial() > serial, "serial bumped");

        JobState soft = fx.awaitFinal(fx.submit("POST", "/2/instances/" + VM + "/reboot?type=soft", null));
        assertEquals(JobStatus.SUCCESS, soft.status(), soft.toString());
        assertEquals("SOFT", record("node3", VM).getProperty("last_reboot"));
        assertEquals("2", record("node3", VM).getProperty("boots"));
        JobState hard = fx.awaitFinal(fx.submit("POST", "/2/instances/" + VM + "/reboot", "{\"shutdown_timeout\": 10}"));
        assertEquals(JobStatus.SUCCESS, hard.status(), hard.toString());
        assertEquals("HARD", record("node3", VM).getProperty("last_reboot"), "RAPI's default type is hard");
        String[] full = fx.gnt("gnt-instance", "reboot", "--type", "full", VM);
        assertEquals("0", full[0], String.join("\n", full));
        assertEquals(null, record("node3", VM).getProperty("boots"), "a full reboot starts a fresh guest");
        assertRunsOnlyOn(VM, "node3");
    }

    @Test
    @Order(3)
    void refusals() throws Exception {
        create("plain1.example.com", "file", "node1", true, "");
        JobState file = fx.run("{\"OP_ID\": \"OP_INSTANCE_MIGRATE\", \"instance_name\": \"plain1.example.com\","
                + " \"target_node\": \"node2\"}");
        assertError(file, "Instance's disk layout 'file' does not allow migrations", "wrong_state");

        JobState noTarget = fx.run("{\"OP_ID\": \"OP_INSTANCE_MIGRATE\", \"instance_name\": \"" + VM + "\"}");
        assertError(noTarget, "No target node given", "wrong_input");
        JobState unknown = fx.run("{\"OP_ID\": \"OP_INSTANCE_MIGRATE\", \"instance_name\": \"" + VM + "\","
                + " \"target_node\": \"node9\"}");
        assertError(unknown, "Node 'node9' not known", "unknown_entity");
        JobState self = fx.run("{\"OP_ID\": \"OP_INSTANCE_MIGRATE\", \"instance_name\": \"" + VM + "\","
                + " \"target_node\": \"node3\"}");
        assertError(self, "already on node 'node3'", "wrong_input");

        RapiHttp.Response both = fx.rapi.send("PUT", "/2/instances/" + VM + "/migrate",
                "{\"target_node\": \"node1\", \"mode\": \"live\", \"live\": true}");
        assertEquals(400, both.status(), both.body());
        assertTrue(both.body().contains("'live'"), both.body());
        RapiHttp.Response badType = fx.rapi.send("POST", "/2/instances/" + VM + "/reboot?type=gentle", null);
        assertEquals(400, badType.status(), badType.body());
        assertTrue(badType.body().contains("reboot_type"), badType.body());

        // a disk the target cannot see: the shared file moved aside
        Path disk = sharedDisk(VM);
        Path aside = disk.resolveSibling(disk.getFileName() + ".aside");
        Files.move(disk, aside);
        try {
            JobState hidden = fx.run("{\"OP_ID\": \"OP_INSTANCE_MIGRATE\", \"instance_name\": \"" + VM + "\","
                    + " \"target_node\": \"node1\"}");
            assertError(hidden, "is not visible on node 'node1'", "wrong_state");
        } finally {
            Files.move(aside, disk);
        }
        assertRunsOnlyOn(VM, "node3");

        // stopped: refused, unless allow_failover
        create("down1.example.com", "sharedfile", "node1", false, "");
        JobState down = fx.run("{\"OP_ID\": \"OP_INSTANCE_MIGRATE\", \"instance_name\": \"down1.example.com\","
                + " \"target_node\": \"node2\"}");
        assertError(down, "is not running", "wrong_state");
        JobState fallback = fx.run("{\"OP_ID\": \"OP_INSTANCE_MIGRATE\", \"instance_name\": \"down1.example.com\","
                + " \"target_node\": \"node2\", \"allow_failover\": true}");
        assertEquals(JobStatus.SUCCESS, fallback.status(), fallback.toString());
        assertTrue(log(fallback).contains("falling back to failover"), log(fallback));
        assertPrimary("down1.example.com", "node2");
        assertTrue(runtimeOpt("node2", "down1.example.com") == null, "a down instance is not started");

        JobState rebootDown = fx.run("{\"OP_ID\": \"OP_INSTANCE_REBOOT\", \"instance_name\": \"down1.example.com\","
                + " \"reboot_type\": \"soft\"}");
        assertError(rebootDown, "is marked down, cannot reboot", "wrong_state");
    }

    @Test
    @Order(4)
    void aFailedMigrationLeavesTheInstanceOnItsSource() throws Exception {
        // hvparam migration_port 0 is the fake hypervisor's way to fail a migration
        create("fail1.example.com", "sharedfile", "node1", true, ", \"hvparams\": {\"migration_port\": 0}");
        eventually(() -> "up".equals(instance("fail1.example.com").adminState()), "the mirror has fail1 up");
        InstanceConfig before = instance("fail1.example.com");
        JobState failed = fx.run("{\"OP_ID\": \"OP_INSTANCE_MIGRATE\", \"instance_name\": \"fail1.example.com\","
                + " \"target_node\": \"node2\"}");
        assertEquals(JobStatus.ERROR, failed.status(), failed.toString());
        String msg = failed.ops().get(0).result().toString();
        assertTrue(msg.contains("nothing listens on port 0") && msg.contains("still on node1"), msg);
        assertEquals(before, instance("fail1.example.com"), "config unchanged");
        assertRunsOnlyOn("fail1.example.com", "node1");
        assertEquals(RuntimeInstance.RunState.RUNNING, runtime("node1", "fail1.example.com").state());
        assertEquals(null, record("node1", "fail1.example.com").getProperty("migrating"));
    }

    @Test
    @Order(5)
    void cleanupFinishesAHalfDoneMigration() throws Exception {
        // as if the master died after the guest moved to node2 but before it finalized: only node2 runs it
        Path src = fx.hvDir("node3", "fake").resolve(VM + ".instance");
        Files.move(src, fx.hvDir("node2", "fake").resolve(VM + ".instance"), StandardCopyOption.REPLACE_EXISTING);
        eventually(() -> runtimeOpt("node2", VM) != null, "node2 reports the moved guest");
        String[] cleanup = fx.gnt("gnt-instance", "migrate", "-f", "--cleanup", "-n", "node2", VM);
        assertEquals("0", cleanup[0], String.join("\n", cleanup));
        assertTrue(cleanup[1].contains("instance running on the target node (node2)"), cleanup[1]);
        assertRunsOnlyOn(VM, "node2");

        // running on both: manual intervention
        Files.copy(fx.hvDir("node2", "fake").resolve(VM + ".instance"), fx.hvDir("node1", "fake").resolve(VM + ".instance"));
        JobState two = fx.run("{\"OP_ID\": \"OP_INSTANCE_MIGRATE\", \"instance_name\": \"" + VM + "\","
                + " \"target_node\": \"node1\", \"cleanup\": true}");
        assertEquals(JobStatus.ERROR, two.status(), two.toString());
        assertTrue(two.ops().get(0).result().toString().contains("running on two nodes"), two.toString());
        assertEquals("node2", primary(VM));
        Files.delete(fx.hvDir("node1", "fake").resolve(VM + ".instance"));

        // only on its primary: the target side is cleaned, nothing moves
        JobState source = fx.run("{\"OP_ID\": \"OP_INSTANCE_MIGRATE\", \"instance_name\": \"" + VM + "\","
                + " \"target_node\": \"node1\", \"cleanup\": true}");
        assertEquals(JobStatus.SUCCESS, source.status(), source.toString());
        assertTrue(log(source).contains("confirmed to be running on its primary node (node2)"), log(source));
        assertRunsOnlyOn(VM, "node2");
    }

    @Test
    @Order(6)
    void failoverFromAnOfflineNodeDoesNotCallIt() throws Exception {
        create("off1.example.com", "sharedfile", "node3", true, "");
        JobState offline = fx.run("{\"OP_ID\": \"OP_NODE_SET_PARAMS\", \"node_name\": \"node3\", \"offline\": true}");
        assertEquals(JobStatus.SUCCESS, offline.status(), offline.toString());
        try {
            JobState fo = fx.run("{\"OP_ID\": \"OP_INSTANCE_FAILOVER\", \"instance_name\": \"off1.example.com\","
                    + " \"target_node\": \"node1\"}");
            assertEquals(JobStatus.SUCCESS, fo.status(), fo.toString());
            assertTrue(log(fo).contains("node node3 is offline; not shutting the instance down there"), log(fo));
            assertPrimary("off1.example.com", "node1");
            assertEquals(RuntimeInstance.RunState.RUNNING, runtime("node1", "off1.example.com").state());
            // the offline node was not called: its guest record is still there (an admin's job now)
            assertTrue(Files.exists(fx.hvDir("node3", "fake").resolve("off1.example.com.instance")));
        } finally {
            JobState online = fx.run("{\"OP_ID\": \"OP_NODE_SET_PARAMS\", \"node_name\": \"node3\", \"offline\": false}");
            assertEquals(JobStatus.SUCCESS, online.status(), online.toString());
            Files.deleteIfExists(fx.hvDir("node3", "fake").resolve("off1.example.com.instance"));
        }
    }

    // ---- helpers

    static void create(String name, String template, String node, boolean start, String extra) throws Exception {
        JobState j = fx.awaitFinal(fx.submit("POST", "/2/instances", """
                {"__version__": 1, "mode": "create", "name": "%s", "disk_template": "%s",
                 "disks": [{"size": 16}], "os": "noop", "pnode": "%s", "beparams": {"memory": 128},
                 "start": %s, "name_check": false, "ip_check": false%s}""".formatted(name, template, node, start, extra)));
        assertEquals(JobStatus.SUCCESS, j.status(), j.toString());
    }

    static void assertError(JobState j, String text, String ecode) {
        assertEquals(JobStatus.ERROR, j.status(), j.toString());
        String r = j.ops().get(0).result().toString();
        assertTrue(r.contains(text), r);
        assertTrue(r.contains(ecode), r);
    }

    static String log(JobState j) {
        return j.ops().stream().flatMap(o -> o.log().stream()).map(LogEntry::message).collect(Collectors.joining("\n"));
    }

    static InstanceConfig instance(String name) {
        return fx.instance(name);
    }

    static String primary(String name) {
        return fx.read.primaryNode(instance(name)).orElseThrow().name();
    }

    /** The config names {@code node} as primary, once our mirror has the job's write (it may trail a moment). */
    static void assertPrimary(String name, String node) throws Exception {
        eventually(() -> fx.read.config().instance(name).flatMap(fx.read::primaryNode).map(n -> n.name().equals(node))
                .orElse(false), "config says " + name + " is on " + node);
    }

    static Properties record(String node, String name) throws Exception {
        return fx.record(node, "fake", name).orElseThrow(() -> new AssertionError(node + " has no record of " + name));
    }

    static RuntimeInstance runtimeOpt(String node, String name) {
        return fx.reported(node, "fake", name).orElse(null);
    }

    static RuntimeInstance runtime(String node, String name) throws Exception {
        eventually(() -> runtimeOpt(node, name) != null, node + " reports " + name);
        return runtimeOpt(node, name);
    }

    /** The config's primary, the nodes' runtime reports and the record files all agree on one node. */
    static void assertRunsOnlyOn(String name, String node) throws Exception {
        assertPrimary(name, node);
        for (int i = 1; i <= 3; i++) {
            String n = LocalCluster.nodeName(i);
            boolean here = n.equals(node);
            eventually(() -> (runtimeOpt(n, name) != null) == here, n + (here ? " reports " : " does not report ") + name);
            assertEquals(here, Files.exists(fx.hvDir(n, "fake").resolve(name + ".instance")), n + " record of " + name);
        }
    }

    static Path sharedDisk(String name) throws Exception {
        String id = instance(name).disks().get(0).ref().id();
        try (Stream<Path> files = Files.walk(fx.dir.resolve("shared-file-storage"))) {
            return files.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(id)).findFirst()
                    .orElseThrow(() -> new AssertionError("no shared file for " + id));
        }
    }

    static void eventually(BooleanSupplier ok, String what) throws InterruptedException {
        ClusterFixture.eventually(ok, Duration.ofSeconds(30), what);
    }
}
