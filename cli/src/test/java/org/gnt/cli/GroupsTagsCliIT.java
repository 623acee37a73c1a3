package org.gnt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.curator.framework.CuratorFramework;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.bus.config.GroupConfig;
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
 * gnt-group and the tag commands against real embedded Kafka and ZooKeeper with an in-process
 * coordinator. Two nodes and an instance are written into the configuration before the master
 * starts (no node services needed: group and tag jobs only change the configuration). Every
 * refusal is checked to leave the configuration as it was.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GroupsTagsCliIT {
    @RegisterExtension
    static final BusServersExtension SERVERS = new BusServersExtension();

    @TempDir
    static Path dir;

    static Path conf;
    static BusConfig bus;
    static Coordinator coordinator;
    static CuratorFramework curator;

    static CliRun gnt(String program, String... args) {
        return CliRun.run(conf, dir, "", program, args);
    }

    static CliRun ok(String program, String... args) {
        CliRun r = gnt(program, args);
        assertEquals(0, r.rc(), r.toString());
        return r;
    }

    static CliRun refused(String expected, String program, String... args) {
        CliRun r = gnt(program, args);
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.err().contains(expected), r.err());
        return r;
    }

    /** The group table as a script would read it. */
    static String groups() {
        return ok("gnt-group", "list", "--no-headers", "--separator=|", "-o",
                "name,node_cnt,node_list,pinst_cnt,alloc_policy,tags").out();
    }

    @BeforeAll
    static void start() throws Exception {
        bus = new BusConfig(SERVERS.bootstrapServers(), SERVERS.zkConnect(), "groupit");
        conf = dir.resolve("gnt.conf");
        bus.store(conf);
        ok("gnt-cluster", "init", "--enabled-hypervisors", "fake", "--enabled-disk-templates", "diskless",
                "--file-storage-dir", dir.resolve("storage").toString(), "groupit.example.com");
        curator = BusClients.curator(bus);
        String defaultGroup = null;
        for (String c : curator.getChildren().forPath(bus.paths().groups())) {
            defaultGroup = Json.read(curator.getData().forPath(bus.paths().group(c)), GroupConfig.class).uuid();
        }
        Instant now = Instant.now();
        NodeConfig n1 = new NodeConfig(NodeConfig.VERSION, UUID.randomUUID().toString(), "node1.example.com",
                "192.0.2.1", "192.0.2.1", defaultGroup, true, false, false, true, true, now, now);
        NodeConfig n2 = new NodeConfig(NodeConfig.VERSION, UUID.randomUUID().toString(), "node2.example.com",
                "192.0.2.2", "192.0.2.2", defaultGroup, true, false, false, true, true, now, now);
        curator.create().forPath(bus.paths().node(n1.uuid()), Json.bytes(n1));
        curator.create().forPath(bus.paths().node(n2.uuid()), Json.bytes(n2));
        InstanceConfig i = new InstanceConfig(InstanceConfig.VERSION, UUID.randomUUID().toString(), "inst1.example.com",
                n1.uuid(), "noop", "fake", Map.of(), Map.of(), Map.of(), "diskless", List.of(), List.of(), "down",
                "admin", List.of(), now, now, 1);
        curator.create().forPath(bus.paths().instance(i.uuid()), Json.bytes(i));
        coordinator = new Coordinator(bus, "coord-groups", 4).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!coordinator.isMaster() && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertTrue(coordinator.isMaster(), "the coordinator became master");
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
    @Order(1)
    void listShowsTheDefaultGroupWithGanetisColumns() {
        CliRun r = ok("gnt-group", "list");
        assertTrue(r.out().startsWith("Group   Nodes Instances AllocPolicy NDParams\n"), r.out());
        assertTrue(r.out().contains("default     2         1 preferred"), r.out());
        assertEquals("default|2|node1.example.com,node2.example.com|1|preferred|\n", groups());
    }

    @Test
    @Order(2)
    void addCreatesAGroupAndRefusesADuplicateName() {
        ok("gnt-group", "add", "--alloc-policy", "last_resort", "-N", "spindle_count=2", "--ipolicy-vcpu-ratio", "2.5",
                "-D", "plain:stripes=2", "rack1");
        String before = groups();
        assertEquals("default|2|node1.example.com,node2.example.com|1|preferred|\nrack1|0||0|last_resort|\n", before);
        CliRun r = ok("gnt-group", "list", "--no-headers", "--separator=|", "-o",
                "custom_ndparams,custom_ipolicy,custom_diskparams", "rack1");
        assertEquals("{\"spindle_count\":2}|{\"vcpu-ratio\":2.5}|{\"plain\":{\"stripes\":2}}\n", r.out());

        refused("Desired group name 'rack1' already exists as a node group", "gnt-group", "add", "rack1");
        refused("already_exists", "gnt-group", "add", "rack1");
        assertEquals(before, groups());
    }

    @Test
    @Order(3)
    void badParametersAreRefusedNamingTheField() {
        String before = groups();
        refused("Invalid 'ipolicy/minmax/min': unknown instance spec 'bogus'", "gnt-group", "add",
                "--ipolicy-bounds-specs", "min:cpu-count=1,bogus=2//max:cpu-count=4", "rack2");
        refused("Invalid 'ndparams': unknown node parameter 'nosuch'", "gnt-group", "modify", "-N", "nosuch=1",
                "rack1");
        refused("Invalid 'ndparams/spindle_count': must be an integer, got 'many'", "gnt-group", "modify", "-N",
                "spindle_count=many", "rack1");
        refused("Invalid 'alloc_policy': must be one of preferred, last_resort, unallocable", "gnt-group", "modify",
                "--alloc-policy", "sometimes", "rack1");
        refused("Invalid 'diskparams/plain': unknown parameter 'size'", "gnt-group", "modify", "-D", "plain:size=1",
                "rack1");
        refused("Node group 'nogroup' not found", "gnt-group", "modify", "--alloc-policy", "preferred", "nogroup");
        assertEquals(before, groups());
    }

    @Test
    @Order(4)
    void modifyChangesOnlyWhatIsGiven() {
        ok("gnt-group", "modify", "--alloc-policy", "unallocable", "-N", "ssh_port=2222", "rack1");
        CliRun r = ok("gnt-group", "list", "--no-headers", "--separator=|", "-o",
                "alloc_policy,custom_ndparams,custom_ipolicy", "rack1");
        assertEquals("unallocable|{\"spindle_count\":2,\"ssh_port\":2222}|{\"vcpu-ratio\":2.5}\n", r.out());
        ok("gnt-group", "modify", "-N", "spindle_count=default", "--ipolicy-vcpu-ratio", "default", "rack1");
        r = ok("gnt-group", "list", "--no-headers", "--separator=|", "-o", "custom_ndparams,custom_ipolicy", "rack1");
        assertEquals("{\"ssh_port\":2222}|{}\n", r.out());
    }

    @Test
    @Order(5)
    void assignNodesMovesThemAndANonEmptyGroupCannotBeRemoved() {
        ok("gnt-group", "assign-nodes", "rack1", "node1.example.com");
        assertEquals("default|1|node2.example.com|0|preferred|\nrack1|1|node1.example.com|1|unallocable|\n", groups());
        assertTrue(ok("gnt-node", "list", "--no-headers", "-o", "name,group").out()
                .contains("node1.example.com rack1"));

        String before = groups();
        refused("Group 'rack1' not empty, has the following node(s): node1.example.com", "gnt-group", "remove", "rack1");
        refused("Node 'node9.example.com' not known", "gnt-group", "assign-nodes", "rack1", "node1.example.com",
                "node9.example.com");
        assertEquals(before, groups());
    }

    @Test
    @Order(6)
    void renameRefusesAnExistingName() {
        refused("Desired new name 'default' clashes with existing node group", "gnt-group", "rename", "rack1",
                "default");
        ok("gnt-group", "rename", "rack1", "rack2");
        assertTrue(groups().contains("\nrack2|1|node1.example.com|1|unallocable|\n"), groups());
        CliRun info = ok("gnt-group", "info", "rack2");
        assertTrue(info.out().startsWith("Group: rack2\n"), info.out());
        assertTrue(info.out().contains("  Nodes: node1.example.com\n"), info.out());
        assertTrue(info.out().contains("    ssh_port: 2222\n"), info.out());
        assertTrue(info.out().contains("    spindle_count: default (1)\n"), info.out());
    }

    @Test
    @Order(7)
    void theLastGroupCannotBeRemoved() {
        ok("gnt-group", "assign-nodes", "default", "node1.example.com");
        ok("gnt-group", "remove", "rack2");
        assertEquals("default|2|node1.example.com,node2.example.com|1|preferred|\n", groups());
        refused("Group 'default' not empty", "gnt-group", "remove", "default");
        ok("gnt-group", "add", "spare");
        ok("gnt-group", "assign-nodes", "spare", "node1.example.com", "node2.example.com");
        ok("gnt-group", "remove", "default");
        refused("Group 'spare' not empty", "gnt-group", "remove", "spare");
        refused("Node group 'default' not found", "gnt-group", "remove", "default");
    }

    @Test
    @Order(8)
    void tagsOnEveryKindOfObject() {
        ok("gnt-cluster", "add-tags", "env:prod", "owner@ops");
        ok("gnt-node", "add-tags", "node1.example.com", "rack:a1", "ssd");
        ok("gnt-group", "add-tags", "spare", "dc/east");
        ok("gnt-instance", "add-tags", "inst1.example.com", "web", "env:prod");
        assertEquals("env:prod\nowner@ops\n", ok("gnt-cluster", "list-tags").out());
        assertEquals("rack:a1\nssd\n", ok("gnt-node", "list-tags", "node1.example.com").out());
        assertEquals("dc/east\n", ok("gnt-group", "list-tags", "spare").out());
        assertEquals("env:prod\nweb\n", ok("gnt-instance", "list-tags", "inst1.example.com").out());
        assertTrue(groups().endsWith("|dc/east\n"), groups());

        assertEquals("/cluster env:prod\n/instances/inst1.example.com env:prod\n",
                ok("gnt-cluster", "search-tags", "^env").out());
        assertEquals("/nodes/node1.example.com rack:a1\n/nodegroup/spare dc/east\n",
                ok("gnt-cluster", "search-tags", "[:/]a1|east").out());
        assertEquals(1, gnt("gnt-cluster", "search-tags", "nomatch").rc());

        ok("gnt-node", "remove-tags", "node1.example.com", "ssd");
        assertEquals("rack:a1\n", ok("gnt-node", "list-tags", "node1.example.com").out());
        ok("gnt-cluster", "remove-tags", "owner@ops");
        assertEquals("env:prod\n", ok("gnt-cluster", "list-tags").out());
    }

    @Test
    @Order(9)
    void badTagsAndUnknownObjectsAreRefusedWithNothingChanged() {
        refused("Tag 'two words' contains invalid characters", "gnt-cluster", "add-tags", "good", "two words");
        refused("is too long (129 characters, at most 128)", "gnt-node", "add-tags", "node1.example.com",
                "x".repeat(129));
        refused("Node 'node9.example.com' not known", "gnt-node", "add-tags", "node9.example.com", "t");
        refused("Node group 'nogroup' not found", "gnt-group", "add-tags", "nogroup", "t");
        refused("Instance 'nosuch' not known", "gnt-instance", "add-tags", "nosuch", "t");
        refused("Tag(s) absent not found", "gnt-instance", "remove-tags", "inst1.example.com", "web", "absent");
        refused("Node 'node9.example.com' not known", "gnt-node", "list-tags", "node9.example.com");
        assertEquals("env:prod\n", ok("gnt-cluster", "list-tags").out());
        assertEquals("rack:a1\n", ok("gnt-node", "list-tags", "node1.example.com").out());
        assertEquals("env:prod\nweb\n", ok("gnt-instance", "list-tags", "inst1.example.com").out());
    }

    @Test
    @Order(10)
    void tagsSurviveInTheStoredObjects() throws Exception {
        for (String c : curator.getChildren().forPath(bus.paths().instances())) {
            JsonNode i = Json.MAPPER.readTree(curator.getData().forPath(bus.paths().instance(c)));
            assertEquals("[\"web\",\"env:prod\"]", i.get("tags").toString());
        }
    }
}
