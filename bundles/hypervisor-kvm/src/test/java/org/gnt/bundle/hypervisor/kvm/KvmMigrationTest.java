package org.gnt.bundle.hypervisor.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.disk.AttachedDisk;
import org.gnt.plugins.disk.DiskRef;
import org.gnt.plugins.hypervisor.InstanceSpec;
import org.gnt.plugins.hypervisor.NicSpec;
import org.junit.jupiter.api.Test;

/** The migration target's command line, built from the source's recorded argv (pure code). */
class KvmMigrationTest {
    private static final Path SRC = Path.of("/srv/a/kvm-hv");
    private static final Path DST = Path.of("/var/b/kvm-hv");

    private static AttachedDisk disk(String path) {
        return disk(path, path);
    }

    /** The disk known by {@code id} (its identity on every node), at {@code path} on this node. */
    private static AttachedDisk disk(String id, String path) {
        return new AttachedDisk(new DiskRef("sharedfile", id), path, 10);
    }

    private static List<String> sourceArgv(List<AttachedDisk> disks, Map<String, Object> extra) {
        Map<String, Object> hv = new java.util.HashMap<>(Map.of("cdrom_image_path", "/iso/x.iso", "vnc_bind_address",
                "0.0.0.0"));
        hv.putAll(extra);
        InstanceSpec spec = new InstanceSpec("inst1", "u-1", 256, 2, hv);
        return QemuCommand.build(spec, disks, KvmParams.fill(hv), QemuCommand.Files.of(SRC, "inst1"), false, true);
    }

    @Test
    void runtimePathsAndDisksBecomeTheTargetsAndItWaitsForTheStream() {
        List<String> src = sourceArgv(List.of(disk("/src/d,0"), disk("/src/d1")), Map.of("disk_cache", "none"));
        List<String> dst = KvmMigration.targetArgv(src, SRC.toString(), DST,
                List.of(disk("/src/d,0", "/dst/x0"), disk("/src/d1", "/dst/x,1")), List.of());
        String all = String.join(" ", dst);

        assertFalse(all.contains(SRC.toString()), all);
        assertTrue(dst.contains("unix:" + DST.resolve("inst1.qmp") + ",server=on,wait=off"), all);
        assertTrue(dst.contains(DST.resolve("inst1.pid").toString()), all);
        assertTrue(all.contains("path=" + DST.resolve("inst1.serial") + ",") && all.contains("logfile="
                + DST.resolve("inst1.serial.log")), all);
        // virtio disks are found by identity, whatever their order
        assertTrue(all.contains("\"filename\":\"/dst/x0\""), all);
        assertTrue(all.contains("\"filename\":\"/dst/x,1\""), all);
        assertTrue(all.contains("file=/iso/x.iso,if=none,id=cdrom0"), "the CD-ROM is no disk: " + all);
        assertFalse(dst.contains("-S"), "a migration target is not started paused");
        assertEquals(List.of("-incoming", "defer"), dst.subList(dst.size() - 2, dst.size()));
        // everything else is the source's, in order: the same devices on both sides
        assertEquals(src.size() - 1 + 2, dst.size());

        // migrating again from the target: the old -incoming goes, one new one comes
        List<String> again = KvmMigration.targetArgv(dst, DST.toString(), SRC,
                List.of(disk("/src/d1", "/b"), disk("/src/d,0", "/a")), List.of());
        assertEquals(1, again.stream().filter("-incoming"::equals).count());
    }

    @Test
    void aDifferentNumberOfDisksIsRefused() {
        List<String> src = sourceArgv(List.of(disk("/src/d0")), Map.of());
        PluginException e = assertThrows(PluginException.class,
                () -> KvmMigration.targetArgv(src, SRC.toString(), DST, List.of(), List.of()));
        assertEquals(ErrorKind.INVAL, e.kind());
        assertTrue(e.getMessage().contains("disk"), e.getMessage());
        e = assertThrows(PluginException.class, () -> KvmMigration.targetArgv(src, SRC.toString(), DST,
                List.of(disk("/src/other", "/a")), List.of()));
        assertEquals(ErrorKind.INVAL, e.kind());
    }

    @Test
    void nicsUseTheTargetNodesTapsAndUnknownNicsAreRefused() {
        NicSpec nic = new NicSpec("nic-uuid-1", 0, "aa:00:00:00:00:01", "bridged", "br0", "");
        InstanceSpec spec = new InstanceSpec("inst1", "u-1", 256, 1, Map.of(), List.of(nic));
        List<String> src = QemuCommand.build(spec, List.of(), KvmParams.fill(Map.of()),
                QemuCommand.Files.of(SRC, "inst1"), false, false);
        String srcTap = DeviceArgs.tapName(SRC, nic.uuid());
        String dstTap = DeviceArgs.tapName(DST, nic.uuid());
        assertFalse(srcTap.equals(dstTap), "two nodes on one host never want the same tap");
        assertEquals(List.of(srcTap), DeviceArgs.taps(src));
        List<String> dst = KvmMigration.targetArgv(src, SRC.toString(), DST, List.of(), List.of(nic));
        assertEquals(List.of(dstTap), DeviceArgs.taps(dst));
        assertTrue(String.join(" ", dst).contains("mac=aa:00:00:00:00:01"));
        PluginException e = assertThrows(PluginException.class,
                () -> KvmMigration.targetArgv(src, SRC.toString(), DST, List.of(), List.of()));
        assertEquals(ErrorKind.INVAL, e.kind());
    }

    @Test
    void theTargetPicksItsOwnSpicePort() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (ServerSocket source = new ServerSocket(0, 1, lo)) { // the source QEMU's port, on the same host
            List<String> built = sourceArgv(List.of(), Map.of("vnc_bind_address", "", "spice_bind", "127.0.0.1"));
            String spice = DeviceArgs.values(built, "-spice").get(0);
            List<String> src = new java.util.ArrayList<>(built);
            src.set(src.indexOf(spice), spice.replaceFirst("port=\\d+", "port=" + source.getLocalPort()));

            List<String> dst = KvmMigration.targetArgv(src, SRC.toString(), DST, List.of(), List.of());
            String moved = DeviceArgs.values(dst, "-spice").get(0);
            int port = Integer.parseInt(DeviceArgs.option(moved, "port").orElseThrow());
            assertFalse(port == source.getLocalPort(), moved);
            new ServerSocket(port, 1, lo).close(); // free on this host
            assertEquals(spice.replaceFirst("port=\\d+", "port=" + port), moved, "only the port changes");
            assertEquals(src.size() - 1 + 2, dst.size());

            // an interface name resolves again on the target: the source's address is not this node's
            List<String> elsewhere = new java.util.ArrayList<>(src);
            elsewhere.set(elsewhere.indexOf(src.get(src.indexOf("-spice") + 1)),
                    "addr=192.0.2.77,port=5999,ipv4=on,disable-ticketing=on");
            String local = DeviceArgs.values(KvmMigration.targetArgv(elsewhere, SRC.toString(), DST, List.of(),
                    List.of(), KvmParams.fill(Map.of("spice_bind", "lo"))), "-spice").get(0);
            assertTrue(local.matches("addr=127\\.0\\.0\\.1,port=\\d+,ipv4=on,disable-ticketing=on"), local);
        }
    }

    @Test
    void relaunchDropsPauseAndIncoming() {
        assertEquals(List.of("kvm", "-m", "128", "-daemonize"),
                KvmControl.relaunchable(List.of("kvm", "-S", "-m", "128", "-incoming", "defer", "-daemonize")));
    }
}
