package org.gnt.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.bus.TopicAdmin;
import org.gnt.bus.config.ClusterConfig;
import org.gnt.bus.config.ClusterInit;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.election.CoordinatorRecord;
import org.gnt.bus.election.CoordinatorRegistry;
import org.gnt.bus.election.MasterHandover;
import org.gnt.bus.job.JobClient;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.opcode.OpClusterVerifyConfig;
import org.gnt.bus.opcode.OpCode;
import org.gnt.bus.opcode.OpNodeRemove;
import org.gnt.bus.opcode.OpNodeSetParams;
import org.gnt.bus.opcode.OpTagsSet;
import org.gnt.bus.view.ConfigView;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.testkit.BusServersExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Coordinators bound to nodes (three in this JVM, real ZooKeeper and Kafka): the election follows
 * the node roles, a takeover starts from the warm config mirror, every mirror reaches the master's
 * config, and cluster verify reports candidates without coordinators and mirrors that lag.
 */
class CoordinatorBindingIT {
    @RegisterExtension
    static final BusServersExtension servers = new BusServersExtension();

    BusConfig bus;
    CuratorFramework curator;
    JobClient jobs;
    final List<Coordinator> coords = new ArrayList<>();

    /** Nodes n1 (C), n2 (C), n3 (R), candidate pool 2; coordinators c1, c2, c3 bound to n1, n2, n3. */
    void cluster() throws Exception {
        bus = new BusConfig(servers.bootstrapServers(), servers.zkConnect(), "cb" + System.nanoTime() % 1000000);
        curator = BusClients.curator(bus);
        TopicAdmin.ensureClusterTopics(bus);
        ClusterInit.init(curator, bus.paths(), "cb", List.of("fake"), List.of("diskless"), Map.of(), Map.of(), "/tmp");
        String group = curator.getChildren().forPath(bus.paths().groups()).get(0);
        ClusterConfig c = Json.read(curator.getData().forPath(bus.paths().clusterConfig()), ClusterConfig.class);
        curator.setData().forPath(bus.paths().clusterConfig(), Json.bytes(new ClusterConfig(c.v(), c.name(), c.uuid(),
                c.enabledHypervisors(), c.enabledDiskTemplates(), c.hvparams(), c.beparams(), c.fileStorageDir(),
                c.defaultIallocator(), 2, c.ctime(), c.mtime())));
        for (int i = 1; i <= 3; i++) {
            NodeConfig n = new NodeConfig(NodeConfig.VERSION, UUID.randomUUID().toString(), "n" + i, "192.0.2." + i,
                    "192.0.2." + i, group, i <= 2, false, false, true, true, Instant.now(), Instant.now());
            curator.create().forPath(bus.paths().node(n.uuid()), Json.bytes(n));
        }
        jobs = new JobClient(bus, curator);
        for (int i = 1; i <= 3; i++) {
            coords.add(new Coordinator(bus, "c" + i, Optional.of("n" + i), 4).start());
        }
    }

    @AfterEach
    void close() throws Exception {
        for (Coordinator c : coords) {
            c.close();
        }
        if (jobs != null) {
            jobs.close();
        }
        if (curator != null) {
            curator.close();
        }
    }

    @Test
    void electionFollowsTheNodeRolesAndVerifySeesIt() throws Exception {
        cluster();
        Coordinator first = awaitMaster();
        Coordinator c3 = coords.get(2);
        assertTrue(first == coords.get(0) || first == coords.get(1), "the master runs on a candidate");
        eventually(() -> registrations().size() == 3, "every coordinator registered");
        assertFalse(c3.inElection(), "c3's node n3 is not a candidate");
        assertFalse(new MasterHandover(curator, bus.paths()).candidates().contains("c3"));

        JobState clean = run(verify());
        assertEquals(JobStatus.SUCCESS, clean.status(), clean.toString());
        assertEquals("true", clean.ops().get(0).result().toString(), clean.toString());
        assertTrue(clean.toString().contains("WARNING:ECLUSTERCFG:node:n3:coordinator c3 is bound to this node, which"
                + " is not a master candidate"), clean.toString());

        // some writes; every mirror, the master's own included, reaches the master's config and says so
        assertEquals(JobStatus.SUCCESS, run(new OpTagsSet("node", List.of("rack:a"), "n3")).status());
        assertEquals(JobStatus.SUCCESS, run(new OpTagsSet("cluster", List.of("site:x"), null)).status());
        assertMirrorsEqualMaster(first);

        // demote the master's node: n3 is promoted in its place, the master leaves, another takes over
        String firstNode = first.node().orElseThrow();
        JobState demote = run(OpNodeSetParams.role(firstNode, false, null, null, true));
        assertEquals(JobStatus.SUCCESS, demote.status(), demote.toString());
        eventually(() -> !first.inElection() && !first.isMaster(), first.id() + " left the election");
        Coordinator second = awaitMaster();
        assertNotEquals(first, second);
        assertTrue(second.lastTakeoverFromMirror(), "the new master started from its warm mirror");
        eventually(c3::inElection, "c3 joined: n3 is a candidate now");
        assertFalse(c3.isMaster());
        eventually(() -> registrations().stream().anyMatch(r -> r.id().equals(first.id()) && !r.inElection()),
                "the registration says " + first.id() + " is out of the election");
        assertMirrorsEqualMaster(second);

        // a candidate without a coordinator
        coords.remove(c3);
        c3.close();
        JobState missing = run(verify());
        assertEquals("false", missing.ops().get(0).result().toString(), missing.toString());
        assertTrue(missing.toString().contains("ERROR:ECLUSTERCFG:node:n3:master candidate has no coordinator running"
                + " bound to it"), missing.toString());

        // promote the old master's node back: its coordinator rejoins as a standby
        JobState promote = run(OpNodeSetParams.role(firstNode, true, null, null, false));
        assertEquals(JobStatus.SUCCESS, promote.status(), promote.toString());
        eventually(first::inElection, first.id() + " rejoined the election");
        eventually(() -> new MasterHandover(curator, bus.paths()).candidates().contains(first.id()),
                first.id() + " holds a latch node");
        assertFalse(first.isMaster());
        assertTrue(second.isMaster(), "a rejoining coordinator does not take over");

        // removing its node puts it out again: a node seen and gone was removed, not "not added yet"
        JobState removed = run(OpNodeRemove.of(firstNode));
        assertEquals(JobStatus.SUCCESS, removed.status(), removed.toString());
        eventually(() -> !first.inElection(), first.id() + " left: its node was removed");
        JobState orphan = run(verify());
        assertTrue(orphan.toString().contains("ERROR:ECLUSTERCFG:node:" + firstNode + ":coordinator " + first.id()
                + " is bound to this node, which is not in the cluster"), orphan.toString());

        // a registration whose mirror lags (a coordinator stuck on old config) is reported
        curator.create().withMode(CreateMode.EPHEMERAL).forPath(bus.paths().coordinator("stuck"),
                Json.bytes(new CoordinatorRecord(CoordinatorRecord.VERSION, "stuck", null, false, 0, Instant.now())));
        JobState behind = run(verify());
        assertTrue(behind.toString().contains("ERROR:ECLUSTERCFG:cluster:cb:coordinator stuck's config mirror is"
                + " behind: serial 0"), behind.toString());
    }

    private static OpCode verify() {
        return new OpClusterVerifyConfig(false, true, List.of(), false);
    }

    private void assertMirrorsEqualMaster(Coordinator master) throws Exception {
        ConfigStore store = master.configStore().orElseThrow();
        for (Coordinator c : coords) {
            ConfigView m = c.configMirror();
            eventually(() -> m.serial() == store.serial(), c.id() + "'s mirror reached serial " + store.serial());
            assertEquals(store.cluster(), m.cluster().orElseThrow(), c.id());
            assertEquals(sorted(store.nodes()), sorted(m.nodes()), c.id());
            assertEquals(store.groups().size(), m.groups().size(), c.id());
            assertEquals(store.groups().stream().map(g -> g.uuid() + g.name()).sorted().toList(),
                    m.groups().stream().map(g -> g.uuid() + g.name()).sorted().toList(), c.id());
            assertEquals(store.instances().size(), m.instances().size(), c.id());
            eventually(() -> registrations().stream().anyMatch(r -> r.id().equals(c.id())
                    && r.configSerial() == store.serial()), c.id() + "'s registration shows serial " + store.serial());
        }
    }

    private static List<NodeConfig> sorted(java.util.Collection<NodeConfig> nodes) {
        return nodes.stream().sorted(Comparator.comparing(NodeConfig::uuid)).toList();
    }

    private List<CoordinatorRecord> registrations() {
        return CoordinatorRegistry.list(curator, bus.paths());
    }

    private Coordinator awaitMaster() throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            for (Coordinator c : coords) {
                if (c.isMaster()) {
                    return c;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no master");
    }

    private static void eventually(BooleanSupplier check, String what) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (check.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not reached: " + what);
    }

    private JobState run(OpCode op) throws Exception {
        long id = jobs.submit(op).get();
        return jobs.awaitFinal(id, Duration.ofSeconds(60)).get().orElseThrow(() -> new AssertionError("job " + id));
    }
}
