package org.gnt.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.curator.framework.CuratorFramework;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.bus.TopicAdmin;
import org.gnt.bus.config.ClusterConfig;
import org.gnt.bus.config.ClusterInit;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.election.MasterHandover;
import org.gnt.bus.job.JobClient;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.opcode.OpClusterSetParams;
import org.gnt.bus.opcode.OpCode;
import org.gnt.bus.opcode.OpCodes;
import org.gnt.bus.opcode.OpNodeAdd;
import org.gnt.bus.opcode.OpNodeRemove;
import org.gnt.bus.opcode.OpNodeSetParams;
import org.gnt.bus.opcode.OpTestDelay;
import org.gnt.plugins.PluginException;
import org.gnt.testkit.BusServersExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Node and cluster management through the real job path (Kafka, ZooKeeper, an in-process master):
 * Ganeti's role rules, removal, re-adding, cluster parameters and master failover. Every refusal is
 * checked for its error class and for leaving the configuration unchanged.
 */
class NodeManagementIT {
    @RegisterExtension
    static final BusServersExtension servers = new BusServersExtension();

    BusConfig bus;
    CuratorFramework curator;
    JobClient jobs;
    Coordinator master;
    String group;

    /** A fresh cluster with nodes n1 (C), n2 (C), n3 (R), candidate pool 2, and instance web1 on n2. */
    void cluster(boolean withNodes) throws Exception {
        bus = new BusConfig(servers.bootstrapServers(), servers.zkConnect(), "nm" + System.nanoTime() % 1000000);
        curator = BusClients.curator(bus);
        TopicAdmin.ensureClusterTopics(bus);
        ClusterInit.init(curator, bus.paths(), "nm", List.of("fake"), List.of("file", "diskless"), Map.of(), Map.of(),
                "/tmp");
        group = curator.getChildren().forPath(bus.paths().groups()).get(0);
        ClusterConfig c = cluster();
        curator.setData().forPath(bus.paths().clusterConfig(), Json.bytes(new ClusterConfig(c.v(), c.name(), c.uuid(),
                c.enabledHypervisors(), c.enabledDiskTemplates(), c.hvparams(), c.beparams(), c.fileStorageDir(),
                c.defaultIallocator(), 2, c.ctime(), c.mtime())));
        if (withNodes) {
            seed("n1", "192.0.2.1", true);
            String n2 = seed("n2", "192.0.2.2", true);
            seed("n3", "192.0.2.3", false);
            InstanceConfig i = new InstanceConfig(InstanceConfig.VERSION, UUID.randomUUID().toString(), "web1", n2,
                    "noop", "fake", Map.of(), Map.of(), Map.of(), "diskless", List.of(), List.of(), "down", "admin",
                    List.of(), Instant.now(), Instant.now(), 1);
            curator.create().forPath(bus.paths().instance(i.uuid()), Json.bytes(i));
        }
        jobs = new JobClient(bus, curator);
        master = new Coordinator(bus, "m1", 8).start();
    }

    private String seed(String name, String ip, boolean candidate) throws Exception {
        NodeConfig n = new NodeConfig(NodeConfig.VERSION, UUID.randomUUID().toString(), name, ip, ip, group, candidate,
                false, false, true, true, Instant.now(), Instant.now());
        curator.create().forPath(bus.paths().node(n.uuid()), Json.bytes(n));
        return n.uuid();
    }

    @AfterEach
    void close() throws Exception {
        if (master != null) {
            master.close();
        }
        if (jobs != null) {
            jobs.close();
        }
        if (curator != null) {
            curator.close();
        }
    }

    @Test
    void rolesFollowGanetisRulesAndRefusalsChangeNothing() throws Exception {
        cluster(true);
        JobState refused = run(OpNodeSetParams.role("n1", null, true, null, false));
        assertPrereq(refused, "wrong_state", "Not enough master candidates");
        assertEquals("C", node("n1").role(), "a refused demotion leaves the node a candidate");
        assertEquals("R", node("n3").role());

        JobState drained = run(OpNodeSetParams.role("n1", null, true, null, true));
        assertEquals(JobStatus.SUCCESS, drained.status(), drained.toString());
        String changes = drained.ops().get(0).result().toString();
        assertTrue(changes.contains("[\"drained\",\"True\"]"), changes);
        assertTrue(changes.contains("[\"master_candidate\",\"auto-demotion due to drain\"]"), changes);
        assertEquals("D", node("n1").role());
        assertEquals("C", node("n3").role(), "n3 was promoted in n1's place");

        PluginException both = assertThrows(PluginException.class,
                () -> jobs.submit(OpNodeSetParams.role("n1", true, null, true, false)));
        assertTrue(both.getMessage().contains("more than one state"), both.getMessage());

        JobState undrained = run(OpNodeSetParams.role("n1", null, false, null, false));
        assertEquals(JobStatus.SUCCESS, undrained.status(), undrained.toString());
        assertEquals("R", node("n1").role(), "the pool is full, so n1 comes back as a regular node");

        assertEquals(JobStatus.SUCCESS, run(OpNodeSetParams.role("n1", null, null, true, false)).status());
        assertEquals("O", node("n1").role());
        JobState noRpc = run(new OpTestDelay(0.0, false, List.of("n1"), null, 0, null, false, null));
        assertPrereq(noRpc, "wrong_state", "Node 'n1' is offline");
        JobState dead = run(OpNodeSetParams.role("n1", null, null, false, false));
        assertPrereq(dead, "wrong_state", "is being de-offlined but fails to respond");
        assertEquals("O", node("n1").role(), "no node service answered, so n1 stays offline");

        JobState badNd = run(new OpNodeSetParams("n3", null, null, null, null, null, null, null, null, null, null, null,
                Map.of("ssh_prot", 22), null));
        assertPrereq(badNd, "wrong_input", "Unknown node parameter 'ssh_prot'");
        JobState nd = run(new OpNodeSetParams("n3", null, null, null, null, null, null, null, null, null, null, null,
                Map.of("ssh_port", "2222"), null));
        assertEquals(JobStatus.SUCCESS, nd.status(), nd.toString());
        assertEquals(2222L, ((Number) node("n3").ndparams().get("ssh_port")).longValue());

        JobState sip = run(new OpNodeSetParams("n3", null, null, null, null, null, null, null, null, null, null,
                "192.0.2.2", null, null));
        assertPrereq(sip, "resource_not_unique", "192.0.2.2");
        assertEquals("192.0.2.3", node("n3").secondaryIp());

        JobState vm = run(new OpNodeSetParams("n2", null, null, null, null, null, null, null, null, null, false, null,
                null, null));
        assertPrereq(vm, "wrong_state", "hosts instances (web1)");
        assertTrue(node("n2").vmCapable());
    }

    @Test
    void theLastMasterCandidateCannotGo() throws Exception {
        cluster(false);
        seed("solo", "192.0.2.9", true);
        master.close();
        master = new Coordinator(bus, "m1b", 8).start();
        JobState r = run(OpNodeSetParams.role("solo", false, null, null, true));
        assertPrereq(r, "wrong_state", "last master candidate");
        assertEquals("C", node("solo").role());
    }

    @Test
    void removalIsRefusedWhileInstancesUseTheNode() throws Exception {
        cluster(true);
        JobState busy = run(OpNodeRemove.of("n2"));
        assertPrereq(busy, "wrong_state", "Instance web1 is still running on the node");
        assertEquals("n2", node("n2").name());
        assertPrereq(run(OpNodeRemove.of("ghost")), "unknown_entity", "Node 'ghost' not known");

        JobState removed = run(OpNodeRemove.of("n1"));
        assertEquals(JobStatus.SUCCESS, removed.status(), removed.toString());
        assertTrue(nodes().stream().noneMatch(n -> n.name().equals("n1")), "n1 is gone from ZooKeeper");
        assertEquals("C", node("n3").role(), "n3 took n1's place in the candidate pool");
    }

    @Test
    void nodesAreAddedAndReaddedOverTheBus() throws Exception {
        cluster(false);
        try (FakeNode a = new FakeNode(bus, curator, "fa", "198.51.100.1");
             FakeNode b = new FakeNode(bus, curator, "fb", "198.51.100.2")) {
            assertEquals(JobStatus.SUCCESS, run(OpNodeAdd.of("fa", "198.51.100.1")).status());
            assertEquals("C", node("fa").role(), "the pool is short, so the new node is a candidate");
            assertPrereq(run(OpNodeAdd.of("fa", "198.51.100.7")), "already_exists", "already in the configuration");
            assertPrereq(run(OpNodeAdd.of("fb", "198.51.100.1")), "resource_not_unique", "conflict with existing node fa");
            assertEquals(1, nodes().size(), "refused adds added nothing");

            String uuid = node("fa").uuid();
            assertEquals(JobStatus.SUCCESS, run(OpNodeAdd.of("fb", "198.51.100.2")).status());
            assertEquals(JobStatus.SUCCESS, run(OpNodeSetParams.role("fa", null, null, true, true)).status());
            assertEquals("O", node("fa").role());
            assertEquals(JobStatus.SUCCESS, run(OpNodeSetParams.role("fa", null, null, false, false)).status());
            assertEquals("C", node("fa").role(), "a live node comes back online, and into the short pool");
            assertEquals(JobStatus.SUCCESS, run(OpNodeSetParams.role("fa", null, null, true, true)).status());
            OpNodeAdd readd = new OpNodeAdd("fa", null, null, null, null, true, null, null, null, null, null);
            JobState back = run(readd);
            assertEquals(JobStatus.SUCCESS, back.status(), back.toString());
            assertEquals(uuid, node("fa").uuid(), "a re-added node keeps its UUID");
            assertEquals("C", node("fa").role(), "online again, and the pool (2) is short, so a candidate again");
            assertPrereq(run(new OpNodeAdd("fz", null, null, null, null, true, null, null, null, null, null)),
                    "unknown_entity", "not in the configuration");
        }
    }

    @Test
    void clusterParametersAreCheckedAndApplied() throws Exception {
        cluster(true);
        ClusterConfig before = cluster();
        JobState typo = run(new OpClusterSetParams(null, null, null, Map.of("maxmen", 256), null, null, null, null));
        assertPrereq(typo, "wrong_input", "Unknown backend parameter 'maxmen'");
        JobState used = run(new OpClusterSetParams(null, List.of("kvm"), null, null, null, null, null, null));
        assertPrereq(used, "wrong_state", "Cannot disable hypervisor 'fake', because instance web1 uses it");
        PluginException zero = assertThrows(PluginException.class,
                () -> jobs.submit(new OpClusterSetParams(null, null, null, null, 0, null, null, null)));
        assertTrue(zero.getMessage().contains("candidate_pool_size"), zero.getMessage());
        Exception unknown = assertThrows(Exception.class, () -> jobs.submitJson(List.of(
                Json.MAPPER.readTree("{\"OP_ID\": \"OP_CLUSTER_SET_PARAMS\", \"vg_name\": \"xenvg\"}")), 0, null).get());
        assertTrue(String.valueOf(unknown.getMessage()).contains("vg_name"), unknown.getMessage());
        assertEquals(before.beparams(), cluster().beparams(), "refusals changed nothing");

        JobState ok = run(new OpClusterSetParams(null, null, Map.of("fake", Map.of("migration_mode", "live")),
                Map.of("maxmem", "1G", "vcpus", 2), 3, null, "hail", null));
        assertEquals(JobStatus.SUCCESS, ok.status(), ok.toString());
        ClusterConfig after = cluster();
        assertEquals(1024, ((Number) after.beparams().get("maxmem")).intValue());
        assertEquals(2, ((Number) after.beparams().get("vcpus")).intValue());
        assertEquals(128, ((Number) after.beparams().get("minmem")).intValue(), "other keys kept");
        assertEquals("live", after.hvparams().get("fake").get("migration_mode"));
        assertEquals(3, after.candidatePoolSize());
        assertEquals("C", node("n3").role(), "a bigger pool promotes the regular node");
    }

    @Test
    void theMasterStepsDownOnRequest() throws Exception {
        cluster(false);
        MasterHandover handover = new MasterHandover(curator, bus.paths());
        awaitMaster();
        PluginException alone = assertThrows(PluginException.class, () -> handover.failover(Duration.ofSeconds(5)));
        assertTrue(alone.getMessage().contains("No other master candidate"), alone.getMessage());
        try (Coordinator standby = new Coordinator(bus, "m2", 8).start()) {
            while (handover.candidates().size() < 2) {
                Thread.sleep(100);
            }
            String now = handover.failover(Duration.ofSeconds(30));
            assertEquals("m2", now);
            assertNull(curator.checkExists().forPath(bus.paths().masterFailover()), "the request was consumed");
            JobState j = jobs.awaitFinal(jobs.submit(OpTestDelay.of(0)).get(), Duration.ofSeconds(60)).get().orElseThrow();
            assertEquals(JobStatus.SUCCESS, j.status());
            assertTrue(standby.isMaster());
            assertNotEquals("m1", handover.master());
        }
    }

    private void awaitMaster() throws InterruptedException {
        for (int i = 0; i < 300 && !master.isMaster(); i++) {
            Thread.sleep(100);
        }
        assertTrue(master.isMaster());
    }

    private JobState run(OpCode op) throws Exception {
        long id = jobs.submit(op).get();
        return jobs.awaitFinal(id, Duration.ofSeconds(60)).get().orElseThrow(() -> new AssertionError("job " + id));
    }

    private static void assertPrereq(JobState j, String ecode, String text) {
        assertEquals(JobStatus.ERROR, j.status(), j.toString());
        JsonNode r = j.ops().get(0).result();
        assertEquals("OpPrereqError", r.get(0).asText(), r.toString());
        assertTrue(r.toString().contains(ecode), r.toString());
        assertTrue(r.toString().contains(text), r.toString());
    }

    private ClusterConfig cluster() throws Exception {
        return Json.read(curator.getData().forPath(bus.paths().clusterConfig()), ClusterConfig.class);
    }

    private List<NodeConfig> nodes() throws Exception {
        List<NodeConfig> out = new java.util.ArrayList<>();
        for (String c : curator.getChildren().forPath(bus.paths().nodes())) {
            out.add(Json.read(curator.getData().forPath(bus.paths().node(c)), NodeConfig.class));
        }
        return out;
    }

    private NodeConfig node(String name) throws Exception {
        return nodes().stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no node " + name));
    }
}
