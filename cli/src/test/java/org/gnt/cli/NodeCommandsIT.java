package org.gnt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
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
 * gnt-node modify/remove/info/list and gnt-cluster modify/master-failover against embedded Kafka and
 * ZooKeeper with an in-process coordinator. Nodes n1 and n2 (master candidates) and n3 are written
 * to ZooKeeper before the master starts, with instance web1 on n2: no node services are needed
 * because none of these commands talks to a node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeCommandsIT {
    @RegisterExtension
    static final BusServersExtension SERVERS = new BusServersExtension();

    @TempDir
    static Path dir;

    static Path conf;
    static CuratorFramework curator;
    static Coordinator coordinator;

    static CliRun gnt(String program, String... args) {
        return CliRun.run(conf, dir, "", program, args);
    }

    @BeforeAll
    static void cluster() throws Exception {
        BusConfig bus = new BusConfig(SERVERS.bootstrapServers(), SERVERS.zkConnect(), "nodecli");
        conf = dir.resolve("gnt.conf");
        bus.store(conf);
        CliRun init = gnt("gnt-cluster", "init", "--enabled-hypervisors", "fake", "--enabled-disk-templates",
                "file,diskless", "nodecli.example.com");
        assertEquals(0, init.rc(), init.toString());
        curator = BusClients.curator(bus);
        String group = curator.getChildren().forPath(bus.paths().groups()).get(0);
        String n2 = null;
        for (String name : List.of("n1", "n2", "n3")) {
            NodeConfig n = new NodeConfig(NodeConfig.VERSION, UUID.randomUUID().toString(), name,
                    "192.0.2." + name.charAt(1), "192.0.2." + name.charAt(1), group, !name.equals("n3"), false, false,
                    true, true, Instant.now(), Instant.now());
            curator.create().forPath(bus.paths().node(n.uuid()), Json.bytes(n));
            n2 = name.equals("n2") ? n.uuid() : n2;
        }
        InstanceConfig i = new InstanceConfig(InstanceConfig.VERSION, UUID.randomUUID().toString(), "web1", n2, "noop",
                "fake", Map.of(), Map.of(), Map.of(), "diskless", List.of(), List.of(), "down", "admin", List.of(),
                Instant.now(), Instant.now(), 1);
        curator.create().forPath(bus.paths().instance(i.uuid()), Json.bytes(i));
        coordinator = new Coordinator(bus, "cli-master", 4).start();
    }

    @AfterAll
    static void stop() throws Exception {
        coordinator.close();
        curator.close();
    }

    private static String roles() {
        CliRun r = gnt("gnt-node", "list", "--no-headers", "-o", "name,role");
        assertEquals(0, r.rc(), r.toString());
        return r.out().replaceAll(" +", " ");
    }

    @Test
    @Order(1)
    void listShowsRolesAndFlags() {
        CliRun r = gnt("gnt-node", "list", "--no-headers", "--separator", "|", "-o",
                "name,role,pinst_cnt,sinst_cnt,master_candidate,drained,offline,master_capable,vm_capable");
        assertEquals(0, r.rc(), r.toString());
        assertEquals("n1|C|0|0|Y|N|N|Y|Y\nn2|C|1|0|Y|N|N|Y|Y\nn3|R|0|0|N|N|N|Y|Y\n", r.out());
    }

    @Test
    @Order(2)
    void clusterModifyChecksAndApplies() {
        CliRun typo = gnt("gnt-cluster", "modify", "-B", "maxmen=512");
        assertEquals(1, typo.rc(), typo.toString());
        assertTrue(typo.err().contains("Unknown backend parameter 'maxmen'"), typo.err());
        CliRun used = gnt("gnt-cluster", "modify", "--enabled-hypervisors", "kvm");
        assertEquals(1, used.rc(), used.toString());
        assertTrue(used.err().contains("Cannot disable hypervisor 'fake', because instance web1 uses it"), used.err());
        CliRun nothing = gnt("gnt-cluster", "modify");
        assertEquals(1, nothing.rc(), nothing.toString());
        assertTrue(nothing.err().contains("Please give at least one of the parameters."), nothing.err());

        CliRun ok = gnt("gnt-cluster", "modify", "-C", "2", "-B", "maxmem=512");
        assertEquals(0, ok.rc(), ok.toString());
        CliRun info = gnt("gnt-cluster", "info");
        assertTrue(info.out().contains("candidate pool size: 2\n"), info.out());
        assertTrue(info.out().contains("    maxmem: 512\n"), info.out());
    }

    @Test
    @Order(3)
    void modifyFollowsTheCandidatePoolRules() {
        CliRun short1 = gnt("gnt-node", "modify", "-D", "yes", "n1");
        assertEquals(1, short1.rc(), short1.toString());
        assertTrue(short1.err().contains("Not enough master candidates"), short1.err());
        assertTrue(short1.err().contains("--auto-promote"), short1.err());
        assertEquals("n1 C\nn2 C\nn3 R\n", roles(), "the refused job changed nothing");

        CliRun both = gnt("gnt-node", "modify", "-C", "yes", "-O", "yes", "n1");
        assertEquals(1, both.rc(), both.toString());
        assertTrue(both.err().contains("more than one state"), both.err());
        CliRun none = gnt("gnt-node", "modify", "n1");
        assertEquals(1, none.rc(), none.toString());

        CliRun ok = gnt("gnt-node", "modify", "-D", "yes", "--auto-promote", "n1");
        assertEquals(0, ok.rc(), ok.toString());
        assertTrue(ok.out().contains("Modified node n1\n"), ok.out());
        assertTrue(ok.out().contains(" - drained -> True\n"), ok.out());
        assertTrue(ok.out().contains(" - master_candidate -> auto-demotion due to drain\n"), ok.out());
        assertEquals("n1 D\nn2 C\nn3 C\n", roles());

        CliRun nd = gnt("gnt-node", "modify", "--node-parameters", "ssh_port=2222", "n3");
        assertEquals(0, nd.rc(), nd.toString());
        CliRun badNd = gnt("gnt-node", "modify", "--node-parameters", "ssh_prot=22", "n3");
        assertEquals(1, badNd.rc(), badNd.toString());
        assertTrue(badNd.err().contains("Unknown node parameter 'ssh_prot'"), badNd.err());
    }

    @Test
    @Order(4)
    void infoUsesGanetisLayout() {
        CliRun r = gnt("gnt-node", "info", "n2", "n3");
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().startsWith("Node name: n2\n  primary ip: 192.0.2.2\n  secondary ip: 192.0.2.2\n"
                + "  master candidate: True\n  drained: False\n  offline: False\n  master_capable: True\n"
                + "  vm_capable: True\n  primary for instances:\n    - web1\n  secondary for instances:\n"
                + "  node parameters:\n"), r.out());
        assertTrue(r.out().contains("Node name: n3\n"), r.out());
        assertTrue(r.out().contains("    ssh_port: 2222\n"), r.out());
        CliRun missing = gnt("gnt-node", "info", "n9");
        assertEquals(1, missing.rc(), missing.toString());
        assertTrue(missing.err().contains("Node 'n9' not known"), missing.err());
    }

    @Test
    @Order(5)
    void removeRefusesANodeWithInstances() {
        CliRun busy = gnt("gnt-node", "remove", "n2");
        assertEquals(1, busy.rc(), busy.toString());
        assertTrue(busy.err().contains("Instance web1 is still running on the node"), busy.err());
        assertTrue(roles().contains("n2 C\n"), "n2 is still there");
        CliRun ok = gnt("gnt-node", "remove", "n1");
        assertEquals(0, ok.rc(), ok.toString());
        assertEquals("n2 C\nn3 C\n", roles());
    }

    @Test
    @Order(6)
    void masterFailoverNeedsAnotherCoordinator() {
        CliRun r = gnt("gnt-cluster", "master-failover");
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.err().contains("No other master candidate coordinator is running"), r.err());
    }

    @Test
    @Order(7)
    void listAnnouncedShowsLiveNodeServicesNotInTheCluster() throws Exception {
        BusConfig bus = BusConfig.load(conf);
        String since = Long.toString(Instant.parse("2026-11-29T10:00:00Z").toEpochMilli());
        for (String[] n : new String[][]{{"n2", "192.0.2.2"}, {"n10", "192.0.2.10"}, {"n9", "192.0.2.9"}}) {
            curator.create().creatingParentsIfNeeded().withMode(org.apache.zookeeper.CreateMode.EPHEMERAL)
                    .forPath(bus.paths().live(n[0]), ("{\"node\":\"" + n[0] + "\",\"primary_ip\":\"" + n[1]
                            + "\",\"since\":" + since + "}").getBytes());
        }
        CliRun r = gnt("gnt-node", "list-announced", "--separator", "|");
        assertEquals(0, r.rc(), r.toString());
        assertEquals("Node|PrimaryIP|Since\nn9|192.0.2.9|2026-11-29T10:00:00Z\nn10|192.0.2.10|2026-11-29T10:00:00Z\n",
                r.out(), "n2 is in the cluster already; the others in node-name order");
        for (String n : List.of("n2", "n10", "n9")) {
            curator.delete().forPath(bus.paths().live(n));
        }
        assertEquals("", gnt("gnt-node", "list-announced", "--no-headers").out());
    }
}
