package org.gnt.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.curator.framework.CuratorFramework;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.bus.TopicAdmin;
import org.gnt.bus.config.AddressPool;
import org.gnt.bus.config.ClusterInit;
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.config.GroupNetwork;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NetworkConfig;
import org.gnt.bus.config.NicConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.job.JobClient;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.opcode.OpCode;
import org.gnt.bus.opcode.OpNetworkAdd;
import org.gnt.bus.opcode.OpNetworkConnect;
import org.gnt.bus.opcode.OpNetworkDisconnect;
import org.gnt.bus.opcode.OpNetworkRemove;
import org.gnt.bus.opcode.OpNetworkSetParams;
import org.gnt.bus.opcode.OpTagsDel;
import org.gnt.bus.opcode.OpTagsSet;
import org.gnt.bus.view.ConfigView;
import org.gnt.bus.view.NetworkFields;
import org.gnt.plugins.PluginException;
import org.gnt.testkit.BusServersExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Networks through the real job path (Kafka, ZooKeeper, an in-process master): add with its pool,
 * modify, connect/disconnect to groups, tags and remove, and every refusal leaving ZooKeeper as it was.
 * The cluster has groups default (n1, instance web1 with a NIC on network net1) and rack2 (n2,
 * instance web2 with a plain NIC at 10.0.0.9).
 */
class NetworkIT {
    @RegisterExtension
    static final BusServersExtension servers = new BusServersExtension();

    BusConfig bus;
    CuratorFramework curator;
    JobClient jobs;
    Coordinator master;

    void cluster() throws Exception {
        bus = new BusConfig(servers.bootstrapServers(), servers.zkConnect(), "net" + System.nanoTime() % 1000000);
        curator = BusClients.curator(bus);
        TopicAdmin.ensureClusterTopics(bus);
        ClusterInit.init(curator, bus.paths(), "net", List.of("fake"), List.of("diskless"), Map.of(), Map.of(), "/tmp");
        // a cluster initialised before networks existed: the first add creates the parent znode
        curator.delete().forPath(bus.paths().networks());
        String dflt = curator.getChildren().forPath(bus.paths().groups()).get(0);
        GroupConfig rack2 = new GroupConfig(GroupConfig.VERSION, UUID.randomUUID().toString(), "rack2", "preferred",
                Instant.now(), Instant.now());
        curator.create().forPath(bus.paths().group(rack2.uuid()), Json.bytes(rack2));
        String n1 = seedNode("n1", "192.0.2.1", dflt);
        String n2 = seedNode("n2", "192.0.2.2", rack2.uuid());
        seedInstance("web1", n1, new NicConfig(UUID.randomUUID().toString(), null, "aa:00:00:00:00:01", null,
                "bridged", "br0", "net1"));
        seedInstance("web2", n2, new NicConfig(UUID.randomUUID().toString(), null, "aa:00:00:00:00:02", "10.0.0.9",
                "bridged", "br0", null));
        jobs = new JobClient(bus, curator);
        master = new Coordinator(bus, "m1", 8).start();
    }

    private String seedNode(String name, String ip, String group) throws Exception {
        NodeConfig n = new NodeConfig(NodeConfig.VERSION, UUID.randomUUID().toString(), name, ip, ip, group, true,
                false, false, true, true, Instant.now(), Instant.now());
        curator.create().forPath(bus.paths().node(n.uuid()), Json.bytes(n));
        return n.uuid();
    }

    private void seedInstance(String name, String node, NicConfig nic) throws Exception {
        InstanceConfig i = new InstanceConfig(InstanceConfig.VERSION, UUID.randomUUID().toString(), name, node,
                "noop", "fake", Map.of(), Map.of(), Map.of(), "diskless", List.of(), List.of(nic), "down", "admin",
                List.of(), Instant.now(), Instant.now(), 1);
        curator.create().forPath(bus.paths().instance(i.uuid()), Json.bytes(i));
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
    void addModifyTagAndRemoveWithGanetisPool() throws Exception {
        cluster();
        OpNetworkAdd add = new OpNetworkAdd("net1", "10.0.0.0/28", "10.0.0.1", "2001:db8::/64", null, "AA:00:01",
                List.of("10.0.0.5"), null, List.of("dhcp"));
        ok(run(add));
        NetworkConfig n = network("net1");
        assertEquals(List.of("10.0.0.0", "10.0.0.1", "10.0.0.5", "10.0.0.15"), n.extReservations(),
                "network address, gateway, the requested address and broadcast are reserved");
        assertEquals("aa:00:01", n.macPrefix());
        assertEquals(List.of("dhcp"), n.tags());
        AddressPool pool = AddressPool.of(n);
        assertEquals(12, pool.freeCount());
        assertEquals(4, pool.reservedCount());
        assertEquals("XX...X.........X", pool.map());

        // refusals, each leaving the one network as it was
        assertPrereq(run(OpNetworkAdd.of("net1", "10.1.0.0/24", null)), "already_exists", "Network 'net1' already exists");
        refusedAtSubmit(OpNetworkAdd.of("bad", "10.0.0.0/33", null), "prefix length over 32");
        refusedAtSubmit(OpNetworkAdd.of("bad", "10.0.0.1/24", null), "has host bits set");
        refusedAtSubmit(OpNetworkAdd.of("bad", "10.0.0.0/15", null), "give at most a /16 network");
        refusedAtSubmit(OpNetworkAdd.of("bad", "10.0.0.0/31", null), "give at least a /30 network");
        refusedAtSubmit(OpNetworkAdd.of("bad", "10.0.0.0/24", "10.0.1.1"),
                "Invalid 'gateway': address 10.0.1.1 is not inside the network 10.0.0.0/24");
        refusedAtSubmit(OpNetworkAdd.of("bad", "not-a-net", null), "Invalid 'network'");
        assertPrereq(run(new OpNetworkSetParams("nosuch", "10.0.0.2", null, null, null, null, null)),
                "unknown_entity", "Network 'nosuch' not found");
        assertPrereq(run(new OpNetworkSetParams("net1", "10.0.0.5", null, null, null, null, null)),
                "wrong_state", "Gateway IP address '10.0.0.5' is already reserved");
        assertPrereq(run(new OpNetworkSetParams("net1", null, null, null, null, List.of("10.0.1.1"), null)),
                "wrong_input", "not inside the network");
        assertEquals(List.of(n), networks(), "refused changes changed nothing");

        JobState mod = run(new OpNetworkSetParams("net1", "10.0.0.2", "none", null, null, List.of("10.0.0.5", "10.0.0.6"),
                List.of("10.0.0.2", "10.0.0.7")));
        ok(mod);
        String log = mod.ops().get(0).log().toString();
        assertTrue(log.contains("IP address 10.0.0.5 is already reserved"), log);
        assertTrue(log.contains("Cannot unreserve the gateway's IP address 10.0.0.2"), log);
        assertTrue(log.contains("IP address 10.0.0.7 is not externally reserved"), log);
        n = network("net1");
        assertEquals("10.0.0.2", n.gateway());
        assertEquals(null, n.network6(), "'none' clears network6");
        assertEquals(List.of("10.0.0.0", "10.0.0.2", "10.0.0.5", "10.0.0.6", "10.0.0.15"), n.extReservations());

        ok(run(new OpTagsSet("network", List.of("blue"), "net1")));
        assertEquals(List.of("dhcp", "blue"), network("net1").tags());
        assertPrereq(run(new OpTagsDel("network", List.of("red"), "net1")), "unknown_entity", "Tag(s) red not found");
        assertPrereq(run(new OpTagsSet("network", List.of("x"), "nosuch")), "unknown_entity", "Network 'nosuch' not found");
        ok(run(new OpTagsDel("network", List.of("dhcp"), "net1")));
        assertEquals(List.of("blue"), network("net1").tags());

        ok(run(OpNetworkAdd.of("net2", "192.168.0.0/16", null)));
        assertEquals(65534, AddressPool.of(network("net2")).freeCount());
        ok(run(new OpNetworkRemove("net2", false)));
        assertEquals(List.of("net1"), networks().stream().map(NetworkConfig::name).toList());
        assertPrereq(run(new OpNetworkRemove("net2", false)), "unknown_entity", "Network 'net2' not found");

        // a standby's warm mirror holds the networks, so a new master knows them without a cold read
        try (Coordinator standby = new Coordinator(bus, "m2", 8).start()) {
            Thread.sleep(500);
            master.close();
            master = null;
            long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (!(standby.isMaster() && standby.configStore().isPresent()) && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertTrue(standby.isMaster(), "m2 took over");
            assertEquals(List.of("net1"), standby.configStore().orElseThrow().networks().stream()
                    .map(NetworkConfig::name).toList(), "the new master knows net1");
            assertTrue(standby.lastTakeoverFromMirror(), "taken from the warm mirror");
            ok(run(new OpTagsSet("network", List.of("green"), "net1")));
            assertEquals(List.of("blue", "green"), network("net1").tags());
        }
    }

    @Test
    void connectDisconnectAndTheirRefusals() throws Exception {
        cluster();
        ok(run(OpNetworkAdd.of("net1", "10.0.0.0/24", "10.0.0.1")));
        String uuid = network("net1").uuid();
        ok(run(new OpNetworkConnect("default", "net1", "bridged", "br0", null, null)));
        assertEquals(new GroupNetwork("bridged", "br0", ""), group("default").networks().get(uuid));

        GroupConfig before = group("default");
        assertPrereq(run(new OpNetworkConnect("default", "net1", "routed", "rt1", null, null)), "wrong_state",
                "already connected to group 'default' as default(bridged, br0)");
        JobState again = run(new OpNetworkConnect("default", "net1", "bridged", "br0", null, null));
        ok(again);
        assertTrue(again.ops().get(0).log().toString().contains("already mapped to group 'default'"));
        assertEquals(before, group("default"), "a refused or repeated connect changes nothing");
        refusedAtSubmit(new OpNetworkConnect("default", "net1", "bridge", "br0", null, null),
                "Parameter 'network_mode' of OP_NETWORK_CONNECT: must be one of bridged, routed, openvswitch, pool");
        refusedAtSubmit(new OpNetworkConnect("default", "net1", "bridged", null, null, null),
                "Parameter 'network_link' of OP_NETWORK_CONNECT is required");
        assertPrereq(run(new OpNetworkConnect("nogroup", "net1", "bridged", "br0", null, null)), "unknown_entity",
                "Node group 'nogroup' not found");
        assertPrereq(run(new OpNetworkConnect("default", "nonet", "bridged", "br0", null, null)), "unknown_entity",
                "Network 'nonet' not found");

        // web2 in rack2 holds 10.0.0.9 outside any network: Ganeti's conflicts check
        assertPrereq(run(new OpNetworkConnect("rack2", "net1", "routed", "rt1", "100", null)), "wrong_state",
                "Conflicting IP addresses found in group 'rack2': web2 (10.0.0.9)");
        assertTrue(group("rack2").networks().isEmpty());
        ok(run(new OpNetworkConnect("rack2", "net1", "routed", "rt1", "100", false)));
        assertEquals(new GroupNetwork("routed", "rt1", "100"), group("rack2").networks().get(uuid));

        ConfigView snap = ConfigView.snapshot(curator, bus.paths(), Duration.ofSeconds(10));
        assertEquals("10.0.0.0/24", snap.network("net1").orElseThrow().network(), "the CLI's snapshot sees networks");
        assertEquals(uuid, snap.network(uuid).orElseThrow().uuid());
        assertEquals(2, snap.groups().stream().filter(g -> g.networks().containsKey(uuid)).count());
        NetworkFields.Snapshot fields = new NetworkFields.Snapshot(snap);
        NetworkConfig viewed = snap.network("net1").orElseThrow();
        assertEquals("[\"web1\"]", fields.field(viewed, "inst_list").toString(), "web1's NIC names net1");
        assertEquals("[\"default(bridged, br0)\",\"rack2(routed, rt1, 100)\"]",
                fields.field(viewed, "group_list").toString());
        assertEquals(2, fields.field(viewed, "group_cnt").asInt());

        NetworkConfig net = network("net1");
        assertPrereq(run(new OpNetworkRemove("net1", true)), "wrong_state",
                "Network 'net1' is still connected to the following node group(s): default, rack2");
        assertPrereq(run(new OpNetworkDisconnect("default", "net1")), "wrong_state",
                "Network 'net1' is in use by instance(s) of group 'default': web1");
        assertEquals(before, group("default"));
        ok(run(new OpNetworkDisconnect("rack2", "net1")));
        assertTrue(group("rack2").networks().isEmpty());
        JobState notThere = run(new OpNetworkDisconnect("rack2", "net1"));
        ok(notThere);
        assertTrue(notThere.ops().get(0).log().toString().contains("not mapped to group 'rack2'"));
        assertPrereq(run(new OpNetworkRemove("net1", false)), "wrong_state", "still connected");
        assertEquals(net, network("net1"), "refused removals leave the network");

        ok(run(OpNetworkAdd.of("spare", "10.9.0.0/30", null)));
        ok(run(new OpNetworkConnect("rack2", "spare", "openvswitch", "sw0", null, null)));
        ok(run(new OpNetworkDisconnect("rack2", "spare")));
        ok(run(new OpNetworkRemove("spare", false)));
        assertFalse(networks().stream().anyMatch(x -> x.name().equals("spare")));

        // Ganeti's conflicts check on add: node addresses inside the network are reserved
        JobState nodes = run(OpNetworkAdd.of("nodes", "192.0.2.0/29", null));
        ok(nodes);
        assertTrue(nodes.ops().get(0).log().toString().contains("Reserved IP address of node 'n1' (192.0.2.1)"));
        assertEquals(List.of("192.0.2.0", "192.0.2.1", "192.0.2.2", "192.0.2.7"), network("nodes").extReservations());
        ok(run(new OpNetworkAdd("nodes2", "192.0.2.0/30", null, null, null, null, null, false, null)));
        assertEquals(List.of("192.0.2.0", "192.0.2.3"), network("nodes2").extReservations());
    }

    private JobState run(OpCode op) throws Exception {
        long id = jobs.submit(op).get();
        return jobs.awaitFinal(id, Duration.ofSeconds(60)).get().orElseThrow(() -> new AssertionError("job " + id));
    }

    private static void ok(JobState j) {
        assertEquals(JobStatus.SUCCESS, j.status(), j.toString());
    }

    private void refusedAtSubmit(OpCode op, String text) throws Exception {
        int before = networks().size();
        PluginException e = assertThrows(PluginException.class, () -> jobs.submit(op).get());
        assertTrue(e.getMessage().contains(text), e.getMessage());
        assertEquals(before, networks().size());
    }

    private static void assertPrereq(JobState j, String ecode, String text) {
        assertEquals(JobStatus.ERROR, j.status(), j.toString());
        JsonNode r = j.ops().get(0).result();
        assertEquals("OpPrereqError", r.get(0).asText(), r.toString());
        assertTrue(r.toString().contains(ecode), r.toString());
        assertTrue(r.toString().contains(text), r.toString());
    }

    private List<NetworkConfig> networks() throws Exception {
        List<NetworkConfig> out = new ArrayList<>();
        if (curator.checkExists().forPath(bus.paths().networks()) == null) {
            return out;
        }
        for (String c : curator.getChildren().forPath(bus.paths().networks())) {
            out.add(Json.read(curator.getData().forPath(bus.paths().network(c)), NetworkConfig.class));
        }
        return out;
    }

    private NetworkConfig network(String name) throws Exception {
        return networks().stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no network " + name));
    }

    private GroupConfig group(String name) throws Exception {
        for (String c : curator.getChildren().forPath(bus.paths().groups())) {
            GroupConfig g = Json.read(curator.getData().forPath(bus.paths().group(c)), GroupConfig.class);
            if (g.name().equals(name)) {
                return g;
            }
        }
        throw new AssertionError("no group " + name);
    }
}
