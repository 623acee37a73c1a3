package org.gnt.dist;

import static org.gnt.dist.ClusterFixture.contains;
import static org.gnt.dist.ClusterFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.gnt.bus.bundle.BundleRecord;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.state.NodeState;
import org.gnt.plugins.hypervisor.RuntimeInstance;
import org.gnt.plugins.hypervisor.RuntimeInstance.RunState;
import org.gnt.testkit.BundleJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
    static final String NAME = "kvm1.example.com";
    @RegisterExtension
    static final ClusterFixture fx = new ClusterFixture("kvmit", 1, 1, 4096, List.of("kvm", "fake")).withKvmGuest();

    @Test
    void guestOutlivesKilledNodeServiceAndShutsDown() throws Exception {
        // the node service reports both hypervisor bundles, kvm with its parameter specs
        eventually(() -> fx.read.inventory().get("node1").map(s -> s.hypervisors().containsKey("kvm")).orElse(false),
                Duration.ofSeconds(30), "node1's inventory lists kvm");
        NodeState first = fx.read.inventory().get("node1").orElseThrow();
        assertTrue(first.hypervisors().containsKey("fake"), first.hypervisors().toString());
        assertTrue(first.parameters().get("hv:kvm").stream().anyMatch(p -> p.name().equals("kernel_path")));
        String accel = first.hypervisors().get("kvm").accelerator();
        assertTrue(Files.exists(Path.of("/dev/kvm")) ? List.of("kvm", "tcg").contains(accel) : accel.equals("tcg"),
                accel);

        // gnt-node info says how kvm runs guests here
        String[] cli = fx.gnt("gnt-node", "info", "node1");
        String info = cli[1];
        assertEquals("0", cli[0], info + cli[2]);
        assertTrue(info.contains("  hypervisor accelerators:\n    kvm: " + accel + "\n"), info);

        // a kvm parameter the bundle does not know is refused before anything is created
        JobState bad = fx.run(create("\"no_such_param\": 1"));
        assertEquals(JobStatus.ERROR, bad.status());
        assertTrue(bad.toString().contains("no_such_param"), bad.toString());
        assertTrue(fx.read.config().instance(NAME).isEmpty());

        // no_install turns start off (as in Ganeti): create, then OP_INSTANCE_STARTUP
        JobState created = fx.run(create("\"kernel_args\": \"quiet panic=-1\""));
        assertEquals(JobStatus.SUCCESS, created.status(), created.toString());
        JobState started = fx.run("{\"OP_ID\": \"OP_INSTANCE_STARTUP\", \"instance_name\": \"" + NAME + "\"}");
        assertEquals(JobStatus.SUCCESS, started.status(), started.toString());
        // our config mirror may trail the job's last write by a moment
        eventually(() -> fx.read.config().instance(NAME).map(i -> "up".equals(i.adminState())).orElse(false),
                Duration.ofSeconds(10), "the config has the instance up");
        InstanceConfig inst = fx.read.config().instance(NAME).orElseThrow();
        assertEquals("kvm", inst.hypervisor());
        Path hvDir = fx.hvDir("node1", "kvm");
        Properties rec = fx.record("node1", "kvm", NAME).orElseThrow();
        long pid = Long.parseLong(rec.getProperty("pid"));
        fx.killOnClose(pid);
        Path qmp = Path.of(rec.getProperty("qmp"));
        assertEquals("running", Qmp.status(qmp));
        assertEquals(accel, rec.getProperty("accel"));
        eventually(() -> fx.read.runtime(fx.read.config().instance(NAME).orElseThrow()).map(RuntimeInstance::state)
                .orElse(null) == RunState.RUNNING, Duration.ofSeconds(30), "inventory reports the instance running");
        Path serial = hvDir.resolve(NAME + ".serial.log");
        eventually(() -> contains(serial, "GUEST-READY"), Duration.ofSeconds(60), "the guest booted");

        // kill -9 the node service: QEMU runs on, and the restarted service reports the same QEMU
        Process node = fx.cluster.nodes().get("node1");
        NodeState before = fx.read.inventory().get("node1").orElseThrow();
        long oldSession = liveSession("node1");
        assertTrue(oldSession != 0, "node1 is live before the kill");
        new ProcessBuilder("kill", "-9", Long.toString(node.pid())).start().waitFor();
        assertTrue(node.waitFor(30, TimeUnit.SECONDS), "node service died");
        Thread.sleep(500);
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "QEMU survived the node service");
        assertEquals("running", Qmp.status(qmp));
        fx.cluster.startNode("node1");
        eventually(() -> fx.read.inventory().get("node1").map(s -> s.epoch() > before.epoch()).orElse(false),
                Duration.ofSeconds(60), "node1 publishes a new inventory");
        NodeState after = fx.read.inventory().get("node1").orElseThrow();
        RuntimeInstance again = after.instances().getOrDefault("kvm", List.of()).stream()
                .filter(r -> r.name().equals(NAME)).findFirst().orElseThrow(() -> new AssertionError(after.toString()));
        assertEquals(RunState.RUNNING, again.state());
        assertEquals(inst.uuid(), again.uuid());
        assertEquals(pid, Long.parseLong(fx.record("node1", "kvm", NAME).orElseThrow().getProperty("pid")), "the same QEMU");
        // the killed service's live znode lasts until its ZooKeeper session expires: wait for the new one
        eventually(() -> liveSession("node1") != 0 && liveSession("node1") != oldSession, Duration.ofSeconds(60),
                "node1 is live again, in a new session");

        // gnt-plugin install of a new kvm bundle version: updated in place, the guest is not touched
        Path kvmJar = Path.of(System.getProperty("gnt.bundles.dir", "target/bundles"), "gnt-bundle-hypervisor-kvm.jar")
                .toAbsolutePath();
        Path kvm2 = BundleJars.withVersion(kvmJar, fx.cluster.nodeDir("node1").getParent().resolve("kvm-v2.jar"),
                "0.1.1.kvm2");
        String sha2 = BundleRecord.sha256(Files.readAllBytes(kvm2));
        NodeState beforeUpdate = fx.read.inventory().get("node1").orElseThrow();
        cli = fx.gnt("gnt-plugin", "install", "--timeout=120", kvm2.toString());
        String installOut = cli[1];
        assertEquals("0", cli[0], installOut + cli[2]);
        assertTrue(installOut.contains("node1: running gnt-bundle-hypervisor-kvm 0.1.1.kvm2 (active)"), installOut);
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "QEMU survived the update");
        assertEquals(pid, Long.parseLong(fx.record("node1", "kvm", NAME).orElseThrow().getProperty("pid")), "the same QEMU after the update");
        assertEquals("running", Qmp.status(qmp));
        // the new code lists the guest: an inventory published after the update, with the new digest
        eventually(() -> fx.read.inventory().get("node1").map(s -> s.seq() > beforeUpdate.seq()
                && s.bundleInfo().stream().anyMatch(b -> b.sha256().equals(sha2))
                && s.instances().getOrDefault("kvm", List.of()).stream()
                        .anyMatch(r -> r.name().equals(NAME) && r.state() == RunState.RUNNING)).orElse(false),
                Duration.ofSeconds(60), "node1 reports the guest running through kvm 0.1.1.kvm2");
        assertEquals(beforeUpdate.epoch(), fx.read.inventory().get("node1").orElseThrow().epoch(),
                "updated in place: the same node service run");
        cli = fx.gnt("gnt-plugin", "list", "--no-headers", "--separator=|", "--full-digest");
        String listOut = cli[1];
        assertEquals("0", cli[0], listOut + cli[2]);
        assertTrue(listOut.contains("node1|gnt-bundle-hypervisor-kvm|0.1.1.kvm2|" + sha2 + "|active|-"), listOut);

        // OP_INSTANCE_SHUTDOWN: the guest powers off by ACPI and QEMU exits
        JobState down = fx.run("{\"OP_ID\": \"OP_INSTANCE_SHUTDOWN\", \"instance_name\": \"" + NAME
                + "\", \"timeout\": 30}");
        assertEquals(JobStatus.SUCCESS, down.status(), down.toString());
        eventually(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), Duration.ofSeconds(20),
                "QEMU exited");
        eventually(() -> "down".equals(fx.read.config().instance(NAME).orElseThrow().adminState()),
                Duration.ofSeconds(10), "the config has the instance down");
        // the node cleans the runtime files (serial log included) up after the stop, so its own log tells
        assertTrue(contains(fx.cluster.logs().resolve("node1.log"), "Stopped " + NAME + " (ACPI shutdown)"),
                "the guest powered itself off (ACPI), no hard stop");
        assertFalse(Files.exists(hvDir.resolve(NAME + ".runtime")), "runtime record removed");
        eventually(() -> fx.read.inventory().get("node1").map(s -> s.instances().getOrDefault("kvm", List.of())
                .isEmpty()).orElse(false), Duration.ofSeconds(30), "the inventory shows no kvm instance");
        assertFalse(fx.read.runtime(fx.read.config().instance(NAME).orElseThrow()).isPresent());
    }

    private static String create(String extraHv) {
        return """
                {"OP_ID": "OP_INSTANCE_CREATE", "instance_name": "%s", "mode": "create", "disk_template": "diskless",
                 "disks": [], "nics": [], "os_type": "noop", "no_install": true, "pnode": "node1", "hypervisor": "kvm",
                 "beparams": {"memory": 128, "vcpus": 1}, "start": false, "name_check": false, "ip_check": false,
                 "hvparams": {"kernel_path": "%s", "initrd_path": "%s", "root_path": "", %s}}"""
                .formatted(NAME, ClusterFixture.GUEST.resolve("vmlinuz"), ClusterFixture.GUEST.resolve("initrd.gz"), extraHv);
    }

    /** The ZooKeeper session owning the node's live znode, 0 when there is none. */
    private static long liveSession(String node) {
        try {
            var stat = fx.curator.checkExists().forPath(fx.cluster.bus().paths().live(node));
            return stat == null ? 0 : stat.getEphemeralOwner();
        } catch (Exception e) {
            return 0;
        }
    }
}
