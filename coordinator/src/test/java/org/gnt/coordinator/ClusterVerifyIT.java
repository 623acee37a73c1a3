package org.gnt.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.zookeeper.CreateMode;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.GntVersion;
import org.gnt.bus.Json;
import org.gnt.bus.TopicAdmin;
import org.gnt.bus.config.ClusterInit;
import org.gnt.bus.config.DiskConfig;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.job.JobClient;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.job.LogEntry;
import org.gnt.bus.opcode.OpClusterVerifyGroup;
import org.gnt.bus.opcode.OpCode;
import org.gnt.bus.opcode.OpGroupVerifyDisks;
import org.gnt.bus.state.NodeState;
import org.gnt.plugins.disk.DiskRef;
import org.gnt.plugins.hypervisor.NodeResources;
import org.gnt.plugins.hypervisor.RuntimeInstance;
import org.gnt.testkit.BusServersExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cluster verify's node-inventory checks (ENODEVERSION, ENODEORPHANLV, EINSTANCEMISSINGDISK,
 * EINSTANCEFAULTYDISK, ENODEN1) and OP_GROUP_VERIFY_DISKS through the real job path: config
 * objects written to ZooKeeper (drbd instances with secondaries cannot be created yet), node
 * inventories published on the real {@code nodes.state} topic, liveness znodes, an in-process master.
 */
class ClusterVerifyIT {
    @RegisterExtension
    static final BusServersExtension servers = new BusServersExtension();

    BusConfig bus;
    CuratorFramework curator;
    KafkaProducer<String, byte[]> producer;
    JobClient jobs;
    Coordinator master;
    String group;
    final Map<String, String> uuids = new java.util.HashMap<>();
    final AtomicLong seq = new AtomicLong();

    void cluster() throws Exception {
        bus = new BusConfig(servers.bootstrapServers(), servers.zkConnect(), "cv" + System.nanoTime() % 1000000);
        curator = BusClients.curator(bus);
        TopicAdmin.ensureClusterTopics(bus);
        ClusterInit.init(curator, bus.paths(), "cv", List.of("fake"), List.of("file", "diskless", "drbd"), Map.of(),
                Map.of(), "/tmp");
        group = curator.getChildren().forPath(bus.paths().groups()).get(0);
        producer = BusClients.producer(bus, "cv-nodes");
        jobs = new JobClient(bus, curator);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {master, jobs, producer, curator}) {
            if (c != null) {
                c.close();
            }
        }
    }

    /**
     * n1 hosts web1 (file, down) and is primary of db1 (drbd, minmem 512) and db2 (drbd, minmem 4096,
     * auto_balance off), both mirrored to n2; n3 hosts web2 (file, up, running) and is primary of
     * db3 (drbd, minmem 256) mirrored to n2.
     */
    @Test
    void aCleanClusterPassesAndEachBrokenInventoryIsReported() throws Exception {
        cluster();
        node("n1", false);
        node("n2", false);
        node("n3", false);
        instance("web1", "file", "n1", null, "down", Map.of());
        instance("web2", "file", "n3", null, "up", Map.of());
        instance("db1", "drbd", "n1", "n2", "down", Map.of("minmem", 512));
        instance("db2", "drbd", "n1", "n2", "down", Map.of("minmem", 4096, "auto_balance", false));
        instance("db3", "drbd", "n3", "n2", "down", Map.of("minmem", 256));
        publish("n1", 8192, List.of("web1/disk0"), List.of(), GntVersion.SOFTWARE, GntVersion.PROTOCOL);
        publish("n2", 1024, List.of(), List.of(), GntVersion.SOFTWARE, GntVersion.PROTOCOL);
        publish("n3", 8192, List.of("web2/disk0"), List.of("web2"), GntVersion.SOFTWARE, GntVersion.PROTOCOL);
        startMaster();

        JobState clean = verify(List.of());
        List<String> lines = log(clean);
        assertEquals(true, clean.ops().get(0).result().asBoolean(), lines.toString());
        assertTrue(lines.contains("* Verifying orphan volumes"), lines.toString());
        assertTrue(lines.contains("* Verifying N+1 Memory redundancy"), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains("ERROR") || l.contains("WARNING")), lines.toString());

        // n2 now has 400 MiB free: enough for n3's db3 (256), not for n1's db1 (512; db2 does not
        // count, its auto_balance is off); n1 lost web1's disk and runs another release; n3 lost
        // web2's disk, holds a disk nobody owns and speaks another protocol
        publish("n1", 8192, List.of(), List.of(), "0.0.9", GntVersion.PROTOCOL);
        publish("n2", 400, List.of(), List.of(), GntVersion.SOFTWARE, GntVersion.PROTOCOL);
        publish("n3", 8192, List.of("ghost/disk0"), List.of("web2"), GntVersion.SOFTWARE, 2);
        JobState broken = verifyUntil(List.of(), l -> l.stream().anyMatch(s -> s.contains("ENODEN1")));
        lines = log(broken);
        assertEquals(false, broken.ops().get(0).result().asBoolean(), lines.toString());
        assertHas(lines, "  - ERROR:ENODEN1:node:n2:not enough memory to accommodate instance failovers should node n1"
                + " fail (512MiB needed, 400MiB available)");
        assertEquals(1, lines.stream().filter(l -> l.contains("ENODEN1")).count(), "n3's failover fits: " + lines);
        assertHas(lines, "  - ERROR:EINSTANCEMISSINGDISK:instance:web1:volume file:web1/disk0 missing on node n1");
        assertTrue(lines.stream().noneMatch(l -> l.contains("EINSTANCEFAULTYDISK:instance:web1")),
                "web1 is down, so its disk is not expected active: " + lines);
        assertHas(lines, "  - ERROR:EINSTANCEMISSINGDISK:instance:web2:volume file:web2/disk0 missing on node n3");
        assertHas(lines, "  - ERROR:EINSTANCEFAULTYDISK:instance:web2:couldn't retrieve status for disk/0 on n3:"
                + " disk file:web2/disk0 not found");
        assertHas(lines, "  - ERROR:ENODEORPHANLV:node:n3:volume file:ghost/disk0 is unknown");
        assertHas(lines, "  - ERROR:ENODEVERSION:node:n3:incompatible protocol versions: master 1, node 2");
        assertHas(lines, "  - WARNING:ENODEVERSION:node:n1:software version mismatch: master " + GntVersion.SOFTWARE
                + ", node 0.0.9");
        assertTrue(lines.stream().noneMatch(l -> l.contains("ERROR:ENODEVERSION:node:n1")), lines.toString());

        List<String> skipped = log(verify(List.of("nplusone_mem")));
        assertTrue(skipped.stream().noneMatch(l -> l.contains("ENODEN1") || l.contains("N+1")), skipped.toString());
        assertHas(skipped, "  - ERROR:ENODEORPHANLV:node:n3:volume file:ghost/disk0 is unknown");
    }

    @Test
    void verifyDisksListsBrokenNodesAndMissingDisks() throws Exception {
        cluster();
        node("d1", false);
        node("d2", true);
        node("d3", false);
        instance("a1", "file", "d1", null, "up", Map.of());
        instance("a2", "file", "d2", null, "up", Map.of());
        instance("a3", "file", "d3", null, "up", Map.of());
        instance("a4", "file", "d1", null, "down", Map.of());
        instance("a5", "diskless", "d1", null, "up", Map.of());
        publish("d1", 8192, List.of("a1/disk0"), List.of(), GntVersion.SOFTWARE, GntVersion.PROTOCOL);
        curator.delete().forPath(bus.paths().live("d3")); // its node service has stopped
        startMaster();

        JobState ok = run(new OpGroupVerifyDisks("default"));
        assertEquals(JobStatus.SUCCESS, ok.status(), ok.toString());
        assertEquals(Json.MAPPER.readTree("""
                [{"d2": "Node is marked offline", "d3": "node is not reachable: its node service is not running"},
                 [],
                 {"a2": [["d2", "file:a2/disk0"]], "a3": [["d3", "file:a3/disk0"]]}]"""),
                ok.ops().get(0).result(), "a1's disk is there, a4 is down, a5 has no disks");

        publish("d1", 8192, List.of(), List.of(), GntVersion.SOFTWARE, GntVersion.PROTOCOL);
        JobState missing = null;
        for (int i = 0; i < 100 && (missing == null || !missing.ops().get(0).result().get(2).has("a1")); i++) {
            Thread.sleep(i == 0 ? 0 : 200);
            missing = run(new OpGroupVerifyDisks("default"));
        }
        assertEquals("[[\"d1\",\"file:a1/disk0\"]]", missing.ops().get(0).result().get(2).get("a1").toString());
        assertFalse(missing.ops().get(0).result().get(2).has("a4"), "a down instance's disks are not checked");

        JobState nosuch = run(new OpGroupVerifyDisks("nosuch"));
        assertEquals(JobStatus.ERROR, nosuch.status());
        assertTrue(nosuch.ops().get(0).result().toString().contains("Group 'nosuch' not found"),
                nosuch.ops().get(0).result().toString());
    }

    private void startMaster() throws InterruptedException {
        master = new Coordinator(bus, "m1", 4);
        try {
            master.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < 300 && !master.isMaster(); i++) {
            Thread.sleep(100);
        }
        assertTrue(master.isMaster());
    }

    private void node(String name, boolean offline) throws Exception {
        NodeConfig n = new NodeConfig(NodeConfig.VERSION, UUID.randomUUID().toString(), name, "192.0.2.1",
                "192.0.2.1", group, false, false, offline, true, true, Instant.now(), Instant.now());
        curator.create().forPath(bus.paths().node(n.uuid()), Json.bytes(n));
        curator.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(bus.paths().live(name));
        uuids.put(name, n.uuid());
    }

    private void instance(String name, String template, String primary, String secondary, String state,
                          Map<String, Object> be) throws Exception {
        List<DiskConfig> disks = template.equals("diskless") ? List.of() : List.of(new DiskConfig(
                UUID.randomUUID().toString(), null, 0, 1024, "rw", new DiskRef(template, name + "/disk0")));
        InstanceConfig i = new InstanceConfig(InstanceConfig.VERSION, UUID.randomUUID().toString(), name,
                uuids.get(primary), "noop", "fake", Map.of(), be, Map.of(), template, disks, List.of(), state, "admin",
                List.of(), Instant.now(), Instant.now(), 1, secondary == null ? List.of() : List.of(uuids.get(secondary)));
        curator.create().forPath(bus.paths().instance(i.uuid()), Json.bytes(i));
    }

    /** What a node service with the file driver would publish. */
    private void publish(String node, long freeMib, List<String> files, List<String> running, String software,
                         int protocol) throws Exception {
        List<RuntimeInstance> ri = running.stream()
                .map(n -> new RuntimeInstance(n, null, RuntimeInstance.RunState.RUNNING, 128, 1)).toList();
        NodeState s = new NodeState(NodeState.VERSION, node, "192.0.2.1", 1, seq.incrementAndGet(), Instant.now(),
                Map.of("fake", new NodeResources(16384, freeMib, 0, 4, 0)), Map.of(), List.of("noop"),
                Map.of("fake", ri), List.of(), Map.of(), Map.of("file", files), software, protocol);
        producer.send(new ProducerRecord<>(bus.topics().nodesState(), node, Json.bytes(s))).get();
    }

    private JobState verify(List<String> skip) throws Exception {
        return run(new OpClusterVerifyGroup("default", false, true, skip, List.of(), false, false));
    }

    /** Verifies until the master's inventory view shows what the test published last. */
    private JobState verifyUntil(List<String> skip, Predicate<List<String>> seen) throws Exception {
        JobState j = verify(skip);
        for (int i = 0; i < 100 && !seen.test(log(j)); i++) {
            Thread.sleep(200);
            j = verify(skip);
        }
        return j;
    }

    private JobState run(OpCode op) throws Exception {
        long id = jobs.submit(op).get();
        return jobs.awaitFinal(id, Duration.ofSeconds(60)).get().orElseThrow(() -> new AssertionError("job " + id));
    }

    private static List<String> log(JobState j) {
        List<String> out = new ArrayList<>();
        j.ops().get(0).log().stream().map(LogEntry::message).forEach(out::add);
        return out;
    }

    private static void assertHas(List<String> lines, String line) {
        assertTrue(lines.contains(line), "want <" + line + "> in " + String.join("\n", lines));
    }
}
