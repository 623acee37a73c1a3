package org.gnt.bundle.hypervisor.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.hypervisor.InstanceSpec;
import org.gnt.plugins.hypervisor.StopMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ganeti's hvparams that shape the QEMU process, on real paused QEMUs without an OS: cpu_mask read
 * back from the kernel (/proc/PID/task/TID/status; vCPU threads exist from the start), and the
 * display, keyboard, USB pointer and guest-agent options QEMU must accept.
 */
class KvmCpuPinningIT {
    @RegisterExtension
    static final TestGuest guest = new TestGuest("gnt-kvm-pin").withoutKernel();

    @BeforeAll
    static void twoCpus() {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two host CPUs");
    }

    private static InstanceSpec spec(String name, int vcpus, String mask) {
        return new InstanceSpec(name, UUID.randomUUID().toString(), 64, vcpus, Map.of("cpu_mask", mask,
                "root_path", "", "kernel_args", ""));
    }

    private static String allowed(long pid, long tid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "task", Long.toString(tid),
                "status"))) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        throw new IOException("no Cpus_allowed_list for " + tid);
    }

    private static List<Long> threads(long pid) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return s.map(p -> Long.parseLong(p.getFileName().toString())).toList();
        }
    }

    @Test
    void aWholeProcessMaskPinsEveryThread() throws Exception {
        KvmHypervisor hv = new KvmHypervisor(guest.runDir());
        InstanceSpec spec = spec("pin1", 1, "1");
        hv.start(spec, List.of(), true);
        RuntimeRecord rec = guest.started(hv, "pin1");
        for (long tid : threads(rec.pid())) {
            assertEquals("1", allowed(rec.pid(), tid), "thread " + tid);
        }
        hv.stop(spec, StopMode.HARD, Duration.ofSeconds(5));
        hv.cleanup("pin1");
    }

    @Test
    void perVcpuMasksPinEachVcpuThread() throws Exception {
        KvmHypervisor hv = new KvmHypervisor(guest.runDir());
        InstanceSpec spec = spec("pin2", 2, "1:0");
        hv.start(spec, List.of(), true);
        RuntimeRecord rec = guest.started(hv, "pin2");
        List<?> cpus = (List<?>) QmpClient.call(rec.qmp(), Duration.ofSeconds(10), "query-cpus-fast", Map.of());
        assertEquals(2, cpus.size());
        for (Object c : cpus) {
            Map<?, ?> cpu = (Map<?, ?>) c;
            long index = ((Number) cpu.get("cpu-index")).longValue();
            long tid = ((Number) cpu.get("thread-id")).longValue();
            assertEquals(index == 0 ? "1" : "0", allowed(rec.pid(), tid), "vCPU " + index);
        }
        hv.stop(spec, StopMode.HARD, Duration.ofSeconds(5));
        hv.cleanup("pin2");
    }

    @Test
    void badMasksAreRefusedBeforeQemuRuns() throws Exception {
        KvmHypervisor hv = new KvmHypervisor(guest.runDir());
        PluginException e = assertThrows(PluginException.class, () -> hv.start(spec("pin3", 1, "0:1"), List.of(),
                true));
        assertEquals(ErrorKind.INVAL, e.kind());
        e = assertThrows(PluginException.class, () -> hv.start(spec("pin3", 1, "zero"), List.of(), true));
        assertEquals(ErrorKind.INVAL, e.kind());
        assertTrue(e.getMessage().contains("cpu_mask"), e.getMessage());
        // a CPU the host does not have: taskset refuses, the QEMU it would have pinned is gone
        e = assertThrows(PluginException.class, () -> hv.start(spec("pin3", 1, "4095"), List.of(), true));
        assertEquals(ErrorKind.ENVIRON, e.kind());
        assertTrue(hv.info("pin3").isEmpty());
        hv.cleanup("pin3");
    }

    @Test
    void vgaKeymapUsbTabletAndGuestAgentRunOnRealQemu() throws Exception {
        KvmHypervisor hv = new KvmHypervisor(guest.runDir());
        InstanceSpec spec = new InstanceSpec("extra1", UUID.randomUUID().toString(), 64, 1, Map.of("root_path", "",
                "kernel_args", "", "vga", "std", "keymap", "en-us", "usb_mouse", "tablet", "use_guest_agent", true,
                "vnc_bind_address", "127.0.0.1"));
        hv.start(spec, List.of(), true);
        RuntimeRecord rec = guest.started(hv, "extra1");
        List<?> mice = (List<?>) QmpClient.call(rec.qmp(), Duration.ofSeconds(10), "query-mice", Map.of());
        assertTrue(mice.toString().contains("Tablet"), mice.toString());
        List<?> chardevs = (List<?>) QmpClient.call(rec.qmp(), Duration.ofSeconds(10), "query-chardev", Map.of());
        assertTrue(chardevs.toString().contains("qga0") && chardevs.toString().contains("extra1.qga"),
                chardevs.toString());
        assertTrue(Files.exists(guest.runDir().resolve("extra1.qga")), "the agent's socket");
        hv.stop(spec, StopMode.HARD, Duration.ofSeconds(5));
        hv.cleanup("extra1");
        assertTrue(!Files.exists(guest.runDir().resolve("extra1.qga")), "cleanup removes the agent's socket");
    }
}
