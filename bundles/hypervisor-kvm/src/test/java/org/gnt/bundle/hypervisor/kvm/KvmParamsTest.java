package org.gnt.bundle.hypervisor.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.ParamSpec;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.hypervisor.InstanceSpec;
import org.junit.jupiter.api.Test;

class KvmParamsTest {
    @Test
    void unknownNameAndWrongTypeAreRefusedNamingTheParameter() {
        PluginException e = assertThrows(PluginException.class,
                () -> ParamSpec.check(KvmParams.SPECS, Map.of("kernel_pth", "/boot/vmlinuz")));
        assertEquals(ErrorKind.INVAL, e.kind());
        assertTrue(e.getMessage().contains("kernel_pth"), e.getMessage());

        e = assertThrows(PluginException.class,
                () -> ParamSpec.check(KvmParams.SPECS, Map.of("serial_console", "maybe")));
        assertEquals(ErrorKind.INVAL, e.kind());
        assertTrue(e.getMessage().contains("serial_console"), e.getMessage());

        e = assertThrows(PluginException.class,
                () -> ParamSpec.check(KvmParams.SPECS, Map.of("migration_bandwidth", "fast")));
        assertTrue(e.getMessage().contains("migration_bandwidth"), e.getMessage());
    }

    @Test
    void semanticChecksNameEachProblem() {
        assertEquals(List.of(), KvmParams.validate(Map.of()));
        List<String> problems = KvmParams.validate(Map.of("disk_cache", "sometimes", "boot_order", "usb",
                "initrd_path", "/boot/initrd", "migration_port", 70000L, "use_chroot", true));
        assertEquals(5, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("boot_order"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("disk_cache must be one of")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.equals("initrd_path needs kernel_path")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("migration_port")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("use_chroot")), problems.toString());
        assertEquals(List.of("Unknown parameter 'bogus'"), KvmParams.validate(Map.of("bogus", 1L)));
        List<String> fw = KvmParams.validate(Map.of("firmware", "efi", "tpm", "tpm1"));
        assertEquals(List.of("firmware must be one of [bios, uefi], not 'efi'", "tpm must be one of [none, tpm2], not 'tpm1'"),
                fw);
        assertEquals(List.of(), KvmParams.validate(Map.of("firmware", "uefi", "tpm", "tpm2", "vnc_bind_address", "unix")));
    }

    @Test
    void spiceParamsAreCheckedAsGanetiDoes() {
        assertEquals(List.of(), KvmParams.validate(Map.of("spice_bind", "127.0.0.1", "spice_ip_version", 4L,
                "spice_image_compression", "lz", "spice_jpeg_wan_compression", "auto",
                "spice_zlib_glz_wan_compression", "never", "spice_streaming_video", "all",
                "spice_password_file", "/etc/gnt/spice.pw", "spice_use_vdagent", false)));
        assertEquals(List.of(), KvmParams.validate(Map.of("spice_bind", "eth0")));
        assertEquals(List.of(), KvmParams.validate(Map.of("spice_bind", "::")));
        assertEquals("HIGH:-DES:-3DES:-EXPORT:-DH", KvmParams.fill(Map.of()).get("spice_tls_ciphers"));

        List<String> p = KvmParams.validate(Map.of("spice_bind", "127.0.0.1", "vnc_bind_address", "127.0.0.1",
                "spice_image_compression", "zip", "spice_jpeg_wan_compression", "sometimes",
                "spice_streaming_video", "most", "spice_ip_version", 6L, "spice_use_tls", true,
                "spice_password_file", "pw"));
        assertEquals(7, p.size(), p.toString());
        for (String start : List.of("spice_image_compression must be one of [auto_glz, auto_lz, glz, lz, off, quic]",
                "spice_jpeg_wan_compression must be one of", "spice_streaming_video must be one of",
                "spice_password_file must be an absolute path", "spice_bind and vnc_bind_address are both set",
                "spice_bind 127.0.0.1 is an IPv4 address, but spice_ip_version is 6", "spice_use_tls is not supported")) {
            assertTrue(p.stream().anyMatch(x -> x.startsWith(start)), start + " in " + p);
        }
        assertEquals(List.of("spice_ip_version must be 0 (any), 4 or 6, not 5",
                        "spice_bind must be an IP address or a network interface name, not 'no such/if'"),
                KvmParams.validate(Map.of("spice_bind", "no such/if", "spice_ip_version", 5L)));
        // without spice_bind the other SPICE settings mean nothing: refused, as Ganeti does
        assertEquals(List.of("spice_ip_version requires spice_bind to be set",
                        "spice_password_file requires spice_bind to be set",
                        "spice_streaming_video requires spice_bind to be set",
                        "spice_use_tls requires spice_bind to be set"),
                KvmParams.validate(Map.of("spice_ip_version", 4L, "spice_password_file", "/pw",
                        "spice_streaming_video", "off", "spice_use_tls", true, "spice_use_vdagent", false)));
        PluginException e = assertThrows(PluginException.class,
                () -> ParamSpec.check(KvmParams.SPECS, Map.of("spice_ip_version", "four")));
        assertTrue(e.getMessage().contains("spice_ip_version"), e.getMessage());
        // an interface must exist when the guest starts
        e = assertThrows(PluginException.class, () -> KvmSpice.address("gntnosuch0", 0));
        assertEquals(ErrorKind.INVAL, e.kind());
        assertTrue(e.getMessage().contains("spice_bind 'gntnosuch0'"), e.getMessage());
    }

    @Test
    void commandLineHasModernDefaults() {
        Map<String, Object> hv = KvmParams.fill(Map.of("kernel_path", "/k", "initrd_path", "/i",
                "disk_cache", "none", "kvm_extra", " -device  virtio-rng-pci "));
        InstanceSpec spec = new InstanceSpec("vm1", "uuid-1", 256, 2, hv);
        List<String> argv = QemuCommand.build(spec, List.of(), hv, QemuCommand.Files.of(Path.of("/run/x"), "vm1"),
                false, true);
        String line = String.join(" ", argv);
        assertEquals("/usr/bin/kvm", argv.get(0));
        assertTrue(line.contains("-accel tcg -nodefaults"), line);
        assertTrue(line.contains("-machine q35 -m 256 -smp 2 "), line);
        assertTrue(line.contains("-kernel /k -initrd /i -append root=/dev/vda1 ro console=ttyS0,38400"), line);
        assertTrue(line.contains("-qmp unix:/run/x/vm1.qmp,server=on,wait=off"), line);
        assertTrue(line.contains("logfile=/run/x/vm1.serial.log -serial chardev:serial0"), line);
        assertTrue(line.contains(" -S -pidfile /run/x/vm1.pid -daemonize -device virtio-rng-pci"), line);
    }

    @Test
    void jsonRoundTrip() {
        Object v = Json.parse("{\"return\": {\"status\": \"running\", \"n\": [1, 2.5, true, null, \"a\\\"b\\u0041\"]}}");
        assertEquals(Map.of("return", Map.of("status", "running",
                "n", java.util.Arrays.asList(1L, 2.5, true, null, "a\"bA"))), v);
        assertEquals(v, Json.parse(Json.write(v)));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": }"));
    }
}
