package org.gnt.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.curator.framework.CuratorFramework;
import org.gnt.bus.BusClients;
import org.gnt.bus.Json;
import org.gnt.bus.bundle.BundleRecord;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.job.JobClient;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.opcode.OpCodes;
import org.gnt.bus.state.NodeState;
import org.gnt.bus.view.ClusterRead;
import org.gnt.cli.Gnt;
import org.gnt.plugins.hypervisor.RuntimeInstance;
import org.gnt.plugins.hypervisor.RuntimeInstance.RunState;
import org.gnt.testkit.BundleJars;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kvm bundle inside a real node service: embedded ZooKeeper and Kafka, one coordinator JVM,
 * one node-service JVM loading every bundle of target/bundles (kvm among them). A diskless kvm
 * instance boots a tiny guest (kernel and busybox initramfs built from Debian packages by the
 * kvm bundle's build-guest.sh, cached in target/kvm-guest) through OP_INSTANCE_CREATE; the node
 * service is killed with SIGKILL and started again, and must report the same QEMU as running;
 * a new version of the kvm bundle is then installed with gnt-plugin and must re-attach to that
 * QEMU without restarting it; OP_INSTANCE_SHUTDOWN then stops it through the new bundle.
 */
class KvmNodeServiceIT {
    static final Path GUEST = Path.of("target", "kvm-guest").toAbsolutePath();
    static final Path BUILD_GUEST = Path.of("..", "bundles", "hypervisor-kvm", "src", "test", "resources", "guest",
            "build-guest.sh").toAbsolutePath().normalize();
    static final String NAME = "kvm1.example.com";
    static LocalCluster cluster;
    static CuratorFramework curator;
    static ClusterRead read;
    static JobClient jobs;
    static final List<Long> qemuPids = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64")),
                "qemu-system-x86_64 is not installed (.ci/run installs it)");
        if (!Files.exists(GUEST.resolve("vmlinuz")) || !Files.exists(GUEST.resolve("initrd.gz"))) {
            Process p = new ProcessBuilder("bash", BUILD_GUEST.toString(), GUEST.toString()).inheritIO().start();
            assertEquals(0, p.waitFor(), "build-guest.sh failed");
        }
        // a short directory: QEMU's unix sockets live under it (sun_path is 108 bytes)
        Path dir = Files.createDirectories(Path.of("target", "kvmit-" + System.currentTimeMillis()));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        cluster = new LocalCluster(new LocalCluster.Options(dir.toAbsolutePath(), 1, 1, port,
                Path.of(System.getProperty("gnt.bundles.dir", "target/bundles")).toAbsolutePath(), 4096,
                List.of("kvm", "fake"))).start();
        curator = BusClients.curator(cluster.bus());
        read = new ClusterRead(cluster.bus(), curator).awaitReady(Duration.ofSeconds(30));
        jobs = new JobClient(cluster.bus(), curator);
    }

    @AfterAll
    static void stop() throws Exception {
        for (long pid : qemuPids) { // only the QEMU this test made the node start
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        if (jobs != null) {
            jobs.close();
        }
        if (read != null) {
            read.close();
        }
        if (curator != null) {
            curator.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void guestOutlivesKilledNodeServiceAndShutsDown() throws Exception {
        // the node service reports both hypervisor bundles, kvm with its parameter specs
        eventually(() -> read.inventory().get("node1").map(s -> s.hypervisors().containsKey("kvm")).orElse(false),
                Duration.ofSeconds(30), "node1's inventory lists kvm");
        NodeState first = read.inventory().get("node1").orElseThrow();
        assertTrue(first.hypervisors().containsKey("fake"), first.hypervisors().toString());
        assertTrue(first.parameters().get("hv:kvm").stream().anyMatch(p -> p.name().equals("kernel_path")));
        String accel = first.hypervisors().get("kvm").accelerator();
        assertTrue(Files.exists(Path.of("/dev/kvm")) ? List.of("kvm", "tcg").contains(accel) : accel.equals("tcg"),
                accel);

        // gnt-node info says how kvm runs guests here
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = Gnt.run(new String[]{"gnt-node", "info", "--conf=" + cluster.confFile(), "node1"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String info = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, info);
        assertTrue(info.contains("  hypervisor accelerators:\n    kvm: " + accel + "\n"), info);

        // a kvm parameter the bundle does not know is refused before anything is created
        JobState bad = run(create("\"no_such_param\": 1"));
        assertEquals(JobStatus.ERROR, bad.status());
        assertTrue(bad.toString().contains("no_such_param"), bad.toString());
        assertTrue(read.config().instance(NAME).isEmpty());

        // no_install turns start off (as in Ganeti): create, then OP_INSTANCE_STARTUP
        JobState created = run(create("\"kernel_args\": \"quiet panic=-1\""));
        assertEquals(JobStatus.SUCCESS, created.status(), created.toString());
        JobState started = run("{\"OP_ID\": \"OP_INSTANCE_STARTUP\", \"instance_name\": \"" + NAME + "\"}");
        assertEquals(JobStatus.SUCCESS, started.status(), started.toString());
        // our config mirror may trail the job's last write by a moment
        eventually(() -> read.config().instance(NAME).map(i -> "up".equals(i.adminState())).orElse(false),
                Duration.ofSeconds(10), "the config has the instance up");
        InstanceConfig inst = read.config().instance(NAME).orElseThrow();
        assertEquals("kvm", inst.hypervisor());
        Path hvDir = cluster.nodeDir("node1").resolve("kvm-hv");
        Properties rec = record(hvDir);
        long pid = Long.parseLong(rec.getProperty("pid"));
        qemuPids.add(pid);
        Path qmp = Path.of(rec.getProperty("qmp"));
        assertEquals("running", Qmp.status(qmp));
        assertEquals(accel, rec.getProperty("accel"));
        eventually(() -> read.runtime(read.config().instance(NAME).orElseThrow()).map(RuntimeInstance::state)
                .orElse(null) == RunState.RUNNING, Duration.ofSeconds(30), "inventory reports the instance running");
        Path serial = hvDir.resolve(NAME + ".serial.log");
        eventually(() -> contains(serial, "GUEST-READY"), Duration.ofSeconds(60), "the guest booted");

        // kill -9 the node service: QEMU runs on, and the restarted service reports the same QEMU
        Process node = cluster.nodes().get("node1");
        NodeState before = read.inventory().get("node1").orElseThrow();
        new ProcessBuilder("kill", "-9", Long.toString(node.pid())).start().waitFor();
        assertTrue(node.waitFor(30, TimeUnit.SECONDS), "node service died");
        Thread.sleep(500);
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "QEMU survived the node service");
        assertEquals("running", Qmp.status(qmp));
        cluster.startNode("node1");
        eventually(() -> read.inventory().get("node1").map(s -> s.epoch() > before.epoch()).orElse(false),
                Duration.ofSeconds(60), "node1 publishes a new inventory");
        NodeState after = read.inventory().get("node1").orElseThrow();
        RuntimeInstance again = after.instances().getOrDefault("kvm", List.of()).stream()
                .filter(r -> r.name().equals(NAME)).findFirst().orElseThrow(() -> new AssertionError(after.toString()));
        assertEquals(RunState.RUNNING, again.state());
        assertEquals(inst.uuid(), again.uuid());
        assertEquals(pid, Long.parseLong(record(hvDir).getProperty("pid")), "the same QEMU");
        eventually(() -> read.isLiveCached("node1"), Duration.ofSeconds(30), "node1 is live again");

        // gnt-plugin install of a new kvm bundle version: updated in place, the guest is not touched
        Path kvmJar = Path.of(System.getProperty("gnt.bundles.dir", "target/bundles"), "gnt-bundle-hypervisor-kvm.jar")
                .toAbsolutePath();
        Path kvm2 = BundleJars.withVersion(kvmJar, cluster.nodeDir("node1").getParent().resolve("kvm-v2.jar"),
                "0.1.1.kvm2");
        String sha2 = BundleRecord.sha256(Files.readAllBytes(kvm2));
        NodeState beforeUpdate = read.inventory().get("node1").orElseThrow();
        out.reset();
        rc = Gnt.run(new String[]{"gnt-plugin", "install", "--conf=" + cluster.confFile(), "--timeout=120",
                kvm2.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String installOut = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, installOut);
        assertTrue(installOut.contains("node1: running gnt-bundle-hypervisor-kvm 0.1.1.kvm2 (active)"), installOut);
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "QEMU survived the update");
        assertEquals(pid, Long.parseLong(record(hvDir).getProperty("pid")), "the same QEMU after the update");
        assertEquals("running", Qmp.status(qmp));
        // the new code lists the guest: an inventory published after the update, with the new digest
        eventually(() -> read.inventory().get("node1").map(s -> s.seq() > beforeUpdate.seq()
                && s.bundleInfo().stream().anyMatch(b -> b.sha256().equals(sha2))
                && s.instances().getOrDefault("kvm", List.of()).stream()
                        .anyMatch(r -> r.name().equals(NAME) && r.state() == RunState.RUNNING)).orElse(false),
                Duration.ofSeconds(60), "node1 reports the guest running through kvm 0.1.1.kvm2");
        assertEquals(beforeUpdate.epoch(), read.inventory().get("node1").orElseThrow().epoch(),
                "updated in place: the same node service run");
        out.reset();
        rc = Gnt.run(new String[]{"gnt-plugin", "list", "--conf=" + cluster.confFile(), "--no-headers",
                "--separator=|", "--full-digest"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String listOut = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, listOut);
        assertTrue(listOut.contains("node1|gnt-bundle-hypervisor-kvm|0.1.1.kvm2|" + sha2 + "|active|-"), listOut);

        // OP_INSTANCE_SHUTDOWN: the guest powers off by ACPI and QEMU exits
        JobState down = run("{\"OP_ID\": \"OP_INSTANCE_SHUTDOWN\", \"instance_name\": \"" + NAME
                + "\", \"timeout\": 30}");
        assertEquals(JobStatus.SUCCESS, down.status(), down.toString());
        eventually(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), Duration.ofSeconds(20),
                "QEMU exited");
        eventually(() -> "down".equals(read.config().instance(NAME).orElseThrow().adminState()),
                Duration.ofSeconds(10), "the config has the instance down");
        // the node cleans the runtime files (serial log included) up after the stop, so its own log tells
        assertTrue(contains(cluster.logs().resolve("node1.log"), "Stopped " + NAME + " (ACPI shutdown)"),
                "the guest powered itself off (ACPI), no hard stop");
        assertFalse(Files.exists(hvDir.resolve(NAME + ".runtime")), "runtime record removed");
        eventually(() -> read.inventory().get("node1").map(s -> s.instances().getOrDefault("kvm", List.of())
                .isEmpty()).orElse(false), Duration.ofSeconds(30), "the inventory shows no kvm instance");
        assertFalse(read.runtime(read.config().instance(NAME).orElseThrow()).isPresent());
    }

    private static String create(String extraHv) {
        return """
                {"OP_ID": "OP_INSTANCE_CREATE", "instance_name": "%s", "mode": "create", "disk_template": "diskless",
                 "disks": [], "nics": [], "os_type": "noop", "no_install": true, "pnode": "node1", "hypervisor": "kvm",
                 "beparams": {"memory": 128, "vcpus": 1}, "start": false, "name_check": false, "ip_check": false,
                 "hvparams": {"kernel_path": "%s", "initrd_path": "%s", "root_path": "", %s}}"""
                .formatted(NAME, GUEST.resolve("vmlinuz"), GUEST.resolve("initrd.gz"), extraHv);
    }

    private static JobState run(String opJson) throws Exception {
        long id = jobs.submit(OpCodes.parse(Json.MAPPER.readTree(opJson))).get();
        return jobs.awaitFinal(id, Duration.ofMinutes(3)).get()
                .orElseThrow(() -> new AssertionError("job " + id + " did not finish"));
    }

    private static Properties record(Path hvDir) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(hvDir.resolve(NAME + ".runtime"))) {
            p.load(r);
        }
        return p;
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file, StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static void eventually(BooleanSupplier ok, Duration timeout, String what) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }
}
