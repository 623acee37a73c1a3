package org.gnt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.curator.framework.CuratorFramework;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.bus.config.ClusterConfig;
import org.gnt.bus.config.ClusterInit;
import org.gnt.bus.config.InstanceConfig;
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
 * gnt-cluster init/info/modify with the instance policy, -N, -D and --specs-* options, and
 * rename, redist-conf and destroy, against embedded Kafka and ZooKeeper with an in-process
 * coordinator. Refusals are checked to name the option and key and to leave the config unchanged.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterParamsCliIT {
    @RegisterExtension
    static final BusServersExtension SERVERS = new BusServersExtension();

    @TempDir
    static Path dir;

    static BusConfig bus;
    static Path conf;
    static CuratorFramework curator;
    static Coordinator coordinator;

    static CliRun gnt(String program, String... args) {
        return CliRun.run(conf, dir, "", program, args);
    }

    @BeforeAll
    static void setUp() throws Exception {
        bus = new BusConfig(SERVERS.bootstrapServers(), SERVERS.zkConnect(), "paramcli");
        conf = dir.resolve("gnt.conf");
        bus.store(conf);
        curator = BusClients.curator(bus);
    }

    @AfterAll
    static void stop() throws Exception {
        if (coordinator != null) {
            coordinator.close();
        }
        curator.close();
    }

    @Test
    @Order(1)
    void initRefusesBadParametersAndWritesNothing() {
        refused(gnt("gnt-cluster", "init", "--enabled-hypervisors", "fake", "-N", "bridge=br0", "p.example.com"),
                "--nic-parameters", "bridge");
        refused(gnt("gnt-cluster", "init", "--enabled-hypervisors", "fake", "-D", "drbd:resync=1", "p.example.com"),
                "--disk-parameters drbd", "resync");
        refused(gnt("gnt-cluster", "init", "--enabled-hypervisors", "fake", "--ipolicy-std-specs", "memory=128",
                "p.example.com"), "--ipolicy-std-specs", "memory");
        refused(gnt("gnt-cluster", "init", "--enabled-hypervisors", "fake", "--specs-mem-size", "min=4096,max=1024",
                "p.example.com"), "ipolicy/minmax", "memory-size");
        refused(gnt("gnt-cluster", "init", "--enabled-hypervisors", "fake", "--specs-cpu-count", "avg=2",
                "p.example.com"), "--specs-cpu-count", "avg");
        refused(gnt("gnt-cluster", "init", "--enabled-hypervisors", "fake", "--ipolicy-std-specs", "disk-size=x",
                "p.example.com"), "ipolicy/std/disk-size", "x");
        refused(gnt("gnt-cluster", "init", "--enabled-hypervisors", "fake", "--enabled-disk-templates", "diskless",
                "--ipolicy-disk-templates", "drbd", "p.example.com"), "ipolicy/disk-templates", "drbd");
        assertFalse(ClusterInit.isInitialised(curator, bus.paths()), "no refused init wrote anything");
    }

    @Test
    @Order(2)
    void initTakesEveryParameterAndInfoShowsThem() throws Exception {
        CliRun init = gnt("gnt-cluster", "init", "--enabled-hypervisors", "fake", "--enabled-disk-templates",
                "file,diskless", "-N", "mode=bridged,link=br0", "-D", "drbd:resync-rate=2000,protocol=B",
                "--specs-mem-size", "min=64,max=4096,std=256", "--specs-cpu-count", "max=4",
                "--ipolicy-vcpu-ratio", "3", "--ipolicy-spindle-ratio", "16", "--ipolicy-disk-templates", "diskless",
                "--maintain-node-health", "yes", "-C", "3", "p.example.com");
        assertEquals(0, init.rc(), init.toString());
        ClusterConfig c = cluster();
        assertEquals("br0", c.nicparams().get("link"));
        assertEquals(List.of("diskless"), c.ipolicy().get("disk-templates"));
        assertEquals(3, c.candidatePoolSize());
        String o = ok(gnt("gnt-cluster", "info")).out();
        assertTrue(o.contains("Default nic parameters:\n  default:\n    link: br0\n    mode: bridged\n    vlan: \n"), o);
        assertTrue(o.contains("  drbd:\n    c-delay-target: 1\n"), o);
        assertTrue(o.contains("    protocol: B\n    resync-rate: 2000\n"), o);
        assertTrue(o.contains("Instance policy - limits for instances:\n  bounds specs:\n    - max/0:\n"
                + "          cpu-count: 4\n"), o);
        assertTrue(o.contains("          memory-size: 4096\n"), o);
        assertTrue(o.contains("      min/0:\n          cpu-count: 1\n"), o);
        assertTrue(o.contains("  std:\n    cpu-count: 1\n    disk-count: 1\n    disk-size: 1024\n    memory-size: 256\n"), o);
        assertTrue(o.contains("  allowed disk templates: diskless\n  vcpu-ratio: 3\n  spindle-ratio: 16\n"), o);
        assertTrue(o.contains("  maintenance of node health: True\n"), o);
    }

    @Test
    @Order(3)
    void modifyMergesAndRefusesByName() throws Exception {
        String group = curator.getChildren().forPath(bus.paths().groups()).get(0);
        assertNotEquals(null, group);
        InstanceConfig i = new InstanceConfig(InstanceConfig.VERSION, UUID.randomUUID().toString(), "web1",
                UUID.randomUUID().toString(), "noop", "fake", Map.of(), Map.of(), Map.of(), "diskless", List.of(),
                List.of(), "down", "admin", List.of(), Instant.now(), Instant.now(), 1);
        curator.create().forPath(bus.paths().instance(i.uuid()), Json.bytes(i));
        coordinator = new Coordinator(bus, "param-master", 4).start();

        ok(gnt("gnt-cluster", "modify", "--ipolicy-std-specs", "cpu-count=2", "-N", "vlan=.100",
                "-D", "plain:stripes=2", "--maintain-node-health", "no"));
        ClusterConfig c = cluster();
        assertEquals(2, ((Number) ((Map<?, ?>) c.ipolicy().get("std")).get("cpu-count")).intValue());
        assertEquals(256, ((Number) ((Map<?, ?>) c.ipolicy().get("std")).get("memory-size")).intValue(),
                "the other std specs stay");
        assertEquals(".100", c.nicparams().get("vlan"));
        assertEquals("br0", c.nicparams().get("link"));
        assertEquals(2, ((Number) c.diskparams().get("plain").get("stripes")).intValue());
        assertFalse(c.maintainNodeHealth());

        byte[] before = curator.getData().forPath(bus.paths().clusterConfig());
        refused(gnt("gnt-cluster", "modify", "-N", "speed=10"), "--nic-parameters", "speed");
        refused(gnt("gnt-cluster", "modify", "--ipolicy-bounds-specs",
                "min:cpu-count=1,disk-count=1,disk-size=1,memory-size=512,nic-count=1,spindle-use=1"
                        + "//max:cpu-count=4,disk-count=4,disk-size=4,memory-size=256,nic-count=4,spindle-use=4"),
                "ipolicy/minmax", "larger than max");
        refused(gnt("gnt-cluster", "modify", "--ipolicy-vcpu-ratio", "many"), "ipolicy/vcpu-ratio", "many");
        assertArrayEquals(before, curator.getData().forPath(bus.paths().clusterConfig()), "refusals wrote nothing");
    }

    @Test
    @Order(4)
    void renameAndRedistConf() throws Exception {
        ok(gnt("gnt-cluster", "rename", "-f", "q.example.com"));
        assertEquals("q.example.com", cluster().name());
        assertTrue(gnt("gnt-cluster", "info").out().contains("Cluster name: q.example.com\n"));
        int version = curator.checkExists().forPath(bus.paths().clusterConfig()).getVersion();
        ok(gnt("gnt-cluster", "redist-conf"));
        assertEquals(version + 1, curator.checkExists().forPath(bus.paths().clusterConfig()).getVersion());
        assertEquals("q.example.com", cluster().name());
    }

    @Test
    @Order(5)
    void destroyNeedsYesDoItAndNoInstances() throws Exception {
        CliRun no = gnt("gnt-cluster", "destroy");
        assertNotEquals(0, no.rc());
        assertTrue(no.err().contains("--yes-do-it"), no.toString());
        CliRun busy = gnt("gnt-cluster", "destroy", "--yes-do-it");
        assertNotEquals(0, busy.rc());
        assertTrue(busy.err().contains("There are still 1 instance(s)"), busy.toString());
        assertTrue(ClusterInit.isInitialised(curator, bus.paths()));

        String web1 = curator.getChildren().forPath(bus.paths().instances()).get(0);
        coordinator.close(); // the instance is removed behind the master's back; a new master reads it gone
        curator.delete().forPath(bus.paths().instance(web1));
        coordinator = new Coordinator(bus, "param-master2", 4).start();
        CliRun done = gnt("gnt-cluster", "destroy", "--yes-do-it");
        assertEquals(0, done.rc(), done.toString());
        assertTrue(done.out().contains("Cluster destroyed"), done.out());
        assertFalse(ClusterInit.isInitialised(curator, bus.paths()));
        assertNotEquals(0, gnt("gnt-cluster", "info").rc(), "no cluster to show");
    }

    private static ClusterConfig cluster() throws Exception {
        return Json.read(curator.getData().forPath(bus.paths().clusterConfig()), ClusterConfig.class);
    }

    private static CliRun ok(CliRun r) {
        assertEquals(0, r.rc(), r.toString());
        return r;
    }

    private static void refused(CliRun r, String option, String key) {
        assertNotEquals(0, r.rc(), r.toString());
        assertTrue(r.err().contains(option) && r.err().contains(key), r.toString());
    }
}
