package org.gnt.bundle.hypervisor.kvm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.gnt.plugins.ParamSpec;
import org.gnt.plugins.ParamType;
import org.gnt.plugins.PluginException;

/**
 * Ganeti's kvm hvparams that this bundle understands: names, types and defaults as Ganeti 3.0
 * declares them (hv_kvm PARAMETERS / HVC_DEFAULTS), except where today's QEMU wants otherwise
 * (kernel_path empty: boot from disk; machine_version empty: q35).
 */
final class KvmParams {
    static final List<ParamSpec> SPECS = List.of(
            s("kvm_path", "/usr/bin/kvm", "QEMU binary (Debian links /usr/bin/kvm to qemu-system-x86_64)"),
            s("kernel_path", "", "kernel to boot directly; empty boots from disk"),
            s("initrd_path", "", "initrd for kernel_path"),
            s("kernel_args", "ro", "kernel command line (with kernel_path)"),
            new ParamSpec("root_path", ParamType.STRING, "/dev/vda1", "root= for kernel_path; empty for none"),
            b("serial_console", true, "serial console on a unix socket, logged"),
            i("serial_speed", 38400, "serial console speed given to the kernel"),
            s("boot_order", "disk", "disk, cdrom, network or floppy"),
            s("cdrom_image_path", "", "ISO image for the CD-ROM"),
            s("nic_type", "paravirtual", "paravirtual (virtio-net), e1000, rtl8139, ..."),
            s("disk_type", "paravirtual", "paravirtual (virtio-blk), ide, scsi, sd, mtd, pflash"),
            s("disk_cache", "default", "default, none, writethrough or writeback"),
            s("disk_aio", "threads", "threads, native or io_uring"),
            s("disk_discard", "default", "default, ignore or unmap"),
            s("cpu_type", "", "QEMU -cpu model; empty: host under KVM, QEMU's default under TCG"),
            s("cpu_mask", "all", "host CPUs the vCPUs may run on"),
            i("cpu_cores", 0, "cores per socket; 0 lets QEMU decide"),
            i("cpu_threads", 0, "threads per core; 0 lets QEMU decide"),
            i("cpu_sockets", 0, "sockets; 0 lets QEMU decide"),
            s("machine_version", "", "QEMU machine type; empty: q35"),
            b("acpi", true, "ACPI (needed for soft shutdown)"),
            s("reboot_behavior", "reboot", "reboot or exit when the guest reboots"),
            b("use_localtime", false, "guest RTC in local time"),
            s("mem_path", "", "hugetlbfs path backing guest memory"),
            s("vnc_bind_address", "", "VNC address (QEMU picks a free display); 'unix': a unix socket"
                    + " RUNDIR/NAME.vnc (gnt extension); empty: no VNC"),
            s("vnc_password_file", "", "VNC password file"),
            // SPICE (KvmSpice): Ganeti's names and defaults
            s("spice_bind", "", "SPICE address or interface name (a free port is picked); empty: no SPICE"),
            i("spice_ip_version", 0, "4 or 6: the IP version of spice_bind; 0: any"),
            s("spice_password_file", "", "file whose first line is the SPICE password; empty: no password"),
            s("spice_image_compression", "", "auto_glz, auto_lz, quic, glz, lz or off; empty: QEMU's"),
            s("spice_jpeg_wan_compression", "", "auto, never or always; empty: QEMU's"),
            s("spice_zlib_glz_wan_compression", "", "auto, never or always; empty: QEMU's"),
            s("spice_streaming_video", "", "off, all or filter; empty: QEMU's"),
            b("spice_playback_compression", true, "compress SPICE audio"),
            b("spice_use_tls", false, "SPICE over TLS (not supported yet)"),
            s("spice_tls_ciphers", "HIGH:-DES:-3DES:-EXPORT:-DH", "TLS ciphers for SPICE (with spice_use_tls)"),
            b("spice_use_vdagent", true, "virtio-serial channel for the SPICE guest agent"),
            s("migration_mode", "live", "live or non-live"),
            i("migration_port", 8102, "TCP port for incoming migrations"),
            i("migration_bandwidth", 32, "MiB/s"),
            i("migration_downtime", 30, "milliseconds"),
            s("migration_caps", "", "colon-separated QEMU migration capabilities"),
            s("kvm_extra", "", "extra QEMU arguments, split on whitespace"),
            b("use_chroot", false, "run QEMU chrooted (not supported yet)"),
            b("user_shutdown", false, "keep QEMU when the guest powers off and report a user shutdown"),
            b("vhost_net", false, "vhost-net for NICs"),
            // the rest of Ganeti's kvm parameters
            s("vga", "", "-vga model (std, cirrus, virtio, qxl, none); empty: none, or qxl-vga with SPICE"),
            s("keymap", "", "VNC keyboard layout (QEMU -k), e.g. en-us; empty: QEMU's"),
            s("usb_mouse", "", "mouse or tablet on a USB (xHCI) controller; empty: none"),
            s("kvm_flag", "", "enabled, disabled (always TCG) or empty (the node's probe decides)"),
            i("kvm_pci_reservations", 12, "PCIe root ports kept free for hotplug (at least 16 ports in all)"),
            b("use_guest_agent", false, "virtio-serial channel org.qemu.guest_agent.0 on RUNDIR/NAME.qga"),
            i("virtio_net_queues", 1, "queues per virtio NIC (only 1 supported yet)"),
            b("vnet_hdr", true, "vnet header on taps (only true supported)"),
            s("cdrom2_image_path", "", "second CD-ROM (not supported yet)"),
            s("cdrom_disk_type", "", "CD-ROM bus (only the default IDE supported)"),
            s("floppy_image_path", "", "floppy image (not supported: q35 has no floppy)"),
            s("scsi_controller_type", "lsi", "SCSI controller for disk_type scsi (only lsi)"),
            s("soundhw", "", "sound device (not supported yet)"),
            s("usb_devices", "", "host USB devices to pass through (not supported yet)"),
            s("security_model", "none", "none only yet (user, pool: QEMU -runas, not supported yet)"),
            s("security_domain", "", "user for security_model user (not supported yet)"),
            b("vnc_tls", false, "VNC over TLS (not supported yet)"),
            s("vnc_x509_path", "", "VNC TLS certificates (not supported yet)"),
            b("vnc_x509_verify", false, "verify VNC client certificates (not supported yet)"),
            // gnt extensions (Ganeti 3.0 has no firmware or TPM parameter)
            s("firmware", "bios", "gnt extension: bios (SeaBIOS) or uefi (OVMF, Debian package ovmf)"),
            s("tpm", "none", "gnt extension: none or tpm2 (a vTPM from swtpm, Debian package swtpm)"));

    private static final Set<String> BOOT_ORDER = Set.of("disk", "cdrom", "network", "floppy");
    private static final Set<String> NIC_TYPES = Set.of("paravirtual", "rtl8139", "ne2k_pci", "ne2k_isa",
            "i82551", "i82557b", "i82559er", "pcnet", "e1000");
    private static final Set<String> DISK_TYPES = Set.of("paravirtual", "ide", "scsi", "sd", "mtd", "pflash");
    private static final Set<String> DISK_CACHE = Set.of("default", "none", "writethrough", "writeback");
    private static final Set<String> DISK_AIO = Set.of("threads", "native", "io_uring");
    private static final Set<String> DISK_DISCARD = Set.of("default", "ignore", "unmap");

    private KvmParams() {
    }

    private static ParamSpec s(String name, String dflt, String doc) {
        return new ParamSpec(name, ParamType.STRING, dflt, doc);
    }

    private static ParamSpec i(String name, long dflt, String doc) {
        return new ParamSpec(name, ParamType.INT, dflt, doc);
    }

    private static ParamSpec b(String name, boolean dflt, String doc) {
        return new ParamSpec(name, ParamType.BOOL, dflt, doc);
    }

    /** The given hvparams, type-checked, on top of the defaults; unknown names and wrong types throw INVAL. */
    static Map<String, Object> fill(Map<String, ?> given) {
        return ParamSpec.fill(SPECS, given);
    }

    /** Semantic checks (Ganeti's ValidateParameters); each string names the parameter and the problem. */
    static List<String> validate(Map<String, Object> given) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> hv;
        try {
            hv = fill(given);
        } catch (PluginException e) {
            return List.of(e.getMessage());
        }
        oneOf(problems, hv, "boot_order", BOOT_ORDER);
        oneOf(problems, hv, "nic_type", NIC_TYPES);
        oneOf(problems, hv, "disk_type", DISK_TYPES);
        oneOf(problems, hv, "disk_cache", DISK_CACHE);
        oneOf(problems, hv, "disk_aio", DISK_AIO);
        oneOf(problems, hv, "disk_discard", DISK_DISCARD);
        oneOf(problems, hv, "reboot_behavior", Set.of("reboot", "exit"));
        oneOf(problems, hv, "migration_mode", Set.of("live", "non-live"));
        oneOf(problems, hv, "firmware", Set.of("bios", "uefi"));
        oneOf(problems, hv, "tpm", Set.of("none", "tpm2"));
        for (String p : List.of("kvm_path", "kernel_path", "initrd_path", "cdrom_image_path", "mem_path",
                "vnc_password_file")) {
            String v = str(hv, p);
            if (!v.isEmpty() && !v.startsWith("/")) {
                problems.add(p + " must be an absolute path, not '" + v + "'");
            }
        }
        if (!str(hv, "initrd_path").isEmpty() && str(hv, "kernel_path").isEmpty()) {
            problems.add("initrd_path needs kernel_path");
        }
        if (str(hv, "boot_order").equals("cdrom") && str(hv, "cdrom_image_path").isEmpty()) {
            problems.add("boot_order 'cdrom' needs cdrom_image_path");
        }
        if (str(hv, "disk_aio").equals("native") && !str(hv, "disk_cache").equals("none")) {
            problems.add("disk_aio 'native' needs disk_cache 'none' (O_DIRECT)");
        }
        for (String p : List.of("cpu_cores", "cpu_threads", "cpu_sockets")) {
            if (num(hv, p) < 0) {
                problems.add(p + " must not be negative");
            }
        }
        for (String p : List.of("migration_bandwidth", "migration_downtime", "serial_speed")) {
            if (num(hv, p) <= 0) {
                problems.add(p + " must be positive, not " + num(hv, p));
            }
        }
        long port = num(hv, "migration_port");
        if (port < 1 || port > 65535) {
            problems.add("migration_port must be 1-65535, not " + port);
        }
        CpuPinning.syntaxProblem(str(hv, "cpu_mask")).ifPresent(problems::add);
        oneOf(problems, hv, "usb_mouse", Set.of("", "mouse", "tablet"));
        oneOf(problems, hv, "kvm_flag", Set.of("", "enabled", "disabled"));
        oneOf(problems, hv, "vga", Set.of("", "std", "cirrus", "vmware", "qxl", "virtio", "none"));
        if (!str(hv, "keymap").matches("[a-z]{0,3}(-[a-z]{2,3})?")) {
            problems.add("keymap must be a QEMU keymap name like en-us or de, not '" + str(hv, "keymap") + "'");
        }
        long reservations = num(hv, "kvm_pci_reservations");
        if (reservations < 0 || reservations > 64) {
            problems.add("kvm_pci_reservations must be 0-64, not " + reservations);
        }
        refuseUnlessDefault(problems, hv, List.of("virtio_net_queues", "vnet_hdr", "cdrom2_image_path",
                "cdrom_disk_type", "floppy_image_path", "scsi_controller_type", "soundhw", "usb_devices",
                "security_model", "security_domain", "vnc_tls", "vnc_x509_path", "vnc_x509_verify"));
        if (flag(hv, "use_chroot")) {
            problems.add("use_chroot is not supported by this kvm bundle yet");
        }
        KvmSpice.validate(hv, problems);
        if (flag(hv, "vhost_net")) {
            problems.add("vhost_net is not supported by this kvm bundle yet");
        }
        return problems;
    }

    /** Ganeti parameters declared so their names are known, but only their default is supported yet. */
    private static void refuseUnlessDefault(List<String> problems, Map<String, Object> hv, List<String> names) {
        for (ParamSpec spec : SPECS) {
            if (names.contains(spec.name()) && hv.containsKey(spec.name())
                    && !String.valueOf(hv.get(spec.name())).equals(String.valueOf(spec.defaultValue()))) {
                problems.add(spec.name() + " '" + hv.get(spec.name()) + "' is not supported by this kvm bundle yet"
                        + " (only " + (String.valueOf(spec.defaultValue()).isEmpty() ? "empty"
                        : "'" + spec.defaultValue() + "'") + ")");
            }
        }
    }

    private static void oneOf(List<String> problems, Map<String, Object> hv, String name, Set<String> allowed) {
        String v = str(hv, name);
        if (!allowed.contains(v)) {
            problems.add(name + " must be one of " + new java.util.TreeSet<>(allowed) + ", not '" + v + "'");
        }
    }

    static String str(Map<String, Object> hv, String name) {
        Object v = hv.get(name);
        return v == null ? "" : v.toString();
    }

    static long num(Map<String, Object> hv, String name) {
        Object v = hv.get(name);
        return v instanceof Number n ? n.longValue() : 0;
    }

    static boolean flag(Map<String, Object> hv, String name) {
        return Boolean.TRUE.equals(hv.get(name));
    }
}
