package org.gnt.bundle.hypervisor.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.hypervisor.InstanceSpec;
import org.gnt.plugins.hypervisor.RuntimeInstance;
import org.gnt.plugins.hypervisor.RuntimeInstance.RunState;
import org.gnt.plugins.hypervisor.StopMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Boots a real QEMU guest (KVM when /dev/kvm exists, TCG here) from a Debian kernel and a busybox
 * initramfs this test builds itself (cached in target/kvm-guest), through KvmHypervisor directly.
 */
class KvmHypervisorIT {
    private static final Path GUEST = Path.of("target", "kvm-guest").toAbsolutePath();
    private static Path runDir;
    private static final List<Long> startedPids = new ArrayList<>();

    @BeforeAll
    static void buildGuest() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64")),
                "qemu-system-x86_64 is not installed (.ci/run installs it)");
        if (!Files.exists(GUEST.resolve("vmlinuz")) || !Files.exists(GUEST.resolve("initrd.gz"))) {
            Path script = Path.of(KvmHypervisorIT.class.getResource("/guest/build-guest.sh").toURI());
            Process p = new ProcessBuilder("bash", script.toString(), GUEST.toString()).inheritIO().start();
            assertEquals(0, p.waitFor(), "build-guest.sh failed");
        }
        // /tmp keeps the unix socket paths short whatever the checkout path is
        runDir = Files.createTempDirectory("gnt-kvm-it");
    }

    @AfterAll
    static void cleanUp() throws IOException {
        for (long pid : startedPids) { // only the QEMUs this test started
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        if (runDir != null) {
            try (Stream<Path> s = Files.walk(runDir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static InstanceSpec spec(String name) {
        return new InstanceSpec(name, UUID.randomUUID().toString(), 128, 1, Map.of(
                "kernel_path", GUEST.resolve("vmlinuz").toString(),
                "initrd_path", GUEST.resolve("initrd.gz").toString(),
                "root_path", "",
                "kernel_args", "quiet panic=-1"));
    }

    private static String status(Path qmp) throws IOException {
        return String.valueOf(((Map<?, ?>) QmpClient.call(qmp, Duration.ofSeconds(10), "query-status", Map.of()))
                .get("status"));
    }

    @Test
    void bootsRediscoversAndShutsDownByAcpi() throws Exception {
        KvmHypervisor hv = new KvmHypervisor(runDir);
        InstanceSpec spec = spec("it1");
        hv.start(spec, List.of(), false);
        RuntimeRecord rec = hv.record("it1").orElseThrow();
        startedPids.add(rec.pid());

        assertEquals("running", status(rec.qmp()));
        // Detached: not our child and in its own session, so the node service dying does not take it along.
        ProcessHandle qemu = ProcessHandle.of(rec.pid()).orElseThrow();
        assertFalse(qemu.parent().map(ProcessHandle::pid).orElse(1L) == ProcessHandle.current().pid());
        assertFalse(session(rec.pid()).equals(session(ProcessHandle.current().pid())), "own session");
        // No /dev/kvm means TCG; with one, the probe decides (the boot below proves the choice works).
        assertTrue(Files.exists(Path.of("/dev/kvm")) ? List.of("kvm", "tcg").contains(hv.accelerator())
                : hv.accelerator().equals("tcg"), hv.accelerator());
        int accel = rec.argv().indexOf("-accel");
        assertEquals(hv.accelerator(), rec.argv().get(accel + 1));
        assertEquals("q35", rec.argv().get(rec.argv().indexOf("-machine") + 1));
        assertTrue(rec.argv().contains("-daemonize"));
        assertEquals("quiet panic=-1", rec.hvParams().get("kernel_args"));
        assertEquals(38400L, rec.hvParams().get("serial_speed"));

        List<RuntimeInstance> listed = hv.list();
        assertEquals(1, listed.size());
        assertEquals(new RuntimeInstance("it1", spec.uuid(), RunState.RUNNING, 128, 1), listed.get(0));
        assertEquals(listed.get(0), hv.info("it1").orElseThrow());
        assertTrue(hv.nodeInfo().cpuUsed() >= 1);

        PluginException again = assertThrows(PluginException.class, () -> hv.start(spec, List.of(), false));
        assertEquals(ErrorKind.STATE, again.kind());

        // A restarted node service: a new object on the same runtime directory finds the guest.
        KvmHypervisor restarted = new KvmHypervisor(runDir);
        assertEquals(listed, restarted.list());
        assertEquals(rec.pid(), restarted.record("it1").orElseThrow().pid());

        // The guest's acpid handles the power button only once it has booted.
        Path serialLog = runDir.resolve("it1.serial.log");
        waitFor(() -> Files.exists(serialLog) && Files.readString(serialLog).contains("GUEST-READY"),
                Duration.ofSeconds(45), "guest boot");
        long t0 = System.nanoTime();
        restarted.stop(spec, StopMode.SOFT, Duration.ofSeconds(20));
        assertTrue(Files.readString(serialLog).contains("GUEST-POWERDOWN"), "the guest powered itself off (ACPI)");
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(20).toNanos(), "soft stop, not the timeout");
        assertFalse(rec.alive(), "qemu pid " + rec.pid() + " exited");
        assertTrue(restarted.list().isEmpty());
        assertTrue(hv.info("it1").isEmpty());

        PluginException notRunning = assertThrows(PluginException.class,
                () -> restarted.stop(spec, StopMode.SOFT, Duration.ofSeconds(1)));
        assertEquals(ErrorKind.STATE, notRunning.kind());
        restarted.cleanup("it1");
        try (Stream<Path> left = Files.list(runDir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("it1.")).toList());
        }
    }

    @Test
    void pausedStartThenHardStop() throws Exception {
        KvmHypervisor hv = new KvmHypervisor(runDir);
        InstanceSpec spec = spec("it2");
        hv.start(spec, List.of(), true);
        RuntimeRecord rec = hv.record("it2").orElseThrow();
        startedPids.add(rec.pid());
        assertEquals("prelaunch", status(rec.qmp()));
        assertEquals(RunState.PAUSED, hv.info("it2").orElseThrow().state());

        hv.stop(spec, StopMode.HARD, Duration.ofSeconds(5));
        assertFalse(rec.alive());
        assertTrue(hv.info("it2").isEmpty());
        hv.cleanup("it2");
    }

    @Test
    void aGuestThatPowersItselfOffWithUserShutdownIsReportedShutdown() throws Exception {
        KvmHypervisor hv = new KvmHypervisor(runDir);
        InstanceSpec plain = spec("it3");
        Map<String, Object> hvp = new java.util.HashMap<>(plain.hvParams());
        hvp.put("user_shutdown", true);
        InstanceSpec spec = new InstanceSpec("it3", plain.uuid(), 128, 1, hvp);
        hv.start(spec, List.of(), false);
        RuntimeRecord rec = hv.record("it3").orElseThrow();
        startedPids.add(rec.pid());
        assertTrue(rec.argv().contains("-no-shutdown"), rec.argv().toString());
        Path serialLog = runDir.resolve("it3.serial.log");
        waitFor(() -> Files.exists(serialLog) && Files.readString(serialLog).contains("GUEST-READY"),
                Duration.ofSeconds(45), "guest boot");

        // the guest powers off by itself (its acpid, on a power button pressed behind our back)
        QmpClient.call(rec.qmp(), Duration.ofSeconds(10), "system_powerdown", Map.of());
        waitFor(() -> hv.info("it3").map(r -> r.state() == RunState.SHUTDOWN).orElse(false),
                Duration.ofSeconds(30), "the guest reported shut down");
        assertTrue(rec.alive(), "QEMU stays (-no-shutdown)");

        // starting it again replaces the idle QEMU; a soft stop of a shut-down guest does not wait
        hv.start(spec, List.of(), false);
        RuntimeRecord second = hv.record("it3").orElseThrow();
        startedPids.add(second.pid());
        assertFalse(rec.alive(), "the old QEMU is gone");
        assertEquals(RunState.RUNNING, hv.info("it3").orElseThrow().state());
        hv.stop(spec, StopMode.HARD, Duration.ofSeconds(5));
        hv.cleanup("it3");
    }

    @Test
    void refusesBadHvparamsBeforeRunningQemu() throws Exception {
        KvmHypervisor hv = new KvmHypervisor(runDir);
        InstanceSpec unknown = new InstanceSpec("bad1", "u", 128, 1, Map.of("no_such_param", "x"));
        PluginException e = assertThrows(PluginException.class, () -> hv.start(unknown, List.of(), false));
        assertEquals(ErrorKind.INVAL, e.kind());
        assertTrue(e.getMessage().contains("no_such_param"), e.getMessage());

        InstanceSpec badValue = new InstanceSpec("bad2", "u", 128, 1, Map.of("disk_cache", "sometimes"));
        e = assertThrows(PluginException.class, () -> hv.start(badValue, List.of(), false));
        assertEquals(ErrorKind.INVAL, e.kind());
        assertTrue(e.getMessage().contains("disk_cache"), e.getMessage());

        InstanceSpec missingKernel = new InstanceSpec("bad3", "u", 128, 1, Map.of("kernel_path", "/nonexistent/vmlinuz"));
        e = assertThrows(PluginException.class, () -> hv.start(missingKernel, List.of(), false));
        assertEquals(ErrorKind.ENVIRON, e.kind());
        assertTrue(e.getMessage().contains("kernel_path"), e.getMessage());

        try (Stream<Path> left = Files.list(runDir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("bad")).toList());
        }
    }

    /** Session id: the 4th field after the command name in /proc/PID/stat. */
    private static String session(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3];
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(Check c, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!c.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + timeout);
            }
            Thread.sleep(200);
        }
    }
}
