package org.gnt.bundle.hypervisor.kvm;

import static org.gnt.bundle.hypervisor.kvm.TestGuest.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.disk.AttachedDisk;
import org.gnt.plugins.disk.DiskRef;
import org.gnt.plugins.hypervisor.ConsoleInfo;
import org.gnt.plugins.hypervisor.InstanceSpec;
import org.gnt.plugins.hypervisor.MigrationStatus;
import org.gnt.plugins.hypervisor.RuntimeInstance.RunState;
import org.gnt.plugins.hypervisor.StopMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Migration, reboot, resume and consoles on real QEMU (TCG here): two KvmHypervisor objects with
 * their own runtime directories act as two nodes on 127.0.0.1, sharing a raw disk file.
 */
class KvmMigrationIT {
    private static final Duration MIGRATION_WAIT = Duration.ofSeconds(240);
    @RegisterExtension
    static final TestGuest guest = new TestGuest("gnt-mig");
    private static KvmHypervisor nodeA;
    private static KvmHypervisor nodeB;

    @BeforeAll
    static void setUp() throws IOException {
        nodeA = new KvmHypervisor(guest.runDir().resolve("a"));
        nodeB = new KvmHypervisor(guest.runDir().resolve("b"));
    }

    /** One raw disk per instance, in the directory both "nodes" see. */
    private static List<AttachedDisk> disks(String name) throws IOException {
        Path disk = guest.runDir().resolve(name + "-disk0.raw");
        if (!Files.exists(disk)) {
            try (RandomAccessFile f = new RandomAccessFile(disk.toFile(), "rw")) {
                f.setLength(16 << 20);
            }
        }
        return List.of(new AttachedDisk(new DiskRef("sharedfile", name + "/d0"), disk.toString(), 16));
    }

    /** Gone or a zombie: a daemonized QEMU is reparented to an init that may never reap it. */
    private static boolean gone(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException e) {
            return true;
        }
    }

    private static long start(KvmHypervisor hv, InstanceSpec spec, List<AttachedDisk> disks, boolean paused) {
        hv.start(spec, disks, paused);
        return guest.started(hv, spec.name()).pid();
    }

    private static long pidOf(KvmHypervisor hv, String name) {
        return guest.started(hv, name).pid();
    }

    private static String status(KvmHypervisor hv, String name) throws IOException {
        Path qmp = hv.record(name).orElseThrow().qmp();
        return String.valueOf(((Map<?, ?>) QmpClient.call(qmp, Duration.ofSeconds(20), "query-status", Map.of()))
                .get("status"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static MigrationStatus awaitEnd(KvmHypervisor hv, String name) throws Exception {
        long deadline = System.nanoTime() + MIGRATION_WAIT.toNanos();
        while (true) {
            MigrationStatus s = hv.migrationStatus(name);
            if (s.finished() || System.nanoTime() > deadline) {
                return s;
            }
            Thread.sleep(250);
        }
    }

    private static void awaitSerial(KvmHypervisor hv, String name, String text) throws Exception {
        awaitSerial(hv, name, text, 1);
    }

    /** Waits until the serial log holds {@code text} at least {@code times} times (a reset keeps the log). */
    private static void awaitSerial(KvmHypervisor hv, String name, String text, int times) throws Exception {
        Path log = hv.runtimeDir().resolve(name + ".serial.log");
        guest.waitFor(() -> Files.exists(log)
                && Files.readString(log).split(java.util.regex.Pattern.quote(text), -1).length > times,
                Duration.ofSeconds(120), name + " printing " + text + " " + times + "x on " + hv.runtimeDir());
    }

    /** Types a command on the guest's serial console (its shell): proves the guest executes there. */
    private static void typeOnSerial(KvmHypervisor hv, String name, String line) throws Exception {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(hv.runtimeDir().resolve(name + ".serial")));
            // one key at a time: the emulated UART drops what the guest has not read when we hang up
            for (byte b : ("\r" + line + "\r").getBytes(StandardCharsets.US_ASCII)) {
                c.write(ByteBuffer.wrap(new byte[] {b}));
                Thread.sleep(30);
            }
            Thread.sleep(2000);
        }
    }

    @Test
    void liveThenNonLiveMigrationRoundTrip() throws Exception {
        // post-copy: the target runs the guest before all RAM arrived; xbzrle: delta-compressed re-sends
        InstanceSpec spec = spec("mig1", Map.of("migration_bandwidth", 1000L, "migration_caps", "xbzrle:postcopy-ram"));
        long srcPid = start(nodeA, spec, disks(spec.name()), false);
        awaitSerial(nodeA, "mig1", "GUEST-READY");

        // live A -> B
        String info = nodeA.migrationInfo("mig1");
        int port = freePort();
        nodeB.acceptIncoming(spec, disks(spec.name()), info, "127.0.0.1", port);
        long dstPid = pidOf(nodeB, "mig1");
        RuntimeRecord target = nodeB.record("mig1").orElseThrow();
        assertTrue(target.argv().contains("defer"), "target waits with -incoming defer");
        assertFalse(String.join(" ", target.argv()).contains(nodeA.runtimeDir().toString()), "paths made local");
        assertTrue(String.join(" ", target.argv()).contains(nodeB.runtimeDir().resolve("mig1.qmp").toString()));
        assertEquals("inmigrate", status(nodeB, "mig1"));
        Object caps = QmpClient.call(target.qmp(), Duration.ofSeconds(20), "query-migrate-capabilities", Map.of());
        assertTrue(((List<?>) caps).contains(Map.of("capability", "postcopy-ram", "state", true)), caps.toString());
        assertEquals(MigrationStatus.NONE, nodeA.migrationStatus("mig1").status());

        nodeA.migrate(spec, "127.0.0.1", port, true);
        MigrationStatus done = awaitEnd(nodeA, "mig1");
        assertEquals(MigrationStatus.COMPLETED, done.status(), done.toString());
        assertTrue(done.transferredBytes() > 0, done.toString());
        assertTrue(done.totalTimeMs() > 0, done.toString());
        nodeB.finishIncoming(spec, true);
        nodeB.finishIncoming(spec, true); // idempotent
        nodeA.finishOutgoing(spec, true);
        nodeA.finishOutgoing(spec, true); // idempotent
        assertEquals("running", status(nodeB, "mig1"));
        assertTrue(gone(srcPid), "source QEMU gone");
        assertTrue(nodeA.info("mig1").isEmpty());
        assertFalse(Files.exists(nodeA.runtimeDir().resolve("mig1.runtime")));
        assertEquals(RunState.RUNNING, nodeB.info("mig1").orElseThrow().state());
        typeOnSerial(nodeB, "mig1", "echo MIG-$((40+2))");
        awaitSerial(nodeB, "mig1", "MIG-42");

        // non-live B -> A: the guest is paused for the copy and runs again on A
        info = nodeB.migrationInfo("mig1");
        port = freePort();
        nodeA.acceptIncoming(spec, disks(spec.name()), info, "127.0.0.1", port);
        long backPid = pidOf(nodeA, "mig1");
        nodeB.migrate(spec, "127.0.0.1", port, false);
        done = awaitEnd(nodeB, "mig1");
        assertEquals(MigrationStatus.COMPLETED, done.status(), done.toString());
        nodeA.finishIncoming(spec, true);
        nodeB.finishOutgoing(spec, true);
        assertEquals("running", status(nodeA, "mig1"));
        assertTrue(gone(dstPid));
        assertTrue(nodeB.info("mig1").isEmpty());
        assertEquals(backPid, nodeA.record("mig1").orElseThrow().pid());
        // a guest that came by migration reboots from its record without -incoming
        nodeA.reboot(spec, StopMode.HARD, Duration.ofSeconds(5));
        assertEquals("running", status(nodeA, "mig1"));
        nodeA.stop(spec, StopMode.HARD, Duration.ofSeconds(5));
        nodeA.cleanup("mig1");
    }

    @Test
    void failedAndCancelledMigrationsLeaveTheSourceRunning() throws Exception {
        // 1 MiB/s: the copy of the booted guest takes long enough to cancel it or kill the target
        InstanceSpec spec = spec("mig2", Map.of("migration_bandwidth", 1L));
        start(nodeA, spec, disks(spec.name()), false);
        awaitSerial(nodeA, "mig2", "GUEST-READY");

        // nothing listens on the target port
        nodeA.migrate(spec, "127.0.0.1", freePort(), true);
        MigrationStatus s = awaitEnd(nodeA, "mig2");
        assertEquals(MigrationStatus.FAILED, s.status(), s.toString());
        assertFalse(s.error().isEmpty(), s.toString());
        nodeA.finishOutgoing(spec, false);
        assertEquals("running", status(nodeA, "mig2"));

        // cancelled while copying
        int port = freePort();
        nodeB.acceptIncoming(spec, disks(spec.name()), nodeA.migrationInfo("mig2"), "127.0.0.1", port);
        pidOf(nodeB, "mig2");
        nodeA.migrate(spec, "127.0.0.1", port, true);
        assertEquals(MigrationStatus.ACTIVE, nodeA.migrationStatus("mig2").status());
        PluginException twice = assertThrows(PluginException.class,
                () -> nodeA.migrate(spec, "127.0.0.1", port, true));
        assertEquals(ErrorKind.STATE, twice.kind());
        nodeA.cancelMigration("mig2");
        s = awaitEnd(nodeA, "mig2");
        assertEquals(MigrationStatus.CANCELLED, s.status(), s.toString());
        nodeA.finishOutgoing(spec, false);
        nodeB.finishIncoming(spec, false);
        assertEquals("running", status(nodeA, "mig2"));
        assertTrue(nodeB.info("mig2").isEmpty());

        // non-live, target killed mid-copy: the paused source runs again, the target is cleaned up
        int port2 = freePort();
        nodeB.acceptIncoming(spec, disks(spec.name()), nodeA.migrationInfo("mig2"), "127.0.0.1", port2);
        long dst = pidOf(nodeB, "mig2");
        nodeA.migrate(spec, "127.0.0.1", port2, false);
        assertEquals("paused", status(nodeA, "mig2"));
        Thread.sleep(1000);
        ProcessHandle.of(dst).ifPresent(ProcessHandle::destroyForcibly);
        s = awaitEnd(nodeA, "mig2");
        assertEquals(MigrationStatus.FAILED, s.status(), s.toString());
        nodeA.finishOutgoing(spec, false);
        nodeA.finishOutgoing(spec, false); // idempotent
        assertEquals("running", status(nodeA, "mig2"));
        nodeB.finishIncoming(spec, false);
        nodeB.finishIncoming(spec, false); // idempotent, nothing there
        try (Stream<Path> left = Files.list(nodeB.runtimeDir())) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("mig2.")).toList());
        }
        PluginException noGuest = assertThrows(PluginException.class,
                () -> nodeB.finishIncoming(spec, true));
        assertEquals(ErrorKind.ENVIRON, noGuest.kind());
        typeOnSerial(nodeA, "mig2", "echo BACK-$((6*7))");
        awaitSerial(nodeA, "mig2", "BACK-42");
        nodeA.stop(spec, StopMode.HARD, Duration.ofSeconds(5));
        nodeA.cleanup("mig2");
    }

    @Test
    void pausedStartResumeRebootAndSerialConsole() throws Exception {
        InstanceSpec spec = spec("rb1", Map.of());
        long pid = start(nodeA, spec, List.of(), true);
        assertEquals("prelaunch", status(nodeA, "rb1"));
        ConsoleInfo c = nodeA.console(spec);
        assertEquals(ConsoleInfo.SSH, c.kind());
        assertEquals("root", c.user());
        assertEquals("", c.host());
        assertEquals(List.of("sh", "-c", SerialConsole.SCRIPT, "gnt-console", nodeA.runtimeDir().resolve("rb1.qmp")
                .toString(), nodeA.runtimeDir().resolve("rb1.serial").toString()), c.command()); // see KvmSpiceIT

        nodeA.resume("rb1");
        assertEquals("running", status(nodeA, "rb1"));
        awaitSerial(nodeA, "rb1", "GUEST-READY");

        nodeA.reboot(spec, StopMode.HARD, Duration.ofSeconds(5));
        assertEquals(pid, nodeA.record("rb1").orElseThrow().pid(), "hard reboot keeps the process");
        assertEquals("running", status(nodeA, "rb1"));
        awaitSerial(nodeA, "rb1", "GUEST-READY", 2); // acpid must run again before the soft reboot

        nodeA.reboot(spec, StopMode.SOFT, Duration.ofSeconds(60));
        long newPid = pidOf(nodeA, "rb1");
        assertNotEquals(pid, newPid, "soft reboot runs a new QEMU");
        assertTrue(gone(pid));
        assertEquals("running", status(nodeA, "rb1"));
        assertFalse(nodeA.record("rb1").orElseThrow().argv().contains("-S"));
        awaitSerial(nodeA, "rb1", "GUEST-READY");

        nodeA.stop(spec, StopMode.HARD, Duration.ofSeconds(5));
        for (var call : List.<Runnable>of(() -> nodeA.resume("rb1"),
                () -> nodeA.reboot(spec, StopMode.HARD, Duration.ofSeconds(1)),
                () -> nodeA.console(spec), () -> nodeA.migrate(spec, "127.0.0.1", 1, true))) {
            assertEquals(ErrorKind.STATE, assertThrows(PluginException.class, call::run).kind());
        }
        nodeA.cleanup("rb1");
    }

    @Test
    void vncAndNoConsole() throws Exception {
        InstanceSpec vnc = spec("vnc1", Map.of("serial_console", false, "vnc_bind_address", "127.0.0.1"));
        start(nodeB, vnc, List.of(), true);
        ConsoleInfo c = nodeB.console(vnc);
        assertEquals(ConsoleInfo.VNC, c.kind());
        assertEquals("127.0.0.1", c.host());
        assertTrue(c.port() >= 5900, c.toString());
        assertEquals(c.port() - 5900, c.display());
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", c.port())) {
            byte[] hello = s.getInputStream().readNBytes(3);
            assertEquals("RFB", new String(hello, StandardCharsets.US_ASCII), "a VNC server answers there");
        }
        nodeB.stop(vnc, StopMode.HARD, Duration.ofSeconds(5));
        nodeB.cleanup("vnc1");

        InstanceSpec none = spec("cons0", Map.of("serial_console", false));
        start(nodeB, none, List.of(), true);
        c = nodeB.console(none);
        assertEquals(ConsoleInfo.MESSAGE, c.kind());
        assertTrue(c.message().contains("serial_console"), c.message());
        nodeB.stop(none, StopMode.HARD, Duration.ofSeconds(5));
        nodeB.cleanup("cons0");
    }
}
