package org.gnt.bundle.hypervisor.kvm;

import static org.gnt.bundle.hypervisor.kvm.KvmParams.flag;
import static org.gnt.bundle.hypervisor.kvm.KvmParams.num;
import static org.gnt.bundle.hypervisor.kvm.KvmParams.str;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.gnt.plugins.disk.AttachedDisk;
import org.gnt.plugins.hypervisor.InstanceSpec;

/**
 * Builds the QEMU command line of an instance from its spec, disks and filled hvparams. Pure
 * (but for the SPICE port, free when picked): the same inputs give the same argv, which the
 * runtime record keeps (a migration target will need exactly the source's devices).
 */
final class QemuCommand {
    private QemuCommand() {
    }

    /** File names of an instance's runtime files in the runtime directory. */
    record Files(Path qmp, Path serial, Path serialLog, Path pidfile, Path vnc, Path vars, Path tpmSocket,
                 Path tpmState, Path tpmPid, Path qga) {
        static Files of(Path dir, String name) {
            return new Files(dir.resolve(name + ".qmp"), dir.resolve(name + ".serial"),
                    dir.resolve(name + ".serial.log"), dir.resolve(name + ".pid"), dir.resolve(name + ".vnc"),
                    dir.resolve(name + ".vars.fd"), dir.resolve(name + ".tpm.sock"), dir.resolve(name + ".tpm"),
                    dir.resolve(name + ".tpm.pid"), dir.resolve(name + ".qga"));
        }
    }

    /** With {@code firmware=uefi}, OVMF is looked up on this node (ENVIRON when it is not installed). */
    static List<String> build(InstanceSpec inst, List<AttachedDisk> disks, Map<String, Object> hv,
            Files f, boolean kvm, boolean paused) {
        return build(inst, disks, hv, f, kvm, paused,
                str(hv, "firmware").equals("uefi") ? KvmFirmware.ovmfCode() : null);
    }

    /** {@code ovmfCode}: the OVMF code image when {@code firmware=uefi} (its VARS template sits beside it). */
    static List<String> build(InstanceSpec inst, List<AttachedDisk> disks, Map<String, Object> hv,
            Files f, boolean kvm, boolean paused, Path ovmfCode) {
        List<String> a = new ArrayList<>();
        a.add(str(hv, "kvm_path"));
        a.addAll(List.of("-name", inst.name(), "-uuid", inst.uuid()));
        // Explicit accelerator: no silent fallback inside QEMU, so what we report is what runs.
        boolean useKvm = kvm && !str(hv, "kvm_flag").equals("disabled");
        a.addAll(List.of("-accel", useKvm ? "kvm" : "tcg"));
        a.addAll(List.of("-nodefaults", "-no-user-config", "-display", "none"));
        String machine = str(hv, "machine_version").isEmpty() ? "q35" : str(hv, "machine_version");
        if (!flag(hv, "acpi")) {
            machine += ",acpi=off";
        }
        a.addAll(List.of("-machine", machine));
        a.addAll(List.of("-m", Long.toString(inst.memoryMib())));
        a.addAll(List.of("-smp", smp(inst.vcpus(), hv)));
        String cpu = str(hv, "cpu_type");
        if (!cpu.isEmpty()) {
            a.addAll(List.of("-cpu", cpu));
        } else if (useKvm) {
            a.addAll(List.of("-cpu", "host"));
        }
        if (!str(hv, "mem_path").isEmpty()) {
            a.addAll(List.of("-mem-path", str(hv, "mem_path")));
        }
        if (str(hv, "firmware").equals("uefi")) {
            // read-only code from the package, a per-instance writable copy of the variable store
            a.addAll(List.of("-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + esc(ovmfCode.toString()),
                    "-drive", "if=pflash,format=raw,unit=1,file=" + esc(f.vars().toString())));
        }
        boot(a, hv);
        devices(a, inst, disks, hv, f.qmp().getParent());
        if (!str(hv, "cdrom_image_path").isEmpty()) {
            a.addAll(List.of("-drive", "file=" + esc(str(hv, "cdrom_image_path"))
                    + ",if=none,id=cdrom0,media=cdrom,readonly=on", "-device", "ide-cd,drive=cdrom0,bus=ide.0"));
        }
        a.addAll(List.of("-device", "virtio-balloon-pci,id=balloon0"));
        extras(a, hv, f);
        a.addAll(KvmSpice.args(hv)); // after the root ports' fixed addresses; picks a free port
        a.addAll(List.of("-qmp", "unix:" + f.qmp() + ",server=on,wait=off"));
        if (flag(hv, "serial_console")) {
            a.addAll(List.of("-chardev", "socket,id=serial0,path=" + f.serial() + ",server=on,wait=off,logfile="
                    + f.serialLog(), "-serial", "chardev:serial0"));
        }
        if (str(hv, "tpm").equals("tpm2")) {
            // swtpm (started before QEMU by KvmFirmware) listens on this socket
            a.addAll(List.of("-chardev", "socket,id=chrtpm,path=" + f.tpmSocket(),
                    "-tpmdev", "emulator,id=tpm0,chardev=chrtpm", "-device", "tpm-crb,tpmdev=tpm0"));
        }
        String vnc = str(hv, "vnc_bind_address");
        if (vnc.equals("unix")) {
            a.addAll(List.of("-vnc", "unix:" + f.vnc() + (str(hv, "vnc_password_file").isEmpty() ? "" : ",password=on")));
        } else if (!vnc.isEmpty()) {
            // Ganeti allocates a cluster-wide port; until the coordinator does, QEMU picks a free display.
            String host = vnc.contains(":") ? "[" + vnc + "]" : vnc;
            String opts = host + ":0,to=99";
            if (!str(hv, "vnc_password_file").isEmpty()) {
                opts += ",password=on";
            }
            a.addAll(List.of("-vnc", opts));
        }
        if (str(hv, "reboot_behavior").equals("exit")) {
            a.add("-no-reboot");
        }
        if (flag(hv, "user_shutdown")) {
            // a guest that powers off leaves a stopped QEMU behind, reported as a user shutdown
            a.add("-no-shutdown");
        }
        if (flag(hv, "use_localtime")) {
            a.addAll(List.of("-rtc", "base=localtime"));
        }
        if (paused) {
            a.add("-S");
        }
        // Daemonized: QEMU leaves the node service's session, so the guest outlives it.
        a.addAll(List.of("-pidfile", f.pidfile().toString(), "-daemonize"));
        for (String x : str(hv, "kvm_extra").trim().split("\\s+")) {
            if (!x.isEmpty()) {
                a.add(x);
            }
        }
        return a;
    }

    /** Display, keyboard, USB pointer and guest agent (Ganeti's vga, keymap, usb_mouse, use_guest_agent). */
    private static void extras(List<String> a, Map<String, Object> hv, Files f) {
        if (!str(hv, "vga").isEmpty()) {
            a.addAll(List.of("-vga", str(hv, "vga")));
        }
        if (!str(hv, "keymap").isEmpty()) {
            a.addAll(List.of("-k", str(hv, "keymap")));
        }
        if (!str(hv, "usb_mouse").isEmpty()) {
            a.addAll(List.of("-device", "qemu-xhci,id=usb0", "-device", "usb-" + str(hv, "usb_mouse") + ",bus=usb0.0"));
        }
        if (flag(hv, "use_guest_agent")) {
            a.addAll(List.of("-chardev", "socket,id=qga0,path=" + f.qga() + ",server=on,wait=off",
                    "-device", "virtio-serial-pci,id=qgaserial0",
                    "-device", "virtserialport,bus=qgaserial0.0,chardev=qga0,name=org.qemu.guest_agent.0"));
        }
    }

    private static String smp(int vcpus, Map<String, Object> hv) {
        StringBuilder s = new StringBuilder(Integer.toString(vcpus));
        if (num(hv, "cpu_sockets") > 0) {
            s.append(",sockets=").append(num(hv, "cpu_sockets"));
        }
        if (num(hv, "cpu_cores") > 0) {
            s.append(",cores=").append(num(hv, "cpu_cores"));
        }
        if (num(hv, "cpu_threads") > 0) {
            s.append(",threads=").append(num(hv, "cpu_threads"));
        }
        return s.toString();
    }

    private static void boot(List<String> a, Map<String, Object> hv) {
        String kernel = str(hv, "kernel_path");
        if (kernel.isEmpty()) {
            String order = switch (str(hv, "boot_order")) {
                case "cdrom" -> "d";
                case "network" -> "n";
                case "floppy" -> "a";
                default -> "c";
            };
            a.addAll(List.of("-boot", "order=" + order));
            return;
        }
        a.addAll(List.of("-kernel", kernel));
        if (!str(hv, "initrd_path").isEmpty()) {
            a.addAll(List.of("-initrd", str(hv, "initrd_path")));
        }
        StringBuilder append = new StringBuilder();
        if (!str(hv, "root_path").isEmpty()) {
            append.append("root=").append(str(hv, "root_path")).append(' ');
        }
        append.append(str(hv, "kernel_args"));
        if (flag(hv, "serial_console")) {
            append.append(" console=ttyS0,").append(num(hv, "serial_speed"));
        }
        a.addAll(List.of("-append", append.toString().trim()));
    }

    /**
     * PCIe root ports, then each virtio disk and each NIC on a port of its own, so any of them can
     * be unplugged and hot-added devices find free ports (see {@link DeviceArgs}).
     */
    private static void devices(List<String> a, InstanceSpec inst, List<AttachedDisk> disks, Map<String, Object> hv,
            Path dir) {
        boolean virtioDisks = str(hv, "disk_type").equals("paravirtual");
        boolean isaNics = DeviceArgs.nicModel(hv).endsWith("_isa");
        int onPorts = (virtioDisks ? disks.size() : 0) + (isaNics ? 0 : inst.nics().size());
        int ports = DeviceArgs.portCount(onPorts, num(hv, "kvm_pci_reservations"));
        a.addAll(DeviceArgs.rootPorts(ports));
        int port = 0;
        for (int i = 0; i < disks.size(); i++) {
            if (virtioDisks) {
                a.addAll(DeviceArgs.diskArgs(disks.get(i), hv, "rp" + port++));
            } else {
                disk(a, i, disks.get(i), hv);
            }
        }
        for (var nic : inst.nics()) {
            a.addAll(DeviceArgs.nicArgs(dir, nic, hv, isaNics ? null : "rp" + port++));
        }
    }

    /** Emulated (non-virtio) disk types: legacy -drive, not hot-pluggable. */
    private static void disk(List<String> a, int i, AttachedDisk d, Map<String, Object> hv) {
        StringBuilder drive = new StringBuilder("file=").append(esc(d.path())).append(",format=raw");
        String cache = str(hv, "disk_cache");
        if (!cache.equals("default")) {
            drive.append(",cache=").append(cache);
        }
        String aio = str(hv, "disk_aio");
        if (!aio.equals("threads")) {
            drive.append(",aio=").append(aio);
        }
        String discard = str(hv, "disk_discard");
        if (!discard.equals("default")) {
            drive.append(",discard=").append(discard);
        }
        a.addAll(List.of("-drive", drive + ",if=" + str(hv, "disk_type") + ",index=" + i));
    }

    /** QEMU option values escape a comma by doubling it. */
    private static String esc(String v) {
        return v.replace(",", ",,");
    }
}
