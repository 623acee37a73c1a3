package org.gnt.coordinator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.gnt.bus.config.RapiCertificate;
import org.gnt.bus.job.JobClient;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.opcode.OpClusterDestroy;
import org.gnt.bus.opcode.OpClusterRedistConf;
import org.gnt.bus.opcode.OpClusterRename;
import org.gnt.bus.opcode.OpClusterSetParams;
import org.gnt.bus.opcode.OpCode;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.testkit.BusServersExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OP_CLUSTER_SET_PARAMS with the instance policy, nic, disk and OS parameters, OP_CLUSTER_RENAME,
 * OP_CLUSTER_REDIST_CONF and OP_CLUSTER_DESTROY through the real job path (Kafka, ZooKeeper, an
 * in-process master). Every refusal is checked to leave the cluster znode byte for byte unchanged.
 */
class ClusterLifecycleIT {
    @RegisterExtension
    static final BusServersExtension servers = new BusServersExtension();

    BusConfig bus;
    CuratorFramework curator;
    JobClient jobs;
    Coordinator master;
    String group;

    void cluster(int nodes, boolean withInstance) throws Exception {
        bus = new BusConfig(servers.bootstrapServers(), servers.zkConnect(), "cl" + System.nanoTime() % 1000000);
        curator = BusClients.curator(bus);
        TopicAdmin.ensureClusterTopics(bus);
        ClusterInit.init(curator, bus.paths(), "cl.example.com", List.of("fake"), List.of("file", "diskless"),
                Map.of(), Map.of(), "/tmp");
        RapiCertificate.ensure(curator, bus.paths(), "cl.example.com");
        group = curator.getChildren().forPath(bus.paths().groups()).get(0);
        String first = null;
        for (int n = 1; n <= nodes; n++) {
            NodeConfig node = new NodeConfig(NodeConfig.VERSION, UUID.randomUUID().toString(), "n" + n,
                    "192.0.2." + n, "192.0.2." + n, group, true, false, false, true, true, Instant.now(), Instant.now());
            curator.create().forPath(bus.paths().node(node.uuid()), Json.bytes(node));
            first = first == null ? node.uuid() : first;
        }
        if (withInstance) {
            InstanceConfig i = new InstanceConfig(InstanceConfig.VERSION, UUID.randomUUID().toString(), "web1", first,
                    "noop", "fake", Map.of(), Map.of(), Map.of(), "diskless", List.of(), List.of(), "down", "admin",
                    List.of(), Instant.now(), Instant.now(), 1);
            curator.create().forPath(bus.paths().instance(i.uuid()), Json.bytes(i));
        }
        jobs = new JobClient(bus, curator);
        master = new Coordinator(bus, "m1", 8).start();
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
    void newParametersMergeAndAreStored() throws Exception {
        cluster(0, false);
        ClusterConfig before = cluster();
        assertEquals(List.of("diskless", "file"), before.ipolicy().get("disk-templates"),
                "the default ipolicy allows only the enabled templates, as Ganeti's init");
        assertEquals(Map.of("mode", "bridged", "link", "xen-br0", "vlan", ""), before.nicparams());
        JobState ok = run(setParams(Map.of("std", Map.of("memory-size", "256"), "vcpu-ratio", 2),
                Map.of("mode", "routed", "link", "100"), Map.of("drbd", Map.of("resync-rate", "1000")),
                Map.of("debootstrap", Map.of("dist", "bookworm")), true));
        assertEquals(JobStatus.SUCCESS, ok.status(), ok.toString());
        ClusterConfig c = cluster();
        Map<?, ?> std = (Map<?, ?>) c.ipolicy().get("std");
        assertEquals(256, ((Number) std.get("memory-size")).intValue());
        assertEquals(1, ((Number) std.get("cpu-count")).intValue(), "std merges key by key");
        assertEquals(2.0, ((Number) c.ipolicy().get("vcpu-ratio")).doubleValue());
        assertEquals(before.ipolicy().get("minmax").toString(), c.ipolicy().get("minmax").toString());
        assertEquals("routed", c.nicparams().get("mode"));
        assertEquals("100", c.nicparams().get("link"));
        assertEquals(1000, ((Number) c.diskparams().get("drbd").get("resync-rate")).intValue());
        assertEquals("C", c.diskparams().get("drbd").get("protocol"), "other drbd parameters keep their defaults");
        assertEquals(1, ((Number) c.diskparams().get("plain").get("stripes")).intValue());
        assertEquals(Map.of("dist", "bookworm"), c.osparams().get("debootstrap"));
        assertTrue(c.maintainNodeHealth());

        JobState reset = run(setParams(null, Map.of("link", "default", "mode", "default"),
                Map.of("drbd", Map.of("resync-rate", "default")), Map.of("debootstrap", Map.of("dist", "default")), null));
        assertEquals(JobStatus.SUCCESS, reset.status(), reset.toString());
        c = cluster();
        assertEquals(Map.of("mode", "bridged", "link", "xen-br0", "vlan", ""), c.nicparams(), "default restores");
        assertEquals(61440, ((Number) c.diskparams().get("drbd").get("resync-rate")).intValue());
        assertFalse(c.osparams().containsKey("debootstrap"), "an OS left without parameters is dropped");
    }

    @Test
    void refusalsNameTheFieldAndChangeNothing() throws Exception {
        cluster(0, false);
        byte[] before = curator.getData().forPath(bus.paths().clusterConfig());

        PluginException unknownKey = assertThrows(PluginException.class,
                () -> jobs.submit(setParams(Map.of("max-memory", 1), null, null, null, null)));
        assertEquals(ErrorKind.INVAL, unknownKey.kind());
        assertTrue(unknownKey.getMessage().contains("ipolicy") && unknownKey.getMessage().contains("max-memory"),
                unknownKey.getMessage());
        PluginException unknownNic = assertThrows(PluginException.class,
                () -> jobs.submit(setParams(null, Map.of("bridge_name", "br0"), null, null, null)));
        assertTrue(unknownNic.getMessage().contains("bridge_name"), unknownNic.getMessage());
        PluginException unknownDisk = assertThrows(PluginException.class,
                () -> jobs.submit(setParams(null, null, Map.of("plain", Map.of("stripez", 2)), null, null)));
        assertTrue(unknownDisk.getMessage().contains("stripez"), unknownDisk.getMessage());

        assertPrereq(run(setParams(Map.of("std", Map.of("memory-size", "lots")), null, null, null, null)),
                "ipolicy/std/memory-size");
        assertPrereq(run(setParams(Map.of("minmax", List.of(Map.of("min", spec(8), "max", spec(4)))), null, null,
                null, null)), "is larger than max");
        assertPrereq(run(setParams(Map.of("std", Map.of("memory-size", 65536)), null, null, null, null)),
                "within the min/max bounds");
        assertPrereq(run(setParams(Map.of("disk-templates", List.of("drbd")), null, null, null, null)),
                "not enabled on the cluster");
        assertPrereq(run(setParams(Map.of("vcpu-ratio", "default"), null, null, null, null)),
                "can't unset");
        assertPrereq(run(setParams(null, Map.of("mode", "tunnel"), null, null, null)), "nicparams/mode");
        assertArrayEquals(before, curator.getData().forPath(bus.paths().clusterConfig()), "nothing was written");
    }

    @Test
    void renameChangesTheNameOnly() throws Exception {
        cluster(0, false);
        ClusterConfig before = cluster();
        JobState ok = run(new OpClusterRename("renamed.example.com"));
        assertEquals(JobStatus.SUCCESS, ok.status(), ok.toString());
        assertEquals("renamed.example.com", ok.ops().get(0).result().asText());
        ClusterConfig after = cluster();
        assertEquals("renamed.example.com", after.name());
        assertEquals(before.uuid(), after.uuid());
        assertEquals(before.ipolicy(), after.ipolicy());
        JobState same = run(new OpClusterRename("renamed.example.com"));
        assertEquals(JobStatus.ERROR, same.status());
        assertTrue(same.ops().get(0).result().toString().contains("already called"), same.toString());
        assertThrows(PluginException.class, () -> jobs.submit(new OpClusterRename("bad name")));
    }

    @Test
    void redistConfWritesTheMastersCopyBack() throws Exception {
        cluster(2, false);
        run(new OpClusterRename("warm.example.com")); // the master has loaded the config
        String n1 = curator.getChildren().forPath(bus.paths().nodes()).get(0);
        byte[] good = curator.getData().forPath(bus.paths().node(n1));
        NodeConfig n = Json.read(good, NodeConfig.class);
        // a change behind the master's back (a hand edit): redist-conf must undo it
        NodeConfig edited = new NodeConfig(n.v(), n.uuid(), "hand-edited", n.primaryIp(), n.secondaryIp(), n.group(),
                n.masterCandidate(), n.drained(), n.offline(), n.masterCapable(), n.vmCapable(), n.ctime(), n.mtime());
        curator.setData().forPath(bus.paths().node(n1), Json.bytes(edited));
        int clusterVersion = curator.checkExists().forPath(bus.paths().clusterConfig()).getVersion();

        JobState ok = run(new OpClusterRedistConf());
        assertEquals(JobStatus.SUCCESS, ok.status(), ok.toString());
        assertEquals(n.name(), Json.read(curator.getData().forPath(bus.paths().node(n1)), NodeConfig.class).name());
        assertEquals(clusterVersion + 1, curator.checkExists().forPath(bus.paths().clusterConfig()).getVersion(),
                "every object is rewritten");
        assertTrue(ok.toString().contains("configuration objects"), ok.toString());
    }

    @Test
    void destroyIsRefusedWhileInstancesOrNodesRemain() throws Exception {
        cluster(3, true);
        byte[] before = curator.getData().forPath(bus.paths().clusterConfig());
        JobState withInstance = run(new OpClusterDestroy());
        assertPrereq(withInstance, "instance(s)");
        assertTrue(withInstance.ops().get(0).result().toString().contains("web1"));
        assertArrayEquals(before, curator.getData().forPath(bus.paths().clusterConfig()));
        assertEquals(1, curator.getChildren().forPath(bus.paths().instances()).size());
    }

    @Test
    void destroyRefusedWithTwoNodesThenRemovesTheConfig() throws Exception {
        cluster(2, false);
        JobState twoNodes = run(new OpClusterDestroy());
        assertPrereq(twoNodes, "node(s)");
        assertEquals(2, curator.getChildren().forPath(bus.paths().nodes()).size());
        close();

        cluster(1, false);
        JobState ok = run(new OpClusterDestroy());
        assertEquals(JobStatus.SUCCESS, ok.status(), ok.toString());
        assertEquals("cl.example.com", ok.ops().get(0).result().asText());
        assertNull(curator.checkExists().forPath(bus.paths().config()), "the config tree is gone");
        assertNull(curator.checkExists().forPath(bus.paths().rapiCertificate()), "the RAPI certificate is gone");
        assertFalse(ClusterInit.isInitialised(curator, bus.paths()));
        JobState after = run(new OpClusterRename("zombie.example.com"));
        assertEquals(JobStatus.ERROR, after.status());
        assertTrue(after.toString().contains("destroyed"), after.toString());
        ClusterInit.init(curator, bus.paths(), "again.example.com", List.of("fake"), List.of("diskless"), Map.of(),
                Map.of(), "/tmp");
        assertEquals("again.example.com", cluster().name(), "a new init works after destroy");
    }

    private static OpClusterSetParams setParams(Map<String, Object> ipolicy, Map<String, Object> nic,
                                                Map<String, Map<String, Object>> disk,
                                                Map<String, Map<String, Object>> os, Boolean health) {
        return new OpClusterSetParams(null, null, null, null, null, null, null, null, ipolicy, nic, disk, os, health);
    }

    private static Map<String, Object> spec(int n) {
        return Map.of("cpu-count", n, "disk-count", n, "disk-size", n * 1024, "memory-size", n * 128, "nic-count", n,
                "spindle-use", n);
    }

    private JobState run(OpCode op) throws Exception {
        long id = jobs.submit(op).get();
        return jobs.awaitFinal(id, Duration.ofSeconds(60)).get().orElseThrow(() -> new AssertionError("job " + id));
    }

    private static void assertPrereq(JobState j, String text) {
        assertEquals(JobStatus.ERROR, j.status(), j.toString());
        JsonNode r = j.ops().get(0).result();
        assertEquals("OpPrereqError", r.get(0).asText(), r.toString());
        assertTrue(r.toString().contains(text), r.toString());
    }

    private ClusterConfig cluster() throws Exception {
        return Json.read(curator.getData().forPath(bus.paths().clusterConfig()), ClusterConfig.class);
    }
}
