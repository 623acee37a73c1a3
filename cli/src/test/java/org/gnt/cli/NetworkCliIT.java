package org.gnt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.gnt.bus.BusConfig;
import org.gnt.coordinator.Coordinator;
import org.gnt.testkit.BusServersExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * gnt-network against real embedded Kafka and ZooKeeper with an in-process coordinator: add, list
 * (fields, -o, -F), info, modify, connect, disconnect, tags and remove, and refusals that leave the
 * listing as it was.
 */
class NetworkCliIT {
    @RegisterExtension
    static final BusServersExtension SERVERS = new BusServersExtension();

    @TempDir
    static Path dir;

    static Path conf;
    static Coordinator coordinator;

    static CliRun gnt(String program, String... args) {
        return CliRun.run(conf, dir, "", program, args);
    }

    static CliRun ok(String... args) {
        CliRun r = gnt("gnt-network", args);
        assertEquals(0, r.rc(), r.toString());
        return r;
    }

    static void refused(String expected, String... args) {
        String before = networks();
        CliRun r = gnt("gnt-network", args);
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.err().contains(expected), r.err());
        assertEquals(before, networks(), "a refusal changes nothing");
    }

    static String networks() {
        return ok("list", "--no-headers", "--separator=|", "-o",
                "name,network,gateway,mac_prefix,free_count,reserved_count,group_list,tags,external_reservations").out();
    }

    @BeforeAll
    static void start() throws Exception {
        BusConfig bus = new BusConfig(SERVERS.bootstrapServers(), SERVERS.zkConnect(), "netcli");
        conf = dir.resolve("gnt.conf");
        bus.store(conf);
        CliRun init = gnt("gnt-cluster", "init", "--enabled-hypervisors", "fake", "--enabled-disk-templates", "diskless",
                "--file-storage-dir", dir.resolve("storage").toString(), "netcli.example.com");
        assertEquals(0, init.rc(), init.toString());
        coordinator = new Coordinator(bus, "coord-net", 4).start();
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
    }

    @Test
    void networkLifecycle() {
        assertEquals("", networks());
        ok("add", "--network=10.0.0.0/28", "--gateway=10.0.0.1", "--add-reserved-ips=10.0.0.5,10.0.0.6",
                "--mac-prefix=aa:00:01", "--tags=dhcp,blue", "net1");
        assertEquals("net1|10.0.0.0/28|10.0.0.1|aa:00:01|11|5||dhcp,blue|10.0.0.0, 10.0.0.1, 10.0.0.5, 10.0.0.6, 10.0.0.15\n",
                networks());
        CliRun table = ok("list");
        assertTrue(table.out().startsWith("Network Subnet"), table.out());

        refused("Network 'net1' already exists", "add", "--network=10.1.0.0/24", "net1");
        refused("give at most a /16 network", "add", "--network=10.0.0.0/8", "big");
        refused("Invalid 'gateway': address 10.1.0.1 is not inside the network 10.0.0.0/24", "add",
                "--network=10.0.0.0/24", "--gateway=10.1.0.1", "gw");
        refused("must be an IPv4 network in CIDR notation", "add", "--network=10.0.0.0", "nocidr");
        refused("the network address is required", "add", "nonet");
        refused("Network 'nosuch' not found", "modify", "--gateway=10.0.0.2", "nosuch");
        refused("Gateway IP address '10.0.0.5' is already reserved", "modify", "--gateway=10.0.0.5", "net1");

        ok("modify", "--gateway=10.0.0.2", "--remove-reserved-ips=10.0.0.6", "net1");
        assertTrue(networks().startsWith("net1|10.0.0.0/28|10.0.0.2|aa:00:01|12|4||dhcp,blue|"
                + "10.0.0.0, 10.0.0.2, 10.0.0.5, 10.0.0.15"), networks());

        ok("connect", "-N", "mode=bridged,link=br0", "net1", "default");
        assertTrue(networks().contains("|default(bridged, br0)|"), networks());
        refused("is already connected to group 'default'", "connect", "-N", "mode=routed,link=rt0", "net1",
                "default");
        refused("the NIC link is required", "connect", "net1");
        refused("Network 'net1' is still connected to the following node group(s): default", "remove", "net1");

        CliRun info = ok("info", "net1");
        assertTrue(info.out().contains("  Subnet: 10.0.0.0/28\n"), info.out());
        assertTrue(info.out().contains("  Free: 12 (75.00%)\n"), info.out());
        assertTrue(info.out().contains("      0 X.X..X.........X 15\n"), info.out());
        assertTrue(info.out().contains("    default (mode:bridged link:br0 vlan:)\n"), info.out());

        ok("add", "--network=192.168.0.0/16", "net2");
        assertEquals("net2\n", ok("list", "--no-headers", "-o", "name", "-F", "free_count > 100").out());
        assertEquals("net1\nnet2\n", ok("list", "--no-headers", "-o", "name").out());
        CliRun fields = ok("list-fields", "--no-headers", "--separator=|", "free_count", "group_list");
        assertEquals("free_count|Number|FreeCount|Number of available addresses\n"
                + "group_list|Custom|GroupList|List of nodegroups (group name, NIC mode, NIC link)\n", fields.out());

        ok("add-tags", "net1", "red");
        assertEquals("blue\ndhcp\nred\n", ok("list-tags", "net1").out());
        refused("Tag(s) green not found", "remove-tags", "net1", "green");
        ok("remove-tags", "net1", "dhcp", "blue");
        assertEquals("red\n", ok("list-tags", "net1").out());
        CliRun search = gnt("gnt-cluster", "search-tags", "^re");
        assertEquals("/network/net1 red\n", search.out(), search.toString());

        ok("disconnect", "net1");
        assertTrue(networks().startsWith("net1|10.0.0.0/28|10.0.0.2|aa:00:01|12|4||red|"), networks());
        ok("remove", "net1");
        ok("remove", "net2");
        assertEquals("", networks());
        refused("Network 'net1' not found", "info", "net1");
    }
}
