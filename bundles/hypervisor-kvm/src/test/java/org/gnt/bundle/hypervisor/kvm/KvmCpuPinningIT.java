package org.gnt.bundle.hypervisor.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.gnt.plugins.hypervisor.StopMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ganeti's hvparams that shape the QEMU process, on real paused QEMUs without an OS: cpu_mask read
 * back from the kernel (/proc/PID/task/TID/status; vCPU threads exist from the start), and the
 * display, keyboard, USB pointer and guest-agent options QEMU must accept.
 */
class KvmCpuPinningIT {
    private static Path runDir;
    private static final List<Long> pids = new ArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64")),
                "qemu-system-x86_64 is not installed (.ci/run installs it)");
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two host CPUs");
        runDir = Files.createTempDirectory("gnt-kvm-pin");
    }

    @AfterAll
    static void tearDown() throws IOException {
        for (long pid : pids) { // only the QEMUs this test started
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        if (runDir != null) {
            try (Stream<Path> s = Files.walk(runDir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
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
        KvmHypervisor hv = new KvmHypervisor(runDir);
        InstanceSpec spec = spec("pin1", 1, "1");
        hv.start(spec, List.of(), true);
        RuntimeRecord rec = hv.record("pin1").orElseThrow();
        pids.add(rec.pid());
        for (long tid : threads(rec.pid())) {
            assertEquals("1", allowed(rec.pid(), tid), "thread " + tid);
        }
        hv.stop(spec, StopMode.HARD, Duration.ofSeconds(5));
        hv.cleanup("pin1");
    }

    @Test
    void perVcpuMasksPinEachVcpuThread() throws Exception {
        KvmHypervisor hv = new KvmHypervisor(runDir);
        InstanceSpec spec = spec("pin2", 2, "1:0");
        hv.start(spec, List.of(), true);
        RuntimeRecord rec = hv.record("pin2").orElseThrow();
        pids.add(rec.pid());
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
        KvmHypervisor hv = new KvmHypervisor(runDir);
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
        KvmHypervisor hv = new KvmHypervisor(runDir);
        InstanceSpec spec = new InstanceSpec("extra1", UUID.randomUUID().toString(), 64, 1, Map.of("root_path", "",
                "kernel_args", "", "vga", "std", "keymap", "en-us", "usb_mouse", "tablet", "use_guest_agent", true,
                "vnc_bind_address", "127.0.0.1"));
        hv.start(spec, List.of(), true);
        RuntimeRecord rec = hv.record("extra1").orElseThrow();
        pids.add(rec.pid());
        List<?> mice = (List<?>) QmpClient.call(rec.qmp(), Duration.ofSeconds(10), "query-mice", Map.of());
        assertTrue(mice.toString().contains("Tablet"), mice.toString());
        List<?> chardevs = (List<?>) QmpClient.call(rec.qmp(), Duration.ofSeconds(10), "query-chardev", Map.of());
        assertTrue(chardevs.toString().contains("qga0") && chardevs.toString().contains("extra1.qga"),
                chardevs.toString());
        assertTrue(Files.exists(runDir.resolve("extra1.qga")), "the agent's socket");
        hv.stop(spec, StopMode.HARD, Duration.ofSeconds(5));
        hv.cleanup("extra1");
        assertTrue(!Files.exists(runDir.resolve("extra1.qga")), "cleanup removes the agent's socket");
    }
}
