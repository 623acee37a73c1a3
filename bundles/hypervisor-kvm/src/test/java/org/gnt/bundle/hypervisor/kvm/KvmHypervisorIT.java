package org.gnt.bundle.hypervisor.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.hypervisor.InstanceSpec;
import org.gnt.plugins.hypervisor.RuntimeInstance;
import org.gnt.plugins.hypervisor.RuntimeInstance.RunState;
import org.gnt.plugins.hypervisor.StopMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Boots a real QEMU guest (KVM when /dev/kvm exists, TCG here) from a Debian kernel and a busybox
 * initramfs this test builds itself (cached in target/kvm-guest), through KvmHypervisor directly.
 */
class KvmHypervisorIT {
    @RegisterExtension
    static final TestGuest guest = new TestGuest("gnt-kvm-it");

    private static InstanceSpec spec(String name) {
        return TestGuest.spec(name, Map.of());
    }

    private static String status(Path qmp) throws IOException {
        return String.valueOf(((Map<?, ?>) QmpClient.call(qmp, Duration.ofSeconds(10), "query-status", Map.of()))
                .get("status"));
    }

    @Test
    void bootsRediscoversAndShutsDownByAcpi() throws Exception {
        KvmHypervisor hv = new KvmHypervisor(guest.runDir());
        InstanceSpec spec = spec("it1");
        hv.start(spec, List.of(), false);
        RuntimeRecord rec = guest.started(hv, "it1");

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
        KvmHypervisor restarted = new KvmHypervisor(guest.runDir());
        assertEquals(listed, restarted.list());
        assertEquals(rec.pid(), restarted.record("it1").orElseThrow().pid());

        // The guest's acpid handles the power button only once it has booted.
        Path serialLog = guest.runDir().resolve("it1.serial.log");
        guest.waitFor(() -> Files.exists(serialLog) && Files.readString(serialLog).contains("GUEST-READY"),
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
        try (Stream<Path> left = Files.list(guest.runDir())) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("it1.")).toList());
        }
    }

    @Test
    void pausedStartThenHardStop() throws Exception {
        KvmHypervisor hv = new KvmHypervisor(guest.runDir());
        InstanceSpec spec = spec("it2");
        hv.start(spec, List.of(), true);
        RuntimeRecord rec = guest.started(hv, "it2");
        assertEquals("prelaunch", status(rec.qmp()));
        assertEquals(RunState.PAUSED, hv.info("it2").orElseThrow().state());

        hv.stop(spec, StopMode.HARD, Duration.ofSeconds(5));
        assertFalse(rec.alive());
        assertTrue(hv.info("it2").isEmpty());
        hv.cleanup("it2");
    }

    @Test
    void aGuestThatPowersItselfOffWithUserShutdownIsReportedShutdown() throws Exception {
        KvmHypervisor hv = new KvmHypervisor(guest.runDir());
        InstanceSpec plain = spec("it3");
        Map<String, Object> hvp = new java.util.HashMap<>(plain.hvParams());
        hvp.put("user_shutdown", true);
        InstanceSpec spec = new InstanceSpec("it3", plain.uuid(), 128, 1, hvp);
        hv.start(spec, List.of(), false);
        RuntimeRecord rec = guest.started(hv, "it3");
        assertTrue(rec.argv().contains("-no-shutdown"), rec.argv().toString());
        Path serialLog = guest.runDir().resolve("it3.serial.log");
        guest.waitFor(() -> Files.exists(serialLog) && Files.readString(serialLog).contains("GUEST-READY"),
                Duration.ofSeconds(45), "guest boot");

        // the guest powers off by itself (its acpid, on a power button pressed behind our back)
        QmpClient.call(rec.qmp(), Duration.ofSeconds(10), "system_powerdown", Map.of());
        guest.waitFor(() -> hv.info("it3").map(r -> r.state() == RunState.SHUTDOWN).orElse(false),
                Duration.ofSeconds(30), "the guest reported shut down");
        assertTrue(rec.alive(), "QEMU stays (-no-shutdown)");

        // starting it again replaces the idle QEMU; a soft stop of a shut-down guest does not wait
        hv.start(spec, List.of(), false);
        RuntimeRecord second = guest.started(hv, "it3");
        assertFalse(rec.alive(), "the old QEMU is gone");
        assertEquals(RunState.RUNNING, hv.info("it3").orElseThrow().state());
        hv.stop(spec, StopMode.HARD, Duration.ofSeconds(5));
        hv.cleanup("it3");
    }

    @Test
    void refusesBadHvparamsBeforeRunningQemu() throws Exception {
        KvmHypervisor hv = new KvmHypervisor(guest.runDir());
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

        try (Stream<Path> left = Files.list(guest.runDir())) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("bad")).toList());
        }
    }

    /** Session id: the 4th field after the command name in /proc/PID/stat. */
    private static String session(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3];
    }
}
