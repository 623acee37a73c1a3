package org.gnt.bundle.hypervisor.kvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.hypervisor.ConsoleInfo;
import org.gnt.plugins.hypervisor.InstanceSpec;
import org.gnt.plugins.hypervisor.StopMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SPICE and the serial console against real QEMU. The guests have no OS and stay paused (or run
 * only SeaBIOS a moment): what is checked is QEMU's side, which needs no booted guest.
 */
class KvmSpiceIT {
    @RegisterExtension
    static final TestGuest guest = new TestGuest("gnt-spice-it").withoutKernel();

    private static InstanceSpec spec(String name, Map<String, Object> hv) {
        return new InstanceSpec(name, UUID.randomUUID().toString(), 128, 1, hv);
    }

    private static Map<?, ?> qmp(RuntimeRecord r, String command) throws IOException {
        return (Map<?, ?>) QmpClient.call(r.qmp(), Duration.ofSeconds(10), command, Map.of());
    }

    @Test
    void spiceListensOnTheRecordedPortAndIsTheConsoleWithoutSerial() throws Exception {
        KvmHypervisor hv = new KvmHypervisor(guest.runDir());
        Path pw = Files.writeString(guest.runDir().resolve("spice.pw"), "s3cret\n");
        InstanceSpec spec = spec("sp1", Map.of("spice_bind", "127.0.0.1", "serial_console", false,
                "spice_password_file", pw.toString(), "spice_image_compression", "quic"));
        hv.start(spec, List.of(), true); // paused: costs no CPU
        RuntimeRecord r = guest.started(hv, "sp1");

        String spice = DeviceArgs.values(r.argv(), "-spice").get(0);
        int port = Integer.parseInt(DeviceArgs.option(spice, "port").orElseThrow());
        Map<?, ?> q = qmp(r, "query-spice");
        assertEquals(true, q.get("enabled"), q.toString());
        assertEquals((long) port, ((Number) q.get("port")).longValue(), q + " vs " + spice);
        assertEquals("127.0.0.1", q.get("host"));
        assertEquals("spice", q.get("auth"), "a password file means ticketing, with the password set over QMP");

        // the port speaks SPICE: a link message to the main channel is answered with a "REDQ" header
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            ByteBuffer link = ByteBuffer.allocate(16 + 18).order(ByteOrder.LITTLE_ENDIAN);
            link.put("REDQ".getBytes(StandardCharsets.US_ASCII)).putInt(2).putInt(2).putInt(18); // header
            link.putInt(0).put((byte) 1).put((byte) 0).putInt(0).putInt(0).putInt(18); // SpiceLinkMess, main
            s.getOutputStream().write(link.array());
            byte[] magic = new byte[4];
            new DataInputStream(s.getInputStream()).readFully(magic);
            assertArrayEquals("REDQ".getBytes(StandardCharsets.US_ASCII), magic);
        }

        ConsoleInfo c = hv.console(spec);
        assertEquals(new ConsoleInfo(ConsoleInfo.SPICE, "", "127.0.0.1", port, "", List.of(), 0), c);

        // a relaunch (here: soft reboot of a guest without an OS, so a hard stop first) picks its
        // port again (KvmMigrationTest shows a taken one is avoided) and sets the password again
        hv.reboot(spec, StopMode.SOFT, Duration.ofSeconds(1));
        RuntimeRecord again = guest.started(hv, "sp1");
        int newPort = Integer.parseInt(DeviceArgs.option(DeviceArgs.values(again.argv(), "-spice").get(0), "port")
                .orElseThrow());
        Map<?, ?> q2 = qmp(again, "query-spice");
        assertEquals((long) newPort, ((Number) q2.get("port")).longValue(), q2.toString());
        assertEquals("spice", q2.get("auth"));
        assertEquals("running", qmp(again, "query-status").get("status"), "a reboot never leaves the guest paused");
        assertEquals(newPort, hv.console(spec).port());
        hv.stop(spec, StopMode.HARD, Duration.ofSeconds(5));
        assertTrue(hv.record("sp1").isEmpty());
    }

    @Test
    void theSerialConsoleComesFirstAndConnectingResumesAPausedGuest() throws Exception {
        KvmHypervisor hv = new KvmHypervisor(guest.runDir());
        InstanceSpec spec = spec("sp2", Map.of("spice_bind", "127.0.0.1")); // serial_console defaults to on
        hv.start(spec, List.of(), true);
        RuntimeRecord r = guest.started(hv, "sp2");
        assertEquals("prelaunch", qmp(r, "query-status").get("status"));

        ConsoleInfo c = hv.console(spec);
        assertEquals(ConsoleInfo.SSH, c.kind(), "Ganeti's order: serial before VNC and SPICE");
        assertEquals("root", c.user());
        assertEquals(List.of("sh", "-c"), c.command().subList(0, 2));
        // what the user runs (here without ssh), with stdin closed: socat leaves at EOF
        Process p = new ProcessBuilder(c.command()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                "/dev/null"))).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the console command did not end at EOF");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("The paused instance now runs"), out);
        assertEquals("running", qmp(r, "query-status").get("status"));
        assertEquals(true, qmp(r, "query-spice").get("enabled"));

        // a guest paused by hand is let run the same way; a running one is left alone
        qmp(r, "stop");
        Process again = new ProcessBuilder(c.command()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                "/dev/null"))).redirectErrorStream(true).start();
        assertTrue(again.waitFor(30, TimeUnit.SECONDS));
        assertEquals("running", qmp(r, "query-status").get("status"));
        Process running = new ProcessBuilder(c.command()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                "/dev/null"))).redirectErrorStream(true).start();
        assertTrue(running.waitFor(30, TimeUnit.SECONDS));
        assertFalse(new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .contains("now runs"));
        hv.stop(spec, StopMode.HARD, Duration.ofSeconds(5));
    }

    @Test
    void badSpiceSettingsAreRefusedBeforeQemuRuns() throws IOException {
        KvmHypervisor hv = new KvmHypervisor(guest.runDir());
        Map<String, Object> base = Map.of("spice_bind", "127.0.0.1", "serial_console", false);
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("vnc_bind_address", "127.0.0.1"),
                Map.of("spice_use_tls", true),
                Map.of("spice_streaming_video", "sometimes"),
                Map.of("spice_bind", "gntnosuch0"))) {
            Map<String, Object> given = new HashMap<>(base);
            given.putAll(bad);
            PluginException e = assertThrows(PluginException.class,
                    () -> hv.start(spec("bad1", given), List.of(), true), given.toString());
            assertEquals(ErrorKind.INVAL, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains(bad.keySet().iterator().next().equals("spice_bind") ? "gntnosuch0"
                    : bad.keySet().iterator().next()), e.getMessage());
            assertTrue(hv.record("bad1").isEmpty());
            assertFalse(Files.exists(guest.runDir().resolve("bad1.pid")), "QEMU never ran");
        }
    }
}
