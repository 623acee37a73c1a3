package org.gnt.bundle.hypervisor.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.gnt.plugins.ParamSpec;
import org.gnt.plugins.hypervisor.InstanceSpec;
import org.junit.jupiter.api.Test;

/** Every kvm hvparam Ganeti 3.0 has is known here; those only declared refuse anything but their default. */
class GanetiKvmParamsTest {
    /** Ganeti 3.0.2's KVMHypervisor.PARAMETERS (65 names). */
    private static final List<String> GANETI = List.of("acpi", "boot_order", "cdrom2_image_path", "cdrom_disk_type",
            "cdrom_image_path", "cpu_cores", "cpu_mask", "cpu_sockets", "cpu_threads", "cpu_type", "disk_aio",
            "disk_cache", "disk_discard", "disk_type", "floppy_image_path", "initrd_path", "kernel_args",
            "kernel_path", "keymap", "kvm_extra", "kvm_flag", "kvm_path", "kvm_pci_reservations", "machine_version",
            "mem_path", "migration_bandwidth", "migration_caps", "migration_downtime", "migration_mode",
            "migration_port", "nic_type", "reboot_behavior", "root_path", "scsi_controller_type", "security_domain",
            "security_model", "serial_console", "serial_speed", "soundhw", "spice_bind", "spice_image_compression",
            "spice_ip_version", "spice_jpeg_wan_compression", "spice_password_file", "spice_playback_compression",
            "spice_streaming_video", "spice_tls_ciphers", "spice_use_tls", "spice_use_vdagent",
            "spice_zlib_glz_wan_compression", "usb_devices", "usb_mouse", "use_chroot", "use_guest_agent",
            "use_localtime", "user_shutdown", "vga", "vhost_net", "virtio_net_queues", "vnc_bind_address",
            "vnc_password_file", "vnc_tls", "vnc_x509_path", "vnc_x509_verify", "vnet_hdr");

    @Test
    void everyGanetiKvmParameterIsDeclared() {
        Set<String> ours = KvmParams.SPECS.stream().map(ParamSpec::name).collect(Collectors.toSet());
        assertEquals(65, GANETI.size());
        assertEquals(List.of(), GANETI.stream().filter(n -> !ours.contains(n)).toList());
    }

    @Test
    void declaredOnlyParametersRefuseAnythingButTheirDefault() {
        assertEquals(List.of(), KvmParams.validate(KvmParams.fill(Map.of())));
        List<String> problems = KvmParams.validate(KvmParams.fill(Map.of("soundhw", "hda", "vnc_tls", true,
                "virtio_net_queues", 4, "security_model", "user")));
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("soundhw 'hda' is not supported")), problems.toString());
        assertTrue(KvmParams.validate(KvmParams.fill(Map.of("usb_mouse", "trackball"))).get(0).startsWith("usb_mouse"));
        assertTrue(KvmParams.validate(KvmParams.fill(Map.of("kvm_pci_reservations", 99))).get(0)
                .startsWith("kvm_pci_reservations"));
    }

    @Test
    void displayKeyboardPointerAgentAndAcceleratorChoice() {
        InstanceSpec spec = new InstanceSpec("i1", "u-1", 128, 1, Map.of());
        List<String> a = QemuCommand.build(spec, List.of(), KvmParams.fill(Map.of("vga", "std", "keymap", "de",
                "usb_mouse", "tablet", "use_guest_agent", true, "kvm_flag", "disabled", "kvm_pci_reservations", 20)),
                QemuCommand.Files.of(Path.of("/run/x"), "i1"), true, false);
        String all = String.join(" ", a);
        assertTrue(all.contains("-vga std") && all.contains("-k de"), all);
        assertTrue(all.contains("-device usb-tablet,bus=usb0.0"), all);
        assertTrue(all.contains("path=/run/x/i1.qga") && all.contains("name=org.qemu.guest_agent.0"), all);
        assertTrue(all.contains("-accel tcg") && !all.contains("-cpu host"), "kvm_flag disabled means TCG: " + all);
        assertEquals(20, DeviceArgs.ports(a).size());
    }
}
