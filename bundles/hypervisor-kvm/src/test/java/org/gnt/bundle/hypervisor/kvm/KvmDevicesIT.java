package org.gnt.bundle.hypervisor.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.disk.AttachedDisk;
import org.gnt.plugins.disk.DiskRef;
import org.gnt.plugins.hypervisor.InstanceSpec;
import org.gnt.plugins.hypervisor.NicSpec;
import org.gnt.plugins.hypervisor.StopMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Devices of a real QEMU guest (TCG here; the guest TestGuest builds): a NIC on a bridge
 * this test creates, hotplug of a NIC and a disk checked through QMP and from inside the guest
 * (over its serial console), ballooning, online grow, and the refusals. One guest for all of it:
 * TCG boots are slow.
 */
class KvmDevicesIT {
    private static final Duration SLOW = Duration.ofSeconds(120); // TCG on a shared, loaded machine
    private static final String BRIDGE = "gntit" + ProcessHandle.current().pid();
    @RegisterExtension
    static final TestGuest guest = new TestGuest("gnt-kvmdev-it").polling(Duration.ofMillis(500));
    /** Taps of this test's NICs: removed at the end even when a failure skipped the stop. */
    private static final List<String> taps = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        sh("ip", "link", "add", BRIDGE, "type", "bridge");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        guest.killStarted(); // now, not after this method: the QEMUs hold the taps
        for (String tap : taps) {
            if (Taps.exists(tap)) {
                new ProcessBuilder("ip", "link", "delete", tap).start().waitFor();
            }
        }
        new ProcessBuilder("ip", "link", "delete", BRIDGE).start().waitFor();
    }

    private static InstanceSpec spec(String name, List<NicSpec> nics) {
        return TestGuest.spec(name, 128, Map.of(), nics);
    }

    private static NicSpec nic(int index, String mode, String link) {
        String uuid = UUID.randomUUID().toString();
        taps.add(DeviceArgs.tapName(guest.runDir(), uuid));
        return new NicSpec(uuid, index, String.format("52:54:00:12:34:%02x", index + 1), mode, link, "");
    }

    @Test
    void nicsDisksBalloonAndGrowOnARunningGuest() throws Exception {
        KvmHypervisor hv = new KvmHypervisor(guest.runDir());
        NicSpec nic0 = nic(0, "bridged", BRIDGE);
        InstanceSpec spec = spec("dev1", List.of(nic0));
        hv.start(spec, List.of(), false);
        RuntimeRecord rec = guest.started(hv, "dev1");
        String tap0 = DeviceArgs.tapName(guest.runDir(), nic0.uuid());
        assertTrue(sh("ip", "-o", "link", "show", "master", BRIDGE).contains(tap0 + ":"), "tap on the bridge");
        assertTrue(KvmDevices.peripherals(rec).contains(DeviceArgs.nicId(nic0.uuid())));
        assertEquals(DeviceArgs.MIN_PORTS, DeviceArgs.ports(rec.argv()).size());
        assertDevicesMatchArgv(hv, "dev1");

        Path serialLog = guest.runDir().resolve("dev1.serial.log");
        guest.waitFor(() -> Files.exists(serialLog) && Files.readString(serialLog).contains("GUEST-READY"), SLOW,
                "guest boot");
        assertTrue(guest("dev1", "ls /sys/class/net").contains("eth0"));

        // hot-add a second NIC and a disk
        NicSpec nic1 = nic(1, "bridged", BRIDGE);
        hv.hotAddNic("dev1", nic1);
        String tap1 = DeviceArgs.tapName(guest.runDir(), nic1.uuid());
        assertTrue(sh("ip", "-o", "link", "show", "master", BRIDGE).contains(tap1 + ":"));
        Path img = guest.runDir().resolve("disk1.img");
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(64L << 20);
        }
        DiskRef ref = new DiskRef("file", "dev1/disk1");
        hv.hotAddDisk("dev1", new AttachedDisk(ref, img.toString(), 64));
        assertTrue(KvmDevices.peripherals(rec).containsAll(List.of(DeviceArgs.nicId(nic1.uuid()),
                DeviceArgs.diskId(ref))));
        assertDevicesMatchArgv(hv, "dev1");
        assertTrue(DeviceArgs.taps(hv.record("dev1").orElseThrow().argv()).contains(tap1));
        guest.waitFor(() -> guest("dev1", "ls /sys/block /sys/class/net").matches("(?s).*vda.*eth1.*"), SLOW,
                "vda and eth1 in the guest");
        PluginException twice = assertThrows(PluginException.class, () -> hv.hotAddNic("dev1", nic1));
        assertEquals(ErrorKind.EXISTS, twice.kind());

        // grow the file, then tell QEMU (and so the guest)
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(96L << 20);
        }
        hv.diskGrown("dev1", new AttachedDisk(ref, img.toString(), 96));
        assertEquals(96L << 20, virtualSize(rec, DeviceArgs.diskId(ref)));
        guest.waitFor(() -> guest("dev1", "cat /sys/block/vda/size").contains(Long.toString((96L << 20) / 512)), SLOW,
                "the guest sees 96 MiB");

        // hot-remove both: gone from QEMU, the guest, the argv and the host
        hv.hotRemoveDisk("dev1", ref);
        hv.hotRemoveNic("dev1", nic1);
        assertFalse(KvmDevices.peripherals(rec).contains(DeviceArgs.diskId(ref)));
        assertFalse(KvmDevices.peripherals(rec).contains(DeviceArgs.nicId(nic1.uuid())));
        assertFalse(Taps.exists(tap1), "tap " + tap1 + " removed");
        assertDevicesMatchArgv(hv, "dev1");
        guest.waitFor(() -> !guest("dev1", "ls /sys/block /sys/class/net").matches("(?s).*(vda|eth1).*"), SLOW,
                "vda and eth1 gone from the guest");

        // the freed ports serve again
        hv.hotAddNic("dev1", nic1);
        assertDevicesMatchArgv(hv, "dev1");
        hv.hotRemoveNic("dev1", nic1);

        // bad input, nothing changed
        List<String> argvBefore = hv.record("dev1").orElseThrow().argv();
        PluginException e = assertThrows(PluginException.class, () -> hv.hotRemoveNic("dev1", nic(7, "bridged", BRIDGE)));
        assertEquals(ErrorKind.NOENT, e.kind());
        e = assertThrows(PluginException.class, () -> hv.hotRemoveDisk("dev1", new DiskRef("file", "nope")));
        assertEquals(ErrorKind.NOENT, e.kind());
        e = assertThrows(PluginException.class, () -> hv.diskGrown("dev1", new AttachedDisk(ref, img.toString(), 128)));
        assertEquals(ErrorKind.NOENT, e.kind());
        e = assertThrows(PluginException.class, () -> hv.setMemory("dev1", 256));
        assertEquals(ErrorKind.INVAL, e.kind());
        assertTrue(e.getMessage().contains("256") && e.getMessage().contains("128"), e.getMessage());
        e = assertThrows(PluginException.class, () -> hv.setMemory("dev1", 0));
        assertEquals(ErrorKind.INVAL, e.kind());
        e = assertThrows(PluginException.class, () -> hv.hotAddNic("dev1", nic(3, "bridged", "gntnobr0")));
        assertEquals(ErrorKind.ENVIRON, e.kind());
        assertTrue(e.getMessage().contains("gntnobr0"), e.getMessage());
        assertEquals(argvBefore, hv.record("dev1").orElseThrow().argv());

        // balloon to 96 MiB: this guest's kernel and initramfs hold about 80 MiB, so 64 is out of its reach
        hv.setMemory("dev1", 96);
        guest.waitFor(() -> ((Number) ((Map<?, ?>) QmpClient.call(rec.qmp(), Duration.ofSeconds(30), "query-balloon",
                Map.of())).get("actual")).longValue() == 96L << 20, SLOW, "balloon at 96 MiB");
        assertEquals(96, hv.info("dev1").orElseThrow().memoryMib());

        // stopped: taps gone, and devices cannot change
        hv.stop(spec, StopMode.HARD, Duration.ofSeconds(5));
        assertFalse(Taps.exists(tap0), "tap " + tap0 + " removed at stop");
        assertEquals("", sh("ip", "-o", "link", "show", "master", BRIDGE).strip());
        e = assertThrows(PluginException.class, () -> hv.hotAddNic("dev1", nic1));
        assertEquals(ErrorKind.STATE, e.kind());
        e = assertThrows(PluginException.class, () -> hv.setMemory("dev1", 64));
        assertEquals(ErrorKind.STATE, e.kind());
        hv.cleanup("dev1");
    }

    @Test
    void startRefusesMissingNetworksAndLeavesNoTap() throws Exception {
        KvmHypervisor hv = new KvmHypervisor(guest.runDir());
        NicSpec ok = nic(0, "bridged", BRIDGE);
        NicSpec noBridge = nic(1, "bridged", "gntnobr1");
        PluginException e = assertThrows(PluginException.class,
                () -> hv.start(spec("dev2", List.of(ok, noBridge)), List.of(), false));
        assertEquals(ErrorKind.ENVIRON, e.kind());
        assertTrue(e.getMessage().contains("gntnobr1"), e.getMessage());
        assertFalse(Taps.exists(DeviceArgs.tapName(guest.runDir(), ok.uuid())));

        NicSpec badMode = nic(0, "tunnelled", "x");
        e = assertThrows(PluginException.class, () -> hv.start(spec("dev2", List.of(badMode)), List.of(), false));
        assertEquals(ErrorKind.INVAL, e.kind());
        assertTrue(e.getMessage().contains("mode"), e.getMessage());

        if (!Files.isExecutable(Path.of("/usr/bin/ovs-vsctl"))) {
            e = assertThrows(PluginException.class,
                    () -> hv.start(spec("dev2", List.of(ok, nic(1, "openvswitch", "sw0"))), List.of(), false));
            assertEquals(ErrorKind.ENVIRON, e.kind());
            assertTrue(e.getMessage().contains("ovs-vsctl"), e.getMessage());
        }
        // QEMU itself fails (unknown kvm_extra option): the taps made for it go again
        InstanceSpec bad = new InstanceSpec("dev2", "u2", 128, 1, Map.of("kvm_extra", "-no-such-option"), List.of(ok));
        e = assertThrows(PluginException.class, () -> hv.start(bad, List.of(), false));
        assertEquals(ErrorKind.ENVIRON, e.kind());
        assertFalse(Taps.exists(DeviceArgs.tapName(guest.runDir(), ok.uuid())));
        assertEquals("", sh("ip", "-o", "link", "show", "master", BRIDGE).strip());
        assertTrue(hv.record("dev2").isEmpty());
    }

    /** What QEMU has (qom-list /machine/peripheral) is exactly what relaunching the recorded argv creates. */
    private static void assertDevicesMatchArgv(KvmHypervisor hv, String name) {
        RuntimeRecord r = hv.record(name).orElseThrow();
        assertEquals(new java.util.TreeSet<>(DeviceArgs.deviceIds(r.argv())),
                new java.util.TreeSet<>(KvmDevices.peripherals(r)));
    }

    private static long virtualSize(RuntimeRecord r, String deviceId) throws IOException {
        for (Object o : (List<?>) QmpClient.call(r.qmp(), Duration.ofSeconds(30), "query-block", Map.of())) {
            Map<?, ?> b = (Map<?, ?>) o;
            if (String.valueOf(b.get("qdev")).contains("/" + deviceId + "/")) {
                Map<?, ?> image = (Map<?, ?>) ((Map<?, ?>) b.get("inserted")).get("image");
                return ((Number) image.get("virtual-size")).longValue();
            }
        }
        throw new AssertionError("no block device " + deviceId);
    }

    private static int queries;

    /**
     * Runs a shell command in the guest over its serial console; returns its output, found in the
     * serial log between markers (the echoed input holds the unexpanded {@code $(...)}, not the markers' pair).
     */
    private static String guest(String name, String command) throws Exception {
        int q = ++queries;
        String line = "echo Q" + q + "B $(" + command + ") Q$((" + q + "+0))E\n";
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(guest.runDir().resolve(name + ".serial")));
            c.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            Path log = guest.runDir().resolve(name + ".serial.log");
            String begin = "Q" + q + "B ";
            String end = " Q" + q + "E";
            long deadline = System.nanoTime() + SLOW.toNanos();
            while (System.nanoTime() < deadline) {
                String text = Files.readString(log, StandardCharsets.ISO_8859_1);
                int e = text.indexOf(end);
                if (e >= 0) {
                    int b = text.lastIndexOf(begin, e);
                    return text.substring(b + begin.length(), e);
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the guest did not answer " + command);
    }

    private static String sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
        return out;
    }
}
