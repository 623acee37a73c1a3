package org.gnt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.curator.framework.CuratorFramework;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.job.JobClient;
import org.gnt.bus.opcode.OpTestDelay;
import org.gnt.coordinator.Coordinator;
import org.gnt.testkit.BusServersExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gnt-* commands against real embedded Kafka and ZooKeeper with an in-process coordinator
 * (no node services): init, info, a job that fails its prerequisites, listings, job views.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliIT {
    @RegisterExtension
    static final BusServersExtension SERVERS = new BusServersExtension();

    @TempDir
    static Path dir;

    static Path conf;
    static BusConfig bus;
    static Coordinator coordinator;
    static long failedJob;

    static CliRun gnt(String program, String... args) {
        return gntWithInput("", program, args);
    }

    static CliRun gntWithInput(String input, String program, String... args) {
        return CliRun.run(conf, dir, input, program, args);
    }

    @BeforeAll
    static void writeConf() {
        bus = new BusConfig(SERVERS.bootstrapServers(), SERVERS.zkConnect(), "clitest");
        conf = dir.resolve("gnt.conf");
        bus.store(conf);
    }

    @AfterAll
    static void stopCoordinator() throws Exception {
        if (coordinator != null) {
            coordinator.close();
        }
    }

    @Test
    @Order(1)
    void commandsBeforeInitSayTheClusterIsNotInitialised() {
        CliRun r = gnt("gnt-instance", "list");
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.err().contains("Cluster 'clitest' is not initialised"), r.err());
        assertTrue(r.err().contains("gnt-cluster init"), r.err());
    }

    @Test
    @Order(2)
    void initWritesTheCluster() {
        CliRun r = gnt("gnt-cluster", "init", "--enabled-hypervisors", "fake", "--enabled-disk-templates",
                "file,diskless", "-B", "memory=256,vcpus=2", "-H", "fake:migration_mode=live",
                "--file-storage-dir", dir.resolve("storage").toString(), "clitest.example.com");
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().contains("clitest.example.com"), r.out());
    }

    @Test
    @Order(3)
    void infoShowsTheClusterBeforeAMasterIsElected() {
        CliRun r = gnt("gnt-cluster", "info");
        assertEquals(0, r.rc(), r.toString());
        String o = r.out();
        assertTrue(o.contains("Cluster name: clitest.example.com\n"), o);
        assertTrue(o.matches("(?s).*Cluster UUID: [0-9a-f-]{36}\n.*"), o);
        assertTrue(o.contains("Master coordinator: (none elected yet)"), o);
        assertTrue(o.contains("Enabled hypervisors: fake\n"), o);
        assertTrue(o.contains("  fake:\n    migration_mode: live\n"), o);
        assertTrue(o.contains("enabled disk templates: file, diskless"), o);
        assertTrue(o.contains("    maxmem: 256\n"), o);
        assertTrue(o.contains("    minmem: 256\n"), o);
        assertFalse(o.contains("    memory: "), o);
        assertTrue(o.contains("    vcpus: 2\n"), o);
        assertTrue(o.contains("Nodes: 0\nInstances: 0\n"), o);
    }

    @Test
    @Order(4)
    void masterIsShownOnceElected() throws Exception {
        coordinator = new Coordinator(bus, "coord-it", 4).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!coordinator.isMaster() && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertTrue(coordinator.isMaster(), "the coordinator became master");
        CliRun r = gnt("gnt-cluster", "info");
        assertTrue(r.out().contains("Master coordinator: coord-it\n"), r.out());
    }

    @Test
    @Order(5)
    void addOnAnUnknownNodeFailsNamingTheNode() {
        CliRun r = gnt("gnt-instance", "add", "-t", "diskless", "-o", "noop", "-n", "nosuchnode", "--no-name-check",
                "--no-ip-check", "inst1");
        assertEquals(1, r.rc(), r.toString());
        Matcher m = Pattern.compile("Submitted jobs (\\d+)\n").matcher(r.out());
        assertTrue(m.find(), r.out());
        failedJob = Long.parseLong(m.group(1));
        assertTrue(r.out().contains("Waiting for job " + failedJob + " for inst1 ...\n"), r.out());
        assertEquals("Failure: prerequisites not met for this operation:\nerror type: unknown_entity, error details:\n"
                + "Node 'nosuchnode' not known\n", r.err());
    }

    @Test
    @Order(6)
    void listsAreEmptyWithoutNodesAndInstances() {
        CliRun none = gnt("gnt-node", "list", "--no-headers");
        assertEquals(0, none.rc(), none.toString());
        assertEquals("", none.out());
        CliRun headers = gnt("gnt-node", "list");
        assertEquals("Node DTotal DFree MTotal MNode MFree Pinst Sinst\n", headers.out());
        CliRun sep = gnt("gnt-node", "list", "--separator", "|", "-o", "name,pip,role");
        assertEquals("Node|PrimaryIP|Role\n", sep.out());
        CliRun inst = gnt("gnt-instance", "list");
        assertEquals(0, inst.rc(), inst.toString());
        assertEquals("Instance Hypervisor OS Primary_node Status Memory\n", inst.out());
    }

    @Test
    @Order(7)
    void jobListShowsTheFailedJob() {
        CliRun r = gnt("gnt-job", "list");
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().startsWith("ID"), r.out());
        assertTrue(r.out().matches("(?s).*\\b" + failedJob + " +error +INSTANCE_CREATE\\(inst1\\)\n.*"), r.out());
        CliRun scripted = gnt("gnt-job", "list", "--no-headers", "--separator=:", "-o", "id,status", "--error");
        assertTrue(scripted.out().contains(failedJob + ":error\n"), scripted.out());
        CliRun pending = gnt("gnt-job", "list", "--no-headers", "--pending");
        assertEquals("", pending.out());
    }

    @Test
    @Order(8)
    void jobInfoShowsItsError() {
        CliRun r = gnt("gnt-job", "info", Long.toString(failedJob));
        assertEquals(0, r.rc(), r.toString());
        String o = r.out();
        assertTrue(o.startsWith("Job ID: " + failedJob + "\n  Status: error\n"), o);
        assertTrue(o.contains("    - Opcode: OP_INSTANCE_CREATE\n      Status: error\n"), o);
        assertTrue(o.contains("        instance_name: inst1\n"), o);
        assertTrue(o.contains("OpPrereqError: Node 'nosuchnode' not known (unknown_entity)"), o);
        CliRun missing = gnt("gnt-job", "info", "99999");
        assertTrue(missing.out().contains("Job ID 99999 not found"), missing.out());
    }

    @Test
    @Order(9)
    void watchOfAFailedJobExitsWithOne() {
        CliRun r = gnt("gnt-job", "watch", Long.toString(failedJob));
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.out().startsWith("Output from job " + failedJob + " follows\n"), r.out());
        assertTrue(r.err().contains("Node 'nosuchnode' not known"), r.err());
        CliRun unknown = gnt("gnt-job", "watch", "99999");
        assertEquals(1, unknown.rc());
        assertTrue(unknown.err().contains("Job ID 99999 not found"), unknown.err());
    }

    @Test
    @Order(10)
    void watchFollowsTheLogOfASuccessfulJob() throws Exception {
        long id;
        try (CuratorFramework curator = BusClients.curator(bus); JobClient jobs = new JobClient(bus, curator)) {
            id = jobs.submit(new OpTestDelay(0.2, null, null, null, 2, null, null)).get(30, TimeUnit.SECONDS);
        }
        CliRun r = gnt("gnt-job", "watch", Long.toString(id));
        assertEquals(0, r.rc(), r.toString());
        List<String> logs = r.out().lines().filter(l -> l.contains(" - INFO: ")).toList();
        assertEquals(3, logs.size(), r.out());
        assertTrue(logs.get(0).matches("\\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}  - INFO: Test delay iteration 0/2"),
                logs.get(0));
        assertEquals("", r.err());
    }

    @Test
    @Order(11)
    void submitOnlyPrintsTheJobId() {
        CliRun r = gnt("gnt-instance", "add", "--submit", "-t", "diskless", "-o", "noop", "-n", "nosuchnode",
                "--no-name-check", "--no-ip-check", "inst2");
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().matches("JobID: \\d+\n"), r.out());
        String id = r.out().trim().substring("JobID: ".length());
        CliRun watch = gnt("gnt-job", "watch", id);
        assertEquals(1, watch.rc(), watch.toString());
    }

    @Test
    @Order(12)
    void nodeAddDryRunChecksPrerequisites() {
        CliRun ok = gnt("gnt-node", "add", "--dry-run", "--primary-ip", "192.0.2.9", "node9");
        assertEquals(0, ok.rc(), ok.toString());
        CliRun badGroup = gnt("gnt-node", "add", "--dry-run", "-g", "nogroup", "node9");
        assertEquals(1, badGroup.rc(), badGroup.toString());
        assertTrue(badGroup.err().contains("Node group 'nogroup' not found"), badGroup.err());
        assertEquals("", gnt("gnt-node", "list", "--no-headers").out());
    }

    @Test
    @Order(13)
    void instanceQueriesOfUnknownNames() {
        CliRun info = gnt("gnt-instance", "info", "inst1");
        assertEquals(1, info.rc());
        assertTrue(info.err().contains("Instance 'inst1' not known"), info.err());
        CliRun list = gnt("gnt-instance", "list", "inst1");
        assertEquals(1, list.rc());
        CliRun node = gnt("gnt-node", "list", "node1");
        assertTrue(node.err().contains("Node 'node1' not known"), node.err());
        CliRun remove = gntWithInput("y\n", "gnt-instance", "remove", "inst1");
        assertEquals(1, remove.rc());
        assertTrue(remove.err().contains("Instance 'inst1' not known"), remove.err());
        CliRun unknownField = gnt("gnt-instance", "list", "-o", "name,bogus");
        assertEquals(ExitCodes.UNKNOWN_FIELD, unknownField.rc());
        assertTrue(unknownField.err().contains("Warning: Queried for unknown fields bogus"), unknownField.err());
    }

    @Test
    @Order(14)
    void secondInitFailsClearly() {
        CliRun r = gnt("gnt-cluster", "init", "--enabled-hypervisors", "fake", "again.example.com");
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.err().startsWith("Failure: prerequisites not met for this operation:\nerror type: wrong_state"),
                r.err());
        assertTrue(r.err().contains("Cluster is already initialised"), r.err());
        assertTrue(gnt("gnt-cluster", "info").out().contains("Cluster name: clitest.example.com\n"));
    }

    @Test
    @Order(15)
    void missingConfFileIsExplained() {
        Path saved = conf;
        try {
            conf = dir.resolve("missing.conf");
            CliRun r = gnt("gnt-cluster", "info");
            assertEquals(1, r.rc());
            assertTrue(r.err().contains("missing.conf (given with --conf) does not exist"), r.err());
            assertTrue(r.err().contains("GNT_CONF"), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        } finally {
            conf = saved;
        }
    }

    @Test
    @Order(16)
    void unreachableClusterIsExplained() {
        Path saved = conf;
        String connect = System.getProperty("gnt.cli.connect.seconds");
        try {
            System.setProperty("gnt.cli.connect.seconds", "3");
            conf = dir.resolve("nowhere.conf");
            new BusConfig("127.0.0.1:1", "127.0.0.1:1", "nowhere").store(conf);
            Duration before = Duration.ofNanos(System.nanoTime());
            CliRun r = gnt("gnt-cluster", "info");
            assertEquals(1, r.rc());
            assertTrue(r.err().startsWith("Cannot reach ZooKeeper at 127.0.0.1:1"), r.err());
            assertTrue(Duration.ofNanos(System.nanoTime()).minus(before).toSeconds() < 30);
        } finally {
            conf = saved;
            if (connect != null) {
                System.setProperty("gnt.cli.connect.seconds", connect);
            } else {
                System.clearProperty("gnt.cli.connect.seconds");
            }
        }
    }
}
