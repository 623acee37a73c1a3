package org.gnt.bundle.hypervisor.kvm;

import static org.gnt.bundle.hypervisor.kvm.KvmParams.str;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.disk.AttachedDisk;
import org.gnt.plugins.disk.DiskRef;
import org.gnt.plugins.hypervisor.NicSpec;

/**
 * Changes to a running guest's devices, through QMP only: disk and NIC hotplug on free PCIe root
 * ports, ballooning, online disk growth. Each operation takes the guest's runtime record and
 * returns it with the argv rewritten to describe the devices the guest now has, so relaunching
 * the recorded argv (reboot, migration target) recreates exactly them. The caller persists it.
 */
final class KvmDevices {
    private static final System.Logger LOG = System.getLogger(KvmDevices.class.getName());
    /** Generous: QEMU under TCG on a loaded node answers slowly. */
    private static final Duration QMP = Duration.ofSeconds(30);
    /** device_del needs the guest's cooperation (PCIe/ACPI eject), which TCG makes slow. */
    private static final Duration UNPLUG_WAIT = Duration.ofSeconds(120);
    private static final long MIB = 1024L * 1024;

    private KvmDevices() {
    }

    static RuntimeRecord addDisk(RuntimeRecord r, AttachedDisk disk) {
        Map<String, Object> hv = r.hvParams();
        if (!str(hv, "disk_type").equals("paravirtual")) {
            throw new PluginException(ErrorKind.INVAL, "Disk hotplug needs disk_type paravirtual; " + r.name()
                    + " has '" + str(hv, "disk_type") + "'");
        }
        String id = DeviceArgs.diskId(disk.ref());
        refuseIfPlugged(r, id, "Disk " + ref(disk.ref()));
        if (!Files.exists(Path.of(disk.path()))) {
            throw new PluginException(ErrorKind.ENVIRON, "Disk " + disk.path() + " for " + r.name() + " is missing");
        }
        String port = freePort(r);
        call(r, "blockdev-add", DeviceArgs.blockdev(disk, hv));
        try {
            call(r, "device_add", DeviceArgs.diskDevice(disk, hv, port));
        } catch (PluginException e) {
            quietly(r, "blockdev-del", Map.of("node-name", DeviceArgs.diskNode(disk.ref())));
            throw e;
        }
        LOG.log(Level.INFO, "Plugged disk {0} into {1} as {2} on {3}", ref(disk.ref()), r.name(), id, port);
        return withArgv(r, DeviceArgs.plus(r.argv(), DeviceArgs.diskArgs(disk, hv, port)));
    }

    static RuntimeRecord removeDisk(RuntimeRecord r, DiskRef disk) {
        String id = DeviceArgs.diskId(disk);
        unplug(r, id, "Disk " + ref(disk));
        quietly(r, "blockdev-del", Map.of("node-name", DeviceArgs.diskNode(disk)));
        LOG.log(Level.INFO, "Unplugged disk {0} ({1}) from {2}", ref(disk), id, r.name());
        return withArgv(r, DeviceArgs.minus(r.argv(), id, DeviceArgs.diskNode(disk)));
    }

    static RuntimeRecord addNic(RuntimeRecord r, NicSpec nic) {
        Map<String, Object> hv = r.hvParams();
        if (DeviceArgs.nicModel(hv).endsWith("_isa")) {
            throw new PluginException(ErrorKind.INVAL, "NIC hotplug needs a PCI nic_type; " + r.name() + " has '"
                    + str(hv, "nic_type") + "'");
        }
        String id = DeviceArgs.nicId(nic.uuid());
        refuseIfPlugged(r, id, "NIC " + nic.uuid());
        String port = freePort(r);
        Path dir = r.qmp().getParent();
        List<String> taps = Taps.create(dir, r.name(), List.of(nic));
        try {
            call(r, "netdev_add", DeviceArgs.netdev(dir, nic));
            try {
                call(r, "device_add", DeviceArgs.nicDevice(nic, hv, port));
            } catch (PluginException e) {
                quietly(r, "netdev_del", Map.of("id", DeviceArgs.netdevId(nic.uuid())));
                throw e;
            }
        } catch (PluginException e) {
            Taps.remove(taps);
            throw e;
        }
        LOG.log(Level.INFO, "Plugged NIC {0} into {1} as {2} on {3} (tap {4})", nic.uuid(), r.name(), id, port,
                taps.get(0));
        return withArgv(r, DeviceArgs.plus(r.argv(), DeviceArgs.nicArgs(dir, nic, hv, port)));
    }

    static RuntimeRecord removeNic(RuntimeRecord r, NicSpec nic) {
        String id = DeviceArgs.nicId(nic.uuid());
        unplug(r, id, "NIC " + nic.uuid());
        quietly(r, "netdev_del", Map.of("id", DeviceArgs.netdevId(nic.uuid())));
        Taps.remove(List.of(DeviceArgs.tapName(r.qmp().getParent(), nic.uuid())));
        LOG.log(Level.INFO, "Unplugged NIC {0} ({1}) from {2}", nic.uuid(), id, r.name());
        return withArgv(r, DeviceArgs.minus(r.argv(), id, DeviceArgs.netdevId(nic.uuid())));
    }

    /** Balloon target; the record's memory becomes it, the ceiling stays the boot size (-m). */
    static RuntimeRecord setMemory(RuntimeRecord r, long mib) {
        long max = DeviceArgs.bootMemory(r.argv());
        if (mib < 1 || mib > max) {
            throw new PluginException(ErrorKind.INVAL, "memory " + mib + " MiB for " + r.name()
                    + " must be between 1 and " + max + " MiB (the size it was started with)");
        }
        call(r, "balloon", Map.of("value", mib * MIB));
        LOG.log(Level.INFO, "Ballooned {0} to {1} MiB (of {2})", r.name(), mib, max);
        return new RuntimeRecord(r.name(), r.uuid(), mib, r.vcpus(), r.pid(), r.qmp(), r.accel(), r.argv(),
                r.hvParams());
    }

    /** The disk's backing file or device grew: the guest sees the new size (virtio config change). */
    static void diskGrown(RuntimeRecord r, AttachedDisk disk) {
        String id = DeviceArgs.diskId(disk.ref());
        if (!peripherals(r).contains(id)) {
            throw new PluginException(ErrorKind.NOENT, "Disk " + ref(disk.ref()) + " is not plugged into " + r.name());
        }
        if (disk.sizeMib() <= 0) {
            throw new PluginException(ErrorKind.INVAL, "sizeMib of disk " + ref(disk.ref()) + " must be positive, not "
                    + disk.sizeMib());
        }
        call(r, "block_resize", Map.of("node-name", DeviceArgs.diskNode(disk.ref()), "size", disk.sizeMib() * MIB));
        LOG.log(Level.INFO, "Disk {0} of {1} is now {2} MiB", ref(disk.ref()), r.name(), disk.sizeMib());
    }

    /** device_del, then waits until QEMU has dropped the device (the guest released it). */
    private static void unplug(RuntimeRecord r, String id, String what) {
        if (!peripherals(r).contains(id)) {
            throw new PluginException(ErrorKind.NOENT, what + " is not plugged into " + r.name());
        }
        call(r, "device_del", Map.of("id", id));
        long deadline = System.nanoTime() + UNPLUG_WAIT.toNanos();
        while (peripherals(r).contains(id)) {
            if (System.nanoTime() > deadline) {
                throw new PluginException(ErrorKind.ENVIRON, "The guest " + r.name() + " did not release " + what
                        + " (" + id + ") within " + UNPLUG_WAIT.toSeconds() + " s; is it running an OS that handles"
                        + " PCIe hot-unplug?");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PluginException(ErrorKind.ENVIRON, "Interrupted unplugging " + id + " from " + r.name(), e);
            }
        }
    }

    private static void refuseIfPlugged(RuntimeRecord r, String id, String what) {
        if (peripherals(r).contains(id) || DeviceArgs.deviceIds(r.argv()).contains(id)) {
            throw new PluginException(ErrorKind.EXISTS, what + " is already plugged into " + r.name() + " (" + id + ")");
        }
    }

    private static String freePort(RuntimeRecord r) {
        return DeviceArgs.freePort(r.argv()).orElseThrow(() -> new PluginException(ErrorKind.NORES,
                r.name() + " has no free PCIe root port left (" + DeviceArgs.ports(r.argv()).size()
                        + " ports, all used)"));
    }

    /** Ids of the guest's devices that have one (qom-list /machine/peripheral). */
    static Set<String> peripherals(RuntimeRecord r) {
        Set<String> ids = new LinkedHashSet<>();
        if (call(r, "qom-list", Map.of("path", "/machine/peripheral")) instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m && String.valueOf(m.get("type")).startsWith("child<")) {
                    ids.add(String.valueOf(m.get("name")));
                }
            }
        }
        return ids;
    }

    private static Object call(RuntimeRecord r, String command, Map<String, ?> args) {
        try {
            return QmpClient.call(r.qmp(), QMP, command, args);
        } catch (IOException e) {
            throw new PluginException(ErrorKind.ENVIRON, command + " on " + r.name() + ": " + e.getMessage(), e);
        }
    }

    /** Undo steps and backend removal: a failure is logged, the main error (if any) wins. */
    private static void quietly(RuntimeRecord r, String command, Map<String, ?> args) {
        try {
            QmpClient.call(r.qmp(), QMP, command, args);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "{0} on {1}: {2}", command, r.name(), e.getMessage());
        }
    }

    private static RuntimeRecord withArgv(RuntimeRecord r, List<String> argv) {
        return new RuntimeRecord(r.name(), r.uuid(), r.memoryMib(), r.vcpus(), r.pid(), r.qmp(), r.accel(), argv,
                r.hvParams());
    }

    private static String ref(DiskRef d) {
        return d.driver() + ":" + d.id();
    }
}
