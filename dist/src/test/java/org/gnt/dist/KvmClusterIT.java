package org.gnt.dist;

import static org.gnt.dist.ClusterFixture.contains;
import static org.gnt.dist.ClusterFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.plugins.hypervisor.RuntimeInstance;
import org.gnt.plugins.hypervisor.RuntimeInstance.RunState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real kvm guest on a two-node cluster (embedded ZooKeeper and Kafka, a coordinator JVM, two
 * node-service JVMs loading the real bundles, one shared directory for the sharedfile template),
 * driven only through jobs: refusals of bad input, ballooning, NIC and disk hotplug, online disk
 * grow, live migration to the other node with the hot-plugged devices, a migration to a node
 * that cannot reach the disk, hot-unplug and the console. Every effect is checked on the QEMU
 * processes themselves, through QMP, and in what each node service reports.
 */
class KvmClusterIT {
    static final String NAME = "kvm2.example.com";
    static final String BRIDGE = "gntkc" + ProcessHandle.current().pid() % 100000;
    @RegisterExtension
    static final ClusterFixture fx = new ClusterFixture("kvmc", 1, 2, 4096, List.of("kvm", "fake")).withKvmGuest();
    static boolean bridgeMade;

    @BeforeAll
    static void makeBridge() throws Exception {
        bridgeMade = new ProcessBuilder("ip", "link", "add", BRIDGE, "type", "bridge").inheritIO().start().waitFor() == 0;
        assumeTrue(bridgeMade, "cannot create bridge " + BRIDGE + " (needs root)");
    }

    @AfterAll
    static void removeBridge() throws Exception {
        if (bridgeMade) {
            new ProcessBuilder("ip", "link", "del", BRIDGE).inheritIO().start().waitFor();
        }
    }

    @Test
    void balloonHotplugGrowMigrateAndConsoleOfARealGuest() throws Exception {
        eventually(() -> List.of("node1", "node2").stream().allMatch(n -> fx.read.inventory().get(n)
                .map(s -> s.hypervisors().containsKey("kvm")).orElse(false)), Duration.ofSeconds(60),
                "both nodes report kvm");
        assertEquals(JobStatus.SUCCESS, fx.run(create()).status());

        // bad input: an hvparam of the wrong type, changing nothing
        InstanceConfig created = instance();
        JobState wrongType = fx.run(modify("\"hvparams\": {\"migration_bandwidth\": \"fast\"}"));
        assertEquals(JobStatus.ERROR, wrongType.status());
        assertTrue(wrongType.toString().contains("migration_bandwidth"), wrongType.toString());
        assertEquals(created, instance());
        // migrating a stopped instance: refused, nothing moves
        JobState stopped = fx.run(migrate("node2"));
        assertEquals(JobStatus.ERROR, stopped.status());
        assertTrue(stopped.toString().contains("not running"), stopped.toString());
        assertEquals(created, instance());

        assertEquals(JobStatus.SUCCESS, fx.run(op("OP_INSTANCE_STARTUP", "")).status());
        Properties rec1 = fx.record("node1", "kvm", NAME).orElseThrow();
        long pid1 = Long.parseLong(rec1.getProperty("pid"));
        fx.killOnClose(pid1);
        Path qmp1 = Path.of(rec1.getProperty("qmp"));
        eventually(() -> contains(fx.hvDir("node1", "kvm").resolve(NAME + ".serial.log"), "GUEST-READY"),
                Duration.ofSeconds(90), "the guest booted");

        // -B memory below the running size balloons the guest down at once
        assertEquals(JobStatus.SUCCESS, fx.run(modify("\"beparams\": {\"memory\": 96}")).status());
        eventually(() -> balloonMib(qmp1) == 96, Duration.ofSeconds(60), "the balloon reaches 96 MiB");
        eventually(() -> runtime().map(RuntimeInstance::memoryMib).orElse(0L) == 96, Duration.ofSeconds(30),
                "node1 reports 96 MiB");

        // hot-add a NIC on the bridge and a second disk
        JobState plugged = fx.run(modify("\"hotplug\": true, \"nics\": [[\"add\", -1, {\"mode\": \"bridged\", \"link\": \""
                + BRIDGE + "\"}]], \"disks\": [[\"add\", -1, {\"size\": 16}]]"));
        assertEquals(JobStatus.SUCCESS, plugged.status(), plugged.toString());
        InstanceConfig withDevices = instance();
        assertEquals(1, withDevices.nics().size());
        assertEquals(2, withDevices.disks().size());
        List<String> devices = peripherals(qmp1);
        assertEquals(2, devices.stream().filter(d -> d.startsWith("d")).count(), devices.toString());
        assertEquals(1, devices.stream().filter(d -> d.startsWith("n")).count(), devices.toString());
        assertTrue(bridgePorts().size() == 1, "a tap joined " + BRIDGE + ": " + bridgePorts());

        // grow the first disk online: QEMU (and so the guest) sees the new size
        assertEquals(JobStatus.SUCCESS, fx.run(op("OP_INSTANCE_GROW_DISK", ", \"disk\": 0, \"amount\": 16")).status());
        long size = withDevices.disks().get(0).sizeMib() + 16;
        eventually(() -> blockSizes(qmp1).contains(size * 1024 * 1024), Duration.ofSeconds(10),
                "QEMU reports the grown disk");

        // live migration to node2, devices included
        JobState migrated = fx.run(migrate("node2"));
        assertEquals(JobStatus.SUCCESS, migrated.status(), migrated.toString());
        assertTrue(migrated.toString().contains("downtime"), "the job log has QEMU's downtime: " + migrated);
        Properties rec2 = fx.record("node2", "kvm", NAME).orElseThrow();
        long pid2 = Long.parseLong(rec2.getProperty("pid"));
        fx.killOnClose(pid2);
        Path qmp2 = Path.of(rec2.getProperty("qmp"));
        assertEquals("running", Qmp.status(qmp2));
        eventually(() -> ProcessHandle.of(pid1).map(h -> !h.isAlive()).orElse(true), Duration.ofSeconds(20),
                "the source QEMU exited");
        assertTrue(fx.record("node1", "kvm", NAME).isEmpty(), "node1 keeps no runtime record");
        assertEquals(devices, peripherals(qmp2), "the target has the same devices");
        assertTrue(blockSizes(qmp2).contains(size * 1024 * 1024));
        eventually(() -> fx.read.config().instance(NAME).flatMap(fx.read::primaryNode)
                .map(n -> n.name().equals("node2")).orElse(false), Duration.ofSeconds(10), "node2 is the primary");
        eventually(() -> runtime().map(r -> r.state() == RunState.RUNNING).orElse(false)
                && fx.read.inventory().get("node1").map(s -> s.instances().getOrDefault("kvm", List.of()).isEmpty())
                .orElse(false), Duration.ofSeconds(30), "node2 reports it running, node1 not at all");
        assertTrue(bridgePorts().size() == 1, "one tap on the bridge, node2's: " + bridgePorts());

        // to a node that cannot reach the disk (moved aside): refused, the guest untouched
        Path disk0 = fx.cluster.sharedFileDir().resolve(instance().disks().get(0).ref().id());
        Path aside = disk0.resolveSibling("aside");
        Files.move(disk0, aside);
        try {
            JobState unreachable = fx.run(migrate("node1"));
            assertEquals(JobStatus.ERROR, unreachable.status());
            assertTrue(unreachable.toString().contains("node1"), unreachable.toString());
        } finally {
            Files.move(aside, disk0);
        }
        assertEquals(pid2, Long.parseLong(fx.record("node2", "kvm", NAME).orElseThrow().getProperty("pid")));
        assertEquals("running", Qmp.status(qmp2));
        assertEquals("node2", fx.read.primaryNode(instance()).orElseThrow().name());

        // hot-unplug both on node2
        JobState unplugged = fx.run(modify("\"hotplug\": true, \"nics\": [[\"remove\", 0, {}]],"
                + " \"disks\": [[\"remove\", 1, {}]]"));
        assertEquals(JobStatus.SUCCESS, unplugged.status(), unplugged.toString());
        List<String> left = peripherals(qmp2);
        assertEquals(1, left.stream().filter(d -> d.startsWith("d")).count(), left.toString());
        assertEquals(0, left.stream().filter(d -> d.startsWith("n")).count(), left.toString());
        assertTrue(bridgePorts().isEmpty(), "the tap left the bridge: " + bridgePorts());

        // the console: the serial socket on node2, through socat, as root on node2
        JobState console = fx.run(op("OP_INSTANCE_CONSOLE", ""));
        assertEquals(JobStatus.SUCCESS, console.status(), console.toString());
        JsonNode info = console.ops().get(0).result();
        assertEquals("ssh", info.path("kind").asText(), info.toString());
        assertEquals("node2", info.path("host").asText(), info.toString());
        assertTrue(info.path("command").toString().contains(fx.hvDir("node2", "kvm").resolve(NAME + ".serial").toString()),
                info.toString());

        assertEquals(JobStatus.SUCCESS, fx.run(op("OP_INSTANCE_SHUTDOWN", ", \"timeout\": 30")).status());
        eventually(() -> ProcessHandle.of(pid2).map(h -> !h.isAlive()).orElse(true), Duration.ofSeconds(30),
                "QEMU on node2 exited");
    }

    private static String create() {
        return """
                {"OP_ID": "OP_INSTANCE_CREATE", "instance_name": "%s", "mode": "create", "disk_template": "sharedfile",
                 "disks": [{"size": 32}], "nics": [], "os_type": "noop", "no_install": true, "pnode": "node1",
                 "hypervisor": "kvm", "beparams": {"memory": 128, "vcpus": 1}, "start": false, "name_check": false,
                 "ip_check": false, "hvparams": {"kernel_path": "%s", "initrd_path": "%s", "root_path": "",
                 "kernel_args": "quiet panic=-1", "migration_bandwidth": 512, "migration_downtime": 300}}"""
                .formatted(NAME, ClusterFixture.GUEST.resolve("vmlinuz"), ClusterFixture.GUEST.resolve("initrd.gz"));
    }

    private static String op(String id, String more) {
        return "{\"OP_ID\": \"" + id + "\", \"instance_name\": \"" + NAME + "\"" + more + "}";
    }

    private static String modify(String fields) {
        return op("OP_INSTANCE_SET_PARAMS", ", " + fields);
    }

    private static String migrate(String target) {
        return op("OP_INSTANCE_MIGRATE", ", \"target_node\": \"" + target + "\"");
    }

    private static InstanceConfig instance() {
        return fx.instance(NAME);
    }

    private static Optional<RuntimeInstance> runtime() {
        return fx.read.config().instance(NAME).flatMap(fx.read::runtime);
    }

    private static long balloonMib(Path qmp) {
        try {
            return Qmp.call(qmp, "query-balloon", null).path("actual").asLong() / (1024 * 1024);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Ids of the devices plugged by id (QEMU's /machine/peripheral), root ports left out. */
    private static List<String> peripherals(Path qmp) throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode p : Qmp.call(qmp, "qom-list", "{\"path\": \"/machine/peripheral\"}")) {
            String name = p.path("name").asText();
            if (p.path("type").asText().startsWith("child<") && !name.startsWith("rp") && !name.equals("balloon0")) {
                out.add(name);
            }
        }
        out.sort(null);
        return out;
    }

    private static List<Long> blockSizes(Path qmp) {
        List<Long> out = new ArrayList<>();
        try {
            for (JsonNode b : Qmp.call(qmp, "query-named-block-nodes", null)) {
                out.add(b.path("image").path("virtual-size").asLong());
            }
        } catch (IOException e) {
            // retried by the caller
        }
        return out;
    }

    private static List<String> bridgePorts() throws Exception {
        Process p = new ProcessBuilder("ip", "-o", "link", "show", "master", BRIDGE).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().filter(l -> !l.isBlank()).toList();
    }
}
