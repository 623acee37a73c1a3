package org.gnt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.zookeeper.CreateMode;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.GntVersion;
import org.gnt.bus.Json;
import org.gnt.bus.config.DiskConfig;
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.state.NodeState;
import org.gnt.coordinator.Coordinator;
import org.gnt.plugins.disk.DiskRef;
import org.gnt.plugins.hypervisor.NodeResources;
import org.gnt.testkit.BusServersExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gnt-cluster verify-disks} and {@code gnt-group list -F} against real embedded Kafka and
 * ZooKeeper with an in-process coordinator. Nodes and instances are written into the config; the
 * live node's inventory (which disks it holds) is published on the real {@code nodes.state} topic.
 * Group default: v1 (live; holds i1's disk, not i2's), v2 (offline; hosts i3). Group rack2: v3
 * (live, no instances).
 */
class VerifyDisksCliIT {
    @RegisterExtension
    static final BusServersExtension SERVERS = new BusServersExtension();

    @TempDir
    static Path dir;

    static Path conf;
    static BusConfig bus;
    static CuratorFramework curator;
    static Coordinator coordinator;

    static CliRun gnt(String program, String... args) {
        return CliRun.run(conf, dir, "", program, args);
    }

    @BeforeAll
    static void start() throws Exception {
        bus = new BusConfig(SERVERS.bootstrapServers(), SERVERS.zkConnect(), "vdisks");
        conf = dir.resolve("gnt.conf");
        bus.store(conf);
        CliRun init = gnt("gnt-cluster", "init", "--enabled-hypervisors", "fake", "--enabled-disk-templates",
                "file,diskless", "--file-storage-dir", dir.resolve("storage").toString(), "vdisks.example.com");
        assertEquals(0, init.rc(), init.toString());
        curator = BusClients.curator(bus);
        curator.blockUntilConnected(30, TimeUnit.SECONDS);
        String dflt = Json.read(curator.getData().forPath(bus.paths().group(
                curator.getChildren().forPath(bus.paths().groups()).get(0))), GroupConfig.class).uuid();
        Instant now = Instant.now();
        GroupConfig rack2 = new GroupConfig(GroupConfig.VERSION, UUID.randomUUID().toString(), "rack2", "preferred",
                now, now);
        curator.create().forPath(bus.paths().group(rack2.uuid()), Json.bytes(rack2));
        String v1 = node("v1", dflt, false);
        String v2 = node("v2", dflt, true);
        node("v3", rack2.uuid(), false);
        instance("i1", v1);
        instance("i2", v1);
        instance("i3", v2);
        try (KafkaProducer<String, byte[]> p = BusClients.producer(bus, "vdisks-nodes")) {
            for (String n : List.of("v1", "v3")) {
                NodeState s = new NodeState(NodeState.VERSION, n, "192.0.2.1", 1, 1, Instant.now(),
                        Map.of("fake", new NodeResources(4096, 4096, 0, 2, 0)), Map.of(), List.of("noop"), Map.of(),
                        List.of(), Map.of(), Map.of("file", n.equals("v1") ? List.of("i1/disk0") : List.of()),
                        GntVersion.SOFTWARE, GntVersion.PROTOCOL);
                p.send(new ProducerRecord<>(bus.topics().nodesState(), n, Json.bytes(s))).get();
            }
        }
        coordinator = new Coordinator(bus, "coord-vdisks", 4).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!coordinator.isMaster() && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertTrue(coordinator.isMaster(), "the coordinator became master");
    }

    private static String node(String name, String group, boolean offline) throws Exception {
        Instant now = Instant.now();
        NodeConfig n = new NodeConfig(NodeConfig.VERSION, UUID.randomUUID().toString(), name, "192.0.2.1",
                "192.0.2.1", group, !offline, false, offline, true, true, now, now);
        curator.create().forPath(bus.paths().node(n.uuid()), Json.bytes(n));
        curator.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(bus.paths().live(name));
        return n.uuid();
    }

    private static void instance(String name, String pnode) throws Exception {
        Instant now = Instant.now();
        InstanceConfig i = new InstanceConfig(InstanceConfig.VERSION, UUID.randomUUID().toString(), name, pnode,
                "noop", "fake", Map.of(), Map.of(), Map.of(), "file", List.of(new DiskConfig(UUID.randomUUID().toString(),
                null, 0, 1024, "rw", new DiskRef("file", name + "/disk0"))), List.of(), "up", "admin", List.of(), now,
                now, 1);
        curator.create().forPath(bus.paths().instance(i.uuid()), Json.bytes(i));
    }

    @AfterAll
    static void stop() throws Exception {
        if (coordinator != null) {
            coordinator.close();
        }
        if (curator != null) {
            curator.close();
        }
    }

    @Test
    void verifyDisksReportsBrokenNodesAndMissingDisks() {
        CliRun r = gnt("gnt-cluster", "verify-disks");
        assertEquals(1, r.rc(), r.toString());
        String out = r.out();
        assertTrue(out.contains("Waiting for job ") && out.contains(" for group default ...")
                && out.contains(" for group rack2 ..."), out);
        assertTrue(out.contains("Error gathering data on node v2: Node is marked offline\n"
                + "You need to fix these nodes first before fixing instances\n"), out);
        assertTrue(out.contains("Instance i2 has missing disks:\n\tv1 file:i2/disk0\n"), out);
        assertTrue(out.contains("Instance i3 cannot be verified as it lives on broken nodes\n"), out);
        assertTrue(out.contains("You need to replace or recreate disks for all the above instances if this message"
                + " persists after fixing broken nodes."), out);
        assertTrue(!out.contains("Instance i1"), "i1's disk is on v1: " + out);
        assertTrue(out.contains("No disks need to be activated."), "rack2 is healthy: " + out);

        CliRun rack2 = gnt("gnt-cluster", "verify-disks", "--node-group", "rack2");
        assertEquals(0, rack2.rc(), rack2.toString());
        assertTrue(rack2.out().endsWith("No disks need to be activated.\n"), rack2.out());

        CliRun nosuch = gnt("gnt-cluster", "verify-disks", "--node-group", "nosuch");
        assertEquals(1, nosuch.rc(), nosuch.toString());
        assertTrue(nosuch.err().contains("Group 'nosuch' not found"), nosuch.toString());
    }

    @Test
    void groupListTakesAQueryFilter() {
        assertEquals(List.of("rack2"), groupNames("-F", "node_cnt == 1"));
        assertEquals(List.of("default"), groupNames("-F", "pinst_cnt > 0 and name =~ /^def/"));
        assertEquals(List.of("default", "rack2"), groupNames("-F", "node_cnt >= 1"));
        assertEquals(List.of("rack2"), groupNames("r*"));
        assertEquals(List.of("default"), groupNames("default"));
        CliRun bad = gnt("gnt-group", "list", "-F", "nodes_cnt == 1");
        assertEquals(1, bad.rc(), bad.toString());
        assertTrue(bad.err().contains("unknown/wrong parameter name 'nodes_cnt'"), bad.toString());
        CliRun syntax = gnt("gnt-group", "list", "-F", "node_cnt ==");
        assertEquals(1, syntax.rc(), syntax.toString());
        assertTrue(syntax.err().contains("Error while parsing query filter"), syntax.toString());
    }

    private static List<String> groupNames(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "list";
        all[1] = "--no-headers";
        all[2] = "-o";
        all[3] = "name";
        System.arraycopy(args, 0, all, 4, args.length);
        CliRun r = gnt("gnt-group", all);
        assertEquals(0, r.rc(), r.toString());
        return r.out().lines().map(String::strip).toList();
    }
}
