package org.gnt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.job.JobClient;
import org.gnt.bus.opcode.OpTestDelay;
import org.gnt.testkit.BusServersExtension;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code gnt-filter} against real embedded ZooKeeper and Kafka (Kafka only for the job whose id becomes a watermark). */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FilterCommandsIT {
    @RegisterExtension
    static final BusServersExtension SERVERS = new BusServersExtension();

    @TempDir
    static Path dir;

    static Path conf;
    static BusConfig bus;
    static String limited;
    static String rejecting;
    static long lastJob;

    static CliRun gnt(String program, String... args) {
        return CliRun.run(conf, dir, "", program, args);
    }

    static CliRun ok(CliRun r) {
        assertEquals(0, r.rc(), r.toString());
        return r;
    }

    static String failure(CliRun r) {
        assertEquals(1, r.rc(), r.toString());
        return r.err();
    }

    @Test
    @Order(1)
    void refusedBeforeTheClusterIsInitialised() {
        bus = new BusConfig(SERVERS.bootstrapServers(), SERVERS.zkConnect(), "filtercli");
        conf = dir.resolve("gnt.conf");
        bus.store(conf);
        assertTrue(failure(gnt("gnt-filter", "list")).contains("Cluster 'filtercli' is not initialised"));
    }

    @Test
    @Order(2)
    void initAndAJob() throws Exception {
        ok(gnt("gnt-cluster", "init", "--enabled-hypervisors", "fake", "--enabled-disk-templates", "diskless",
                "filtercli.example.com"));
        try (CuratorFramework curator = BusClients.curator(bus)) {
            assertTrue(curator.blockUntilConnected(30, TimeUnit.SECONDS));
            try (JobClient jobs = new JobClient(bus, curator)) {
                lastJob = jobs.submit(OpTestDelay.of(0)).get(30, TimeUnit.SECONDS);
            }
        }
        assertEquals("UUID Watermark Priority Predicates Action ReasonTrail\n", ok(gnt("gnt-filter", "list")).out());
    }

    @Test
    @Order(3)
    void addPrintsTheUuid() {
        CliRun r = ok(gnt("gnt-filter", "add", "--priority", "3",
                "--predicates", "[[\"opcode\", [\"=\", \"OP_ID\", \"OP_INSTANCE_REPLACE_DISKS\"]]]",
                "--action", "RATE_LIMIT 10", "--reason", "throttle replication"));
        assertTrue(r.out().matches("[0-9a-f-]{36}\n"), r.out());
        limited = r.out().strip();
        r = ok(gnt("gnt-filter", "add", "--priority=1", "--predicates=[[\"jobid\", [\">\", \"id\", \"watermark\"]]]",
                "--action=REJECT"));
        rejecting = r.out().strip();
    }

    @Test
    @Order(4)
    void listShowsTheRulesInEvaluationOrder() {
        CliRun r = ok(gnt("gnt-filter", "list", "--no-headers", "--separator=|", "-o", "uuid,priority,watermark,action"));
        assertEquals(rejecting + "|1|" + lastJob + "|REJECT\n" + limited + "|3|" + lastJob + "|[\"RATE_LIMIT\",10]\n",
                r.out());
        r = ok(gnt("gnt-filter", "list", limited));
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        assertTrue(lines.get(0).matches("UUID +Watermark Priority Predicates +Action +ReasonTrail"), lines.get(0));
        assertTrue(lines.get(1).startsWith(limited + " "), lines.get(1));
        assertTrue(lines.get(1).contains("[[\"opcode\",[\"=\",\"OP_ID\",\"OP_INSTANCE_REPLACE_DISKS\"]]]"), lines.get(1));
        CliRun unknown = gnt("gnt-filter", "list", "-o", "+bogus");
        assertEquals(ExitCodes.UNKNOWN_FIELD, unknown.rc(), unknown.toString());
        assertTrue(unknown.err().contains("Queried for unknown fields bogus"), unknown.err());
    }

    @Test
    @Order(5)
    void infoShowsEveryField() {
        String o = ok(gnt("gnt-filter", "info", limited)).out();
        assertTrue(o.startsWith("UUID: " + limited + "\n  Watermark: " + lastJob + "\n  Priority: 3\n"
                + "  Predicates: [[\"opcode\",[\"=\",\"OP_ID\",\"OP_INSTANCE_REPLACE_DISKS\"]]]\n"
                + "  Action: [\"RATE_LIMIT\",10]\n  Reason trail: [[\"gnt:client:gnt-filter\",\"throttle replication\","), o);
        String all = ok(gnt("gnt-filter", "info")).out();
        assertTrue(all.indexOf("UUID: " + rejecting) < all.indexOf("UUID: " + limited), all);
    }

    @Test
    @Order(6)
    void replaceChangesARuleOrCreatesOne() {
        assertEquals(limited + "\n", ok(gnt("gnt-filter", "replace", "--action", "PAUSE", limited)).out());
        String o = ok(gnt("gnt-filter", "info", limited)).out();
        assertTrue(o.contains("  Priority: 0\n  Predicates: []\n  Action: PAUSE\n"), o);
        String fresh = "0f3e6b8c-1d2a-4b5c-8d9e-0a1b2c3d4e5f";
        assertEquals(fresh + "\n", ok(gnt("gnt-filter", "replace", "--action", "ACCEPT", fresh)).out());
        assertTrue(ok(gnt("gnt-filter", "info", fresh)).out().contains("  Action: ACCEPT\n"));
    }

    @Test
    @Order(7)
    void deleteRemovesARule() {
        assertEquals("", ok(gnt("gnt-filter", "delete", rejecting)).out());
        String err = failure(gnt("gnt-filter", "info", rejecting));
        assertTrue(err.contains("unknown_entity"), err);
        assertTrue(err.contains("Filter rule with UUID " + rejecting + " does not exist"), err);
        assertTrue(failure(gnt("gnt-filter", "delete", rejecting)).contains("does not exist"));
        assertEquals(2, ok(gnt("gnt-filter", "list", "--no-headers")).out().lines().count());
    }

    @Test
    @Order(8)
    void badValuesAreRefusedNamingTheOption() {
        assertTrue(failure(gnt("gnt-filter", "add", "--action", "accept")).contains("action: must be one of"));
        assertTrue(failure(gnt("gnt-filter", "add", "--action", "RATE_LIMIT 0"))
                .contains("action: the RATE_LIMIT argument must be a positive integer"));
        assertTrue(failure(gnt("gnt-filter", "add", "--predicates", "[[jobid]]"))
                .contains("Invalid --predicates value, not JSON"));
        assertTrue(failure(gnt("gnt-filter", "add", "--predicates", "[[\"jobid\", [\">\", \"job\", 1]]]"))
                .contains("predicates[0][1]: jobid predicates know only the field 'id'"));
        assertTrue(failure(gnt("gnt-filter", "add", "--priority", "-1"))
                .contains("priority: must be a non-negative integer"));
        assertTrue(failure(gnt("gnt-filter", "replace", "nonsense")).contains("uuid: 'nonsense' is not a UUID"));
        assertEquals(ExitCodes.USAGE, gnt("gnt-filter", "add", "--bogus").rc());
        assertEquals(2, ok(gnt("gnt-filter", "list", "--no-headers")).out().lines().count(), "nothing was added");
    }

    @Test
    @Order(9)
    void listFieldsDescribesTheFields() {
        String o = ok(gnt("gnt-filter", "list-fields", "--separator=|")).out();
        List<String> lines = o.lines().toList();
        assertEquals("Name|Type|Title|Description", lines.get(0));
        assertEquals(7, lines.size(), o);
        assertTrue(lines.get(2).startsWith("watermark|Custom|Watermark|"), o);
        assertEquals(ExitCodes.UNKNOWN_FIELD, gnt("gnt-filter", "list-fields", "uuid", "nope").rc());
    }
}
