package org.gnt.bundle.hypervisor.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.hypervisor.ConsoleInfo;
import org.gnt.plugins.hypervisor.InstanceSpec;
import org.gnt.plugins.hypervisor.StopMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * gnt's firmware extensions on a real QEMU (TCG here): a UEFI guest (Debian's OVMF, direct kernel
 * boot through fw_cfg) with a swtpm vTPM and VNC on a unix socket; one guest proves all three,
 * because OVMF under TCG is slow to boot.
 */
class KvmFirmwareIT {
    private static final Duration BOOT = Duration.ofSeconds(300);
    /** Kills the QEMUs and swtpms it is told about. */
    @RegisterExtension
    static final TestGuest guest = new TestGuest("gnt-kvm-fw").polling(Duration.ofMillis(500));

    @BeforeAll
    static void needsFirmware() {
        assumeTrue(Files.isExecutable(KvmFirmware.SWTPM), "swtpm is not installed (.ci/run installs it)");
        assumeTrue(KvmFirmware.OVMF_CODE.stream().anyMatch(Files::exists), "ovmf is not installed (.ci/run installs it)");
    }

    private static InstanceSpec spec(String name, Map<String, Object> extra) {
        // 256 MiB: with OVMF the test guest does not come up in 128 MiB (it does under SeaBIOS)
        return TestGuest.spec(name, 256, extra, List.of());
    }

    @Test
    void uefiGuestWithVtpmAndUnixVncBootsRebootsKeepingItsVariablesAndStopsItsSwtpm() throws Exception {
        KvmHypervisor hv = new KvmHypervisor(guest.runDir());
        InstanceSpec spec = spec("fw1", Map.of("firmware", "uefi", "tpm", "tpm2", "vnc_bind_address", "unix"));
        hv.start(spec, List.of(), false);
        RuntimeRecord rec = guest.started(hv, "fw1");
        ProcessHandle swtpm = KvmFirmware.tpmProcess(guest.runDir(), "fw1").orElseThrow();
        guest.started(swtpm.pid());
        assertTrue(DeviceArgs.values(rec.argv(), "-drive").stream().anyMatch(v -> v.contains("if=pflash")
                && v.contains("readonly=on") && v.contains("/usr/share/OVMF/")), rec.argv().toString());
        Path vars = guest.runDir().resolve("fw1.vars.fd");
        assertTrue(Files.isRegularFile(vars));

        // QEMU sees the vTPM (a TPM 2.0 CRB backed by the emulator)
        assertTpm(rec);

        // VNC on the unix socket (the console is the serial one: it comes first, as in Ganeti)
        assertEquals(ConsoleInfo.SSH, hv.console(spec).kind());
        assertRfb(guest.runDir().resolve("fw1.vnc"));

        Path serialLog = guest.runDir().resolve("fw1.serial.log");
        guest.waitFor(() -> Files.exists(serialLog) && Files.readString(serialLog).contains("GUEST-READY"), BOOT,
                "UEFI guest boot");
        Object fileKey = Files.readAttributes(vars, BasicFileAttributes.class).fileKey();

        // soft reboot: a new QEMU and a new swtpm, the same variable store file
        hv.reboot(spec, StopMode.SOFT, Duration.ofSeconds(60));
        RuntimeRecord second = guest.started(hv, "fw1");
        assertFalse(rec.alive());
        guest.waitFor(() -> !running(swtpm.pid()), Duration.ofSeconds(10), "the old swtpm ending with its QEMU");
        ProcessHandle swtpm2 = KvmFirmware.tpmProcess(guest.runDir(), "fw1").orElseThrow();
        guest.started(swtpm2.pid());
        assertEquals(fileKey, Files.readAttributes(vars, BasicFileAttributes.class).fileKey(), "VARS kept");
        guest.waitFor(() -> Files.exists(serialLog) && Files.readString(serialLog).contains("GUEST-READY"), BOOT,
                "UEFI guest boot after the reboot");
        assertTpm(second);

        // a restarted node service finds the guest (and its swtpm through the pid file)
        KvmHypervisor restarted = new KvmHypervisor(guest.runDir());
        assertEquals(second.pid(), restarted.record("fw1").orElseThrow().pid());
        assertEquals(swtpm2.pid(), KvmFirmware.tpmProcess(guest.runDir(), "fw1").orElseThrow().pid());
        assertRfb(guest.runDir().resolve("fw1.vnc"));

        restarted.stop(spec, StopMode.HARD, Duration.ofSeconds(5));
        assertFalse(second.alive());
        guest.waitFor(() -> !running(swtpm2.pid()), Duration.ofSeconds(10), "swtpm gone after stop");
        assertFalse(Files.exists(guest.runDir().resolve("fw1.tpm.sock")));
        assertTrue(Files.exists(vars), "kept until cleanup");
        restarted.cleanup("fw1");
        try (Stream<Path> left = Files.list(guest.runDir())) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("fw1.")).toList());
        }
    }

    /**
     * Migration carries the firmware state: the target starts with a fresh VARS copy and an empty
     * swtpm, and ends with the source's variable store (pflash moves with the RAM) and the source's
     * TPM (its permanent state, seeds included, moves with the device state).
     */
    @Test
    void aUefiGuestWithAVtpmMigratesWithItsVariablesAndTpmState() throws Exception {
        KvmHypervisor a = new KvmHypervisor(guest.runDir().resolve("a"));
        KvmHypervisor b = new KvmHypervisor(guest.runDir().resolve("b"));
        InstanceSpec spec = spec("mig1", Map.of("firmware", "uefi", "tpm", "tpm2"));
        a.start(spec, List.of(), false);
        RuntimeRecord src = guest.started(a, "mig1");
        long srcTpm = guest.started(KvmFirmware.tpmProcess(a.runtimeDir(), "mig1").orElseThrow().pid());
        Path serialLog = a.runtimeDir().resolve("mig1.serial.log");
        guest.waitFor(() -> Files.exists(serialLog) && Files.readString(serialLog).contains("GUEST-READY"), BOOT,
                "UEFI guest boot");
        byte[] srcVars = Files.readAllBytes(a.runtimeDir().resolve("mig1.vars.fd"));
        Path template = KvmFirmware.varsTemplate(KvmFirmware.ovmfCode());
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(template), srcVars), "OVMF wrote its variables");
        byte[] srcPermall = Files.readAllBytes(a.runtimeDir().resolve("mig1.tpm").resolve("tpm2-00.permall"));

        int port;
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0)) {
            port = ss.getLocalPort();
        }
        b.acceptIncoming(spec, List.of(), a.migrationInfo("mig1"), "127.0.0.1", port);
        RuntimeRecord dst = guest.started(b, "mig1");
        long dstTpm = guest.started(KvmFirmware.tpmProcess(b.runtimeDir(), "mig1").orElseThrow().pid());
        a.migrate(spec, "127.0.0.1", port, true);
        guest.waitFor(() -> a.migrationStatus("mig1").finished(), Duration.ofSeconds(240), "the migration");
        assertEquals(org.gnt.plugins.hypervisor.MigrationStatus.COMPLETED, a.migrationStatus("mig1").status());
        b.finishIncoming(spec, true);
        a.finishOutgoing(spec, true);

        assertEquals("running", String.valueOf(((Map<?, ?>) QmpClient.call(dst.qmp(), Duration.ofSeconds(10),
                "query-status", Map.of())).get("status")));
        assertTpm(dst);
        assertTrue(java.util.Arrays.equals(srcVars, Files.readAllBytes(b.runtimeDir().resolve("mig1.vars.fd"))),
                "the target's variable store is the source's");
        assertTrue(java.util.Arrays.equals(srcPermall,
                Files.readAllBytes(b.runtimeDir().resolve("mig1.tpm").resolve("tpm2-00.permall"))),
                "the target's TPM is the source's");
        assertTrue(running(dstTpm));
        guest.waitFor(() -> !running(srcTpm) && !running(src.pid()), Duration.ofSeconds(10),
                "the source's QEMU and swtpm gone");
        try (Stream<Path> left = Files.list(a.runtimeDir())) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("mig1.")).toList());
        }
        b.stop(spec, StopMode.HARD, Duration.ofSeconds(5));
        guest.waitFor(() -> !running(dstTpm), Duration.ofSeconds(10), "the target's swtpm gone after stop");
        b.cleanup("mig1");
    }

    @Test
    void vncOnAUnixSocketIsTheConsoleWithoutASerialOne() throws Exception {
        KvmHypervisor hv = new KvmHypervisor(guest.runDir());
        InstanceSpec spec = spec("fw2", Map.of("serial_console", false, "vnc_bind_address", "unix"));
        hv.start(spec, List.of(), true); // paused: no need to boot for the VNC server to answer
        RuntimeRecord rec = guest.started(hv, "fw2");
        ConsoleInfo c = hv.console(spec);
        assertEquals(ConsoleInfo.VNC, c.kind());
        assertEquals(guest.runDir().resolve("fw2.vnc").toString(), c.host());
        assertEquals(0, c.port());
        assertTrue(c.message().contains("ssh -N -L 5900:" + guest.runDir().resolve("fw2.vnc")), c.message());
        assertRfb(Path.of(c.host()));
        hv.stop(spec, StopMode.HARD, Duration.ofSeconds(5));
        hv.cleanup("fw2");
        assertFalse(Files.exists(guest.runDir().resolve("fw2.vnc")));
    }

    @Test
    void wrongFirmwareOrTpmValuesAreRefusedBeforeQemuRuns() throws Exception {
        KvmHypervisor hv = new KvmHypervisor(guest.runDir());
        for (var bad : List.of(Map.<String, Object>of("firmware", "efi"), Map.<String, Object>of("tpm", "tpm1.2"),
                Map.<String, Object>of("firmware", true))) {
            PluginException e = assertThrows(PluginException.class, () -> hv.start(spec("bad", bad), List.of(), false));
            assertEquals(ErrorKind.INVAL, e.kind(), e.getMessage());
            String param = bad.keySet().iterator().next();
            assertTrue(e.getMessage().contains(param), e.getMessage());
        }
        try (Stream<Path> left = Files.list(guest.runDir())) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("bad.")).toList());
        }
    }

    /**
     * Whether a process runs: a daemon that exited may stay a zombie here (PID 1 of this container
     * need not reap), which ProcessHandle still calls alive.
     */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    private static void assertTpm(RuntimeRecord r) throws IOException {
        Object tpms = QmpClient.call(r.qmp(), Duration.ofSeconds(10), "query-tpm", Map.of());
        assertTrue(tpms instanceof List<?> l && l.size() == 1, String.valueOf(tpms));
        Map<?, ?> tpm = (Map<?, ?>) ((List<?>) tpms).get(0);
        assertEquals("tpm-crb", tpm.get("model"), tpm.toString());
        assertEquals("emulator", ((Map<?, ?>) tpm.get("options")).get("type"), tpm.toString());
    }

    private static void assertRfb(Path socket) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer b = ByteBuffer.allocate(3);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // the server speaks first: "RFB 003.008\n"
            }
            assertEquals("RFB", new String(b.array(), StandardCharsets.US_ASCII), "a VNC server answers on " + socket);
        }
    }
}
