package org.gnt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.job.JobClient;
import org.gnt.bus.opcode.OpTestDelay;
import org.gnt.coordinator.Coordinator;
import org.gnt.testkit.BusServersExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -F}/{@code --filter} and name globs on gnt-node, gnt-instance and gnt-job list, against
 * real embedded Kafka and ZooKeeper with an in-process coordinator. Nodes and instances are written
 * straight into the configuration (there are no node services here); jobs are real.
 */
class ListFilterCliIT {
    @RegisterExtension
    static final BusServersExtension SERVERS = new BusServersExtension();

    @TempDir
    static Path dir;

    static Path conf;
    static BusConfig bus;
    static CuratorFramework curator;
    static Coordinator coordinator;
    static long okJob;
    static long failedJob;

    static CliRun gnt(String program, String... args) {
        return CliRun.run(conf, dir, "", program, args);
    }

    /** The names a listing printed with {@code --no-headers -o name}. */
    static List<String> names(String program, String... filterArgs) {
        String[] args = new String[filterArgs.length + 4];
        args[0] = "list";
        args[1] = "--no-headers";
        args[2] = "-o";
        args[3] = program.equals("gnt-job") ? "id" : "name";
        System.arraycopy(filterArgs, 0, args, 4, filterArgs.length);
        CliRun r = gnt(program, args);
        assertEquals(0, r.rc(), r.toString());
        return r.out().lines().map(String::strip).toList();
    }

    @BeforeAll
    static void setUp() throws Exception {
        bus = new BusConfig(SERVERS.bootstrapServers(), SERVERS.zkConnect(), "qtest");
        conf = dir.resolve("gnt.conf");
        bus.store(conf);
        CliRun init = gnt("gnt-cluster", "init", "--enabled-hypervisors", "fake", "--enabled-disk-templates",
                "diskless", "--file-storage-dir", dir.resolve("storage").toString(), "qtest.example.com");
        assertEquals(0, init.rc(), init.toString());
        curator = BusClients.curator(bus);
        curator.blockUntilConnected(30, TimeUnit.SECONDS);
        String group = curator.getChildren().forPath(bus.paths().groups()).get(0);
        Instant now = Instant.now();
        NodeConfig n1 = node("node1.example.com", group, true, false, false);
        NodeConfig n2 = node("node2.example.com", group, false, false, true);
        NodeConfig n3 = node("node3.example.com", group, false, true, false);
        for (NodeConfig n : List.of(n1, n2, n3)) {
            curator.create().forPath(bus.paths().node(n.uuid()), Json.bytes(n));
        }
        curator.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(bus.paths().live(n1.name()));
        instance("web1.example.com", n1, 64, List.of("web", "prod"), now);
        instance("web2.example.com", n1, 128, List.of("web"), now);
        instance("db1.example.com", n2, 256, List.of("db"), now);

        coordinator = new Coordinator(bus, "coord-q", 4).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!coordinator.isMaster() && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertTrue(coordinator.isMaster());
        try (JobClient jobs = new JobClient(bus, curator)) {
            okJob = jobs.submit(OpTestDelay.of(0.0)).get(30, TimeUnit.SECONDS);
        }
        CliRun failed = gnt("gnt-instance", "add", "-t", "diskless", "-o", "noop", "-n", "nosuchnode",
                "--no-name-check", "--no-ip-check", "inst9");
        Matcher m = Pattern.compile("Submitted jobs (\\d+)\n").matcher(failed.out());
        assertTrue(m.find(), failed.toString());
        failedJob = Long.parseLong(m.group(1));
        CliRun watch = gnt("gnt-job", "watch", Long.toString(okJob));
        assertEquals(0, watch.rc(), watch.toString());
        while (names("gnt-instance").size() < 3 && System.nanoTime() < end) {
            Thread.sleep(100);
        }
    }

    private static NodeConfig node(String name, String group, boolean candidate, boolean drained, boolean offline) {
        Instant now = Instant.now();
        return new NodeConfig(NodeConfig.VERSION, UUID.randomUUID().toString(), name, "192.0.2." + name.charAt(4),
                "192.0.2." + name.charAt(4), group, candidate, drained, offline, true, true, now, now);
    }

    private static void instance(String name, NodeConfig pnode, int maxmem, List<String> tags, Instant now)
            throws Exception {
        InstanceConfig i = new InstanceConfig(InstanceConfig.VERSION, UUID.randomUUID().toString(), name,
                pnode.uuid(), "noop", "fake", Map.of(), Map.of("maxmem", maxmem, "minmem", maxmem), Map.of(),
                "diskless", List.of(), List.of(), "down", "admin", tags, now, now, 1);
        curator.create().forPath(bus.paths().instance(i.uuid()), Json.bytes(i));
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (coordinator != null) {
            coordinator.close();
        }
        if (curator != null) {
            curator.close();
        }
    }

    @Test
    void nodeFilters() {
        assertEquals(List.of("node1.example.com", "node2.example.com", "node3.example.com"), names("gnt-node"));
        assertEquals(List.of("node1.example.com"), names("gnt-node", "-F", "not offline and pinst_cnt > 1"));
        assertEquals(List.of("node2.example.com", "node3.example.com"), names("gnt-node", "not master_candidate"));
        assertEquals(List.of("node2.example.com"), names("gnt-node", "--filter", "offline"));
        assertEquals(List.of("node1.example.com", "node3.example.com"),
                names("gnt-node", "name == \"node1.example.com\" or drained"));
        assertEquals(List.of("node2.example.com", "node3.example.com"), names("gnt-node", "pip >= '192.0.2.2'"));
        assertEquals(List.of("node1.example.com", "node2.example.com", "node3.example.com"),
                names("gnt-node", "node?"), "a glob matches the first labels of a name");
        assertEquals(List.of("node1.example.com", "node3.example.com"), names("gnt-node", "*1", "*3"));
        assertEquals(List.of("node2.example.com"), names("gnt-node", "node2.example.com"));
    }

    @Test
    void instanceFilters() {
        assertEquals(List.of("web1.example.com"), names("gnt-instance", "-F", "name =~ m/^web/ and \"prod\" in tags"));
        assertEquals(List.of("db1.example.com", "web2.example.com"), names("gnt-instance", "be/maxmem >= 128"));
        assertEquals(List.of("db1.example.com"), names("gnt-instance", "\"web\" not in tags"));
        assertEquals(List.of("db1.example.com"), names("gnt-instance", "name !~ m/^WEB/i"));
        assertEquals(List.of("db1.example.com", "web1.example.com"),
                names("gnt-instance", "(pnode == \"node2.example.com\" or name =* \"web1\") and be/maxmem != 128"));
        assertEquals(List.of("web1.example.com", "web2.example.com"), names("gnt-instance", "web*"));
        assertEquals(List.of(), names("gnt-instance", "-F", "be/maxmem < 64"));
    }

    @Test
    void jobFilters() {
        String ok = Long.toString(okJob);
        String failed = Long.toString(failedJob);
        assertEquals(List.of(failed), names("gnt-job", "-F", "status == \"error\""));
        assertEquals(List.of(ok), names("gnt-job", "status == 'success' and id >= " + okJob));
        assertEquals(List.of(ok), names("gnt-job", ok), "plain ids still select");
        CliRun notNumber = gnt("gnt-job", "list", "-F", "id > x");
        assertEquals(1, notNumber.rc());
    }

    @Test
    void badSyntaxIsAClearErrorWithTheColumn() {
        CliRun r = gnt("gnt-node", "list", "-F", "name == ");
        assertEquals(1, r.rc(), r.toString());
        assertEquals("", r.out());
        assertEquals("Error while parsing query filter: Invalid filter at column 9: expected a value (a quoted "
                + "string or an integer) after '==' (at column 6), found the end of the filter\n"
                + "name == \n"
                + "        ^\n", r.err());
        CliRun paren = gnt("gnt-instance", "list", "(offline or drained");
        assertEquals(1, paren.rc());
        assertTrue(paren.err().startsWith("Error while parsing query filter: Invalid filter at column 20: expected ')'"),
                paren.err());
        CliRun regexp = gnt("gnt-instance", "list", "-F", "name =~ m/x/q");
        assertTrue(regexp.err().contains("unknown regular expression flag 'q'"), regexp.err());
    }

    @Test
    void unknownFieldAndSeveralFilterArgumentsAreRefused() {
        CliRun r = gnt("gnt-instance", "list", "-F", "nosuch == 1 or name == 'x'");
        assertEquals(1, r.rc(), r.toString());
        assertEquals("", r.out());
        assertEquals("Failure: unknown/wrong parameter name 'nosuch'\nFilter refers to unknown field 'nosuch'\n",
                r.err());
        CliRun two = gnt("gnt-node", "list", "-F", "offline", "drained");
        assertEquals(1, two.rc());
        assertTrue(two.err().contains("Exactly one argument must be given as a filter, got 2"), two.err());
        CliRun unknownName = gnt("gnt-node", "list", "nosuch");
        assertEquals(1, unknownName.rc());
        assertTrue(unknownName.err().contains("Node 'nosuch' not known"), unknownName.err());
    }
}
