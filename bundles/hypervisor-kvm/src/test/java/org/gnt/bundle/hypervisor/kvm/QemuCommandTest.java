package org.gnt.bundle.hypervisor.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gnt.plugins.disk.AttachedDisk;
import org.gnt.plugins.disk.DiskRef;
import org.gnt.plugins.hypervisor.InstanceSpec;
import org.gnt.plugins.hypervisor.NicSpec;
import org.junit.jupiter.api.Test;

/** The device part of the QEMU command line: root ports, disks and NICs on their own ports, stable ids. */
class QemuCommandTest {
    private static final NicSpec NIC0 = new NicSpec("11111111-aaaa", 0, "52:54:00:00:00:01", "bridged", "br0", "");
    private static final NicSpec NIC1 = new NicSpec("22222222-bbbb", 1, "52:54:00:00:00:02", "routed", "", "10.0.0.9");
    private static final AttachedDisk DISK = new AttachedDisk(new DiskRef("file", "inst/disk0"), "/srv/a,b.img", 1024);

    private static List<String> argv(Map<String, Object> hvGiven, List<NicSpec> nics, List<AttachedDisk> disks) {
        InstanceSpec spec = new InstanceSpec("i1", "u1", 128, 1, hvGiven, nics);
        return QemuCommand.build(spec, disks, KvmParams.fill(hvGiven), QemuCommand.Files.of(Path.of("/run/x"), "i1"),
                false, false);
    }

    @Test
    void nicsAndDisksGetTapsModelsAndTheirOwnRootPorts() {
        List<String> a = argv(Map.of(), List.of(NIC0, NIC1), List.of(DISK));
        List<String> ports = DeviceArgs.ports(a);
        assertEquals(DeviceArgs.MIN_PORTS, ports.size());
        assertTrue(a.contains("pcie-root-port,id=rp0,bus=pcie.0,chassis=1,addr=0x3.0x0,multifunction=on"), a.toString());
        assertTrue(a.contains("pcie-root-port,id=rp9,bus=pcie.0,chassis=10,addr=0x4.0x1"), a.toString());

        String tap0 = DeviceArgs.tapName(Path.of("/run/x"), NIC0.uuid());
        assertTrue(tap0.startsWith("gnt") && tap0.length() <= 15, tap0);
        assertTrue(a.contains("tap,id=" + DeviceArgs.netdevId(NIC0.uuid()) + ",ifname=" + tap0
                + ",script=no,downscript=no"), a.toString());
        assertTrue(a.contains("virtio-net-pci,netdev=" + DeviceArgs.netdevId(NIC0.uuid()) + ",mac=52:54:00:00:00:01,id="
                + DeviceArgs.nicId(NIC0.uuid()) + ",bus=rp1"), a.toString());
        assertTrue(a.contains("virtio-net-pci,netdev=" + DeviceArgs.netdevId(NIC1.uuid()) + ",mac=52:54:00:00:00:02,id="
                + DeviceArgs.nicId(NIC1.uuid()) + ",bus=rp2"), a.toString());
        assertEquals(List.of(tap0, DeviceArgs.tapName(Path.of("/run/x"), NIC1.uuid())), DeviceArgs.taps(a));

        // the disk: a -blockdev JSON node (comma in the path untouched) and its device on rp0
        String node = DeviceArgs.diskNode(DISK.ref());
        String blockdev = DeviceArgs.values(a, "-blockdev").get(0);
        assertEquals(Map.of("driver", "raw", "node-name", node, "file", Map.of("driver", "file", "filename",
                "/srv/a,b.img")), Json.parse(blockdev));
        assertTrue(a.contains("virtio-blk-pci,drive=" + node + ",id=" + DeviceArgs.diskId(DISK.ref()) + ",bus=rp0"));
        assertEquals(Set.of("rp0", "rp1", "rp2"), DeviceArgs.usedPorts(a));
        assertEquals("rp3", DeviceArgs.freePort(a).orElseThrow());
        // the ports exist before anything that uses them
        assertTrue(a.indexOf("pcie-root-port,id=rp15,bus=pcie.0,chassis=16,addr=0x4.0x7") < a.indexOf("-blockdev"));
    }

    @Test
    void idsFollowIdentityNotIndex() {
        List<String> ab = argv(Map.of(), List.of(NIC0, NIC1), List.of());
        List<String> ba = argv(Map.of(), List.of(NIC1, NIC0), List.of());
        assertEquals(Set.copyOf(DeviceArgs.deviceIds(ab)), Set.copyOf(DeviceArgs.deviceIds(ba)));
        NicSpec renumbered = new NicSpec(NIC0.uuid(), 5, NIC0.mac(), "bridged", "br0", "");
        assertEquals(DeviceArgs.nicId(NIC0.uuid()), DeviceArgs.nicId(renumbered.uuid()));
        assertFalse(DeviceArgs.diskId(new DiskRef("file", "x")).equals(DeviceArgs.diskId(new DiskRef("plain", "x"))));
        assertTrue(DeviceArgs.diskId(DISK.ref()).matches("d[0-9a-f]{12}"));
        assertTrue(DeviceArgs.nicId(NIC0.uuid()).matches("n[0-9a-f]{12}"));
    }

    @Test
    void nicTypeAndCacheParams() {
        List<String> a = argv(Map.of("nic_type", "e1000", "disk_cache", "none", "disk_aio", "native"),
                List.of(NIC0), List.of(DISK));
        assertTrue(DeviceArgs.values(a, "-device").stream().anyMatch(v -> v.startsWith("e1000,netdev=")), a.toString());
        Map<?, ?> node = (Map<?, ?>) Json.parse(DeviceArgs.values(a, "-blockdev").get(0));
        assertEquals(Map.of("direct", true), node.get("cache"));
        assertEquals("native", ((Map<?, ?>) node.get("file")).get("aio"));

        // emulated disks stay legacy -drive (not hot-pluggable) and take no root port
        List<String> ide = argv(Map.of("disk_type", "ide"), List.of(), List.of(DISK));
        assertTrue(ide.contains("file=/srv/a,,b.img,format=raw,if=ide,index=0"), ide.toString());
        assertTrue(DeviceArgs.usedPorts(ide).isEmpty());

        // many boot devices still leave kvm_pci_reservations (Ganeti's default 12) ports free
        List<AttachedDisk> many = java.util.stream.IntStream.range(0, 14)
                .mapToObj(i -> new AttachedDisk(new DiskRef("file", "d" + i), "/d" + i, 1)).toList();
        assertEquals(14 + 12, DeviceArgs.ports(argv(Map.of(), List.of(), many)).size());
    }

    @Test
    void spiceListensOnAFreePortWithGanetisOptions() throws Exception {
        List<String> a = argv(Map.of("spice_bind", "127.0.0.1", "spice_image_compression", "auto_glz",
                "spice_jpeg_wan_compression", "never", "spice_zlib_glz_wan_compression", "always",
                "spice_streaming_video", "filter", "spice_playback_compression", false), List.of(), List.of(DISK));
        String spice = DeviceArgs.values(a, "-spice").get(0);
        Matcher m = Pattern.compile("addr=127\\.0\\.0\\.1,port=(\\d+),ipv4=on,disable-ticketing=on,"
                + "image-compression=auto_glz,jpeg-wan-compression=never,zlib-glz-wan-compression=always,"
                + "streaming-video=filter,playback-compression=off").matcher(spice);
        assertTrue(m.matches(), spice);
        int port = Integer.parseInt(m.group(1));
        new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1")).close(); // free when picked
        // QXL display and the vdagent channel (spice_use_vdagent defaults to true), after the fixed root ports
        List<String> devices = DeviceArgs.values(a, "-device");
        assertTrue(devices.containsAll(List.of("qxl-vga,id=video0", "virtio-serial-pci,id=vdagentbus",
                "virtserialport,bus=vdagentbus.0,chardev=vdagent,name=com.redhat.spice.0")), devices.toString());
        assertTrue(a.contains("spicevmc,id=vdagent,name=vdagent"), a.toString());
        assertTrue(a.indexOf("qxl-vga,id=video0") > a.lastIndexOf("-blockdev"));
        assertEquals(Set.of("rp0"), DeviceArgs.usedPorts(a));

        // a password file: ticketing stays on (the password comes over QMP); no vdagent: agent-mouse off
        List<String> b = argv(Map.of("spice_bind", "::1", "spice_password_file", "/etc/pw", "spice_use_vdagent", false),
                List.of(), List.of());
        String spice6 = DeviceArgs.values(b, "-spice").get(0);
        assertTrue(spice6.matches("addr=0:0:0:0:0:0:0:1,port=\\d+,ipv6=on,agent-mouse=off"), spice6);
        assertFalse(b.contains("spicevmc,id=vdagent,name=vdagent"), b.toString());
        assertTrue(b.contains("qxl-vga,id=video0"), b.toString());

        // an interface name is bound on one of its addresses, of the version asked for
        String lo = DeviceArgs.values(argv(Map.of("spice_bind", "lo"), List.of(), List.of()), "-spice").get(0);
        assertTrue(lo.startsWith("addr=127.0.0.1,port="), lo);
        String lo6 = DeviceArgs.values(argv(Map.of("spice_bind", "lo", "spice_ip_version", 6L), List.of(), List.of()),
                "-spice").get(0);
        assertTrue(lo6.startsWith("addr=0:0:0:0:0:0:0:1,port="), lo6);

        // no spice_bind, no SPICE
        List<String> none = argv(Map.of(), List.of(), List.of());
        assertFalse(none.contains("-spice") || none.contains("qxl-vga,id=video0"), none.toString());
    }

    @Test
    void argvEditsAddAndRemoveExactlyOneDevice() {
        List<String> a = argv(Map.of(), List.of(NIC0), List.of());
        Map<String, Object> hv = KvmParams.fill(Map.of());
        List<String> plus = DeviceArgs.plus(a, DeviceArgs.diskArgs(DISK, hv, "rp1"));
        assertTrue(plus.indexOf("-blockdev") < plus.indexOf("-qmp"));
        assertEquals(Set.of("rp0", "rp1"), DeviceArgs.usedPorts(plus));
        plus = DeviceArgs.plus(plus, DeviceArgs.nicArgs(Path.of("/run/x"), NIC1, hv, "rp2"));
        List<String> back = DeviceArgs.minus(DeviceArgs.minus(plus, DeviceArgs.diskId(DISK.ref()),
                DeviceArgs.diskNode(DISK.ref())), DeviceArgs.nicId(NIC1.uuid()), DeviceArgs.netdevId(NIC1.uuid()));
        assertEquals(a, back);
        assertEquals(128, DeviceArgs.bootMemory(a));
        assertEquals(java.util.Optional.of("a,b"), DeviceArgs.option("x,file=a,,b,id=z", "file"));
    }

    @Test
    void uefiTpmAndVncOnAUnixSocket() {
        Map<String, Object> given = Map.of("firmware", "uefi", "tpm", "tpm2", "vnc_bind_address", "unix");
        InstanceSpec spec = new InstanceSpec("i1", "u1", 128, 1, given, List.of());
        List<String> a = QemuCommand.build(spec, List.of(), KvmParams.fill(given),
                QemuCommand.Files.of(Path.of("/run/x"), "i1"), false, false, Path.of("/fw/OVMF_CODE_4M.fd"));
        assertEquals(List.of("if=pflash,format=raw,unit=0,readonly=on,file=/fw/OVMF_CODE_4M.fd",
                "if=pflash,format=raw,unit=1,file=/run/x/i1.vars.fd"), DeviceArgs.values(a, "-drive"));
        assertTrue(a.contains("socket,id=chrtpm,path=/run/x/i1.tpm.sock"), a.toString());
        assertTrue(a.contains("emulator,id=tpm0,chardev=chrtpm"), a.toString());
        assertTrue(a.contains("tpm-crb,tpmdev=tpm0"), a.toString());
        assertEquals(List.of("unix:/run/x/i1.vnc"), DeviceArgs.values(a, "-vnc"));
        assertEquals(Path.of("/fw/OVMF_VARS_4M.fd"), KvmFirmware.varsTemplate(Path.of("/fw/OVMF_CODE_4M.fd")));

        // the defaults: SeaBIOS, no TPM, no VNC
        List<String> plain = argv(Map.of(), List.of(), List.of());
        assertFalse(String.join(" ", plain).contains("pflash"), plain.toString());
        assertFalse(plain.contains("-tpmdev"), plain.toString());
        assertFalse(plain.contains("-vnc"), plain.toString());
        assertTrue(argv(Map.of("vnc_bind_address", "unix", "vnc_password_file", "/pw"), List.of(), List.of())
                .contains("unix:/run/x/i1.vnc,password=on"));
    }

    @Test
    void theVariableStoreIsCopiedOnceFromTheTemplateOfTheCodeImage() throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("gnt-fw-test");
        try {
            Path code = java.nio.file.Files.writeString(dir.resolve("OVMF_CODE.fd"), "code");
            java.nio.file.Files.writeString(dir.resolve("OVMF_VARS.fd"), "template");
            List<String> a = List.of("kvm", "-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + code,
                    "-drive", "if=pflash,format=raw,unit=1,file=" + dir.resolve("g1.vars.fd"));
            KvmFirmware.prepare(dir, "g1", a);
            assertEquals("template", java.nio.file.Files.readString(dir.resolve("g1.vars.fd")));
            java.nio.file.Files.writeString(dir.resolve("g1.vars.fd"), "written by the guest");
            KvmFirmware.prepare(dir, "g1", a); // a reboot: kept
            assertEquals("written by the guest", java.nio.file.Files.readString(dir.resolve("g1.vars.fd")));
            KvmFirmware.removeState(dir, "g1");
            assertFalse(java.nio.file.Files.exists(dir.resolve("g1.vars.fd")));

            // a node without the code image the argv names (a migration target without ovmf)
            List<String> elsewhere = List.of("kvm", "-drive", "if=pflash,format=raw,unit=0,readonly=on,file="
                    + dir.resolve("missing_CODE.fd"), "-drive", "if=pflash,format=raw,unit=1,file=" + dir.resolve("g1.vars.fd"));
            org.gnt.plugins.PluginException e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.gnt.plugins.PluginException.class, () -> KvmFirmware.prepare(dir, "g1", elsewhere));
            assertEquals(org.gnt.plugins.ErrorKind.ENVIRON, e.kind());
            assertTrue(e.getMessage().contains("ovmf"), e.getMessage());
        } finally {
            for (String f : List.of("OVMF_CODE.fd", "OVMF_VARS.fd", "g1.vars.fd")) {
                java.nio.file.Files.deleteIfExists(dir.resolve(f));
            }
            java.nio.file.Files.delete(dir);
        }
    }
}
