package org.gnt.bundle.hypervisor.kvm;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.ParamSpec;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.disk.AttachedDisk;
import org.gnt.plugins.disk.DiskRef;
import org.gnt.plugins.hypervisor.ConsoleInfo;
import org.gnt.plugins.hypervisor.Hypervisor;
import org.gnt.plugins.hypervisor.InstanceSpec;
import org.gnt.plugins.hypervisor.MigrationStatus;
import org.gnt.plugins.hypervisor.NicSpec;
import org.gnt.plugins.hypervisor.NodeResources;
import org.gnt.plugins.hypervisor.RuntimeInstance;
import org.gnt.plugins.hypervisor.RuntimeInstance.RunState;
import org.gnt.plugins.hypervisor.StopMode;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Ganeti's kvm hypervisor on QEMU: one daemonized {@code qemu-system-x86_64} per instance,
 * driven only through QMP. All state lives in the runtime directory ({@code DIR/kvm-hv}), never
 * in this object, so a restarted node service or an updated bundle finds the running guests
 * again. Uses KVM when {@code /dev/kvm} exists and TCG otherwise. Immediate: activation runs the
 * KVM probe (a QEMU start, seconds), so the component must not be dropped and re-activated
 * whenever the node service has released it.
 */
@Component(service = Hypervisor.class, property = Hypervisor.NAME + "=kvm", immediate = true)
public final class KvmHypervisor implements Hypervisor {
    private static final System.Logger LOG = System.getLogger(KvmHypervisor.class.getName());
    static final Duration QMP_TIMEOUT = Duration.ofSeconds(10);

    private Path dir;
    private QemuProcesses processes;
    private boolean kvm;
    /** Without QEMU the bundle still loads and reports the node (accelerator "none"); starts fail. */
    private boolean qemu;

    /** For Declarative Services; {@link #activate} sets the directory. */
    public KvmHypervisor() {
    }

    /** Outside OSGi (tests, tools): the runtime directory given directly. */
    public KvmHypervisor(Path runtimeDir) throws IOException {
        init(runtimeDir);
    }

    @Activate
    void activate(BundleContext context) throws IOException {
        String nodeDir = context.getProperty("gnt.node.dir");
        init(Path.of(nodeDir == null ? System.getProperty("java.io.tmpdir") : nodeDir, "kvm-hv"));
    }

    private void init(Path runtimeDir) throws IOException {
        this.dir = runtimeDir;
        this.processes = new QemuProcesses(runtimeDir);
        Files.createDirectories(dir);
        String why = KvmProbe.whyNotKvm(dir);
        this.kvm = why == null;
        this.qemu = Files.isExecutable(Path.of(KvmProbe.QEMU));
        LOG.log(Level.INFO, "kvm hypervisor: runtime dir {0}, accelerator {1}{2}", dir, accelerator(),
                kvm ? "" : qemu ? " (KVM unusable: " + why + "; guests run emulated by TCG, much slower)"
                        : " (" + KvmProbe.QEMU + " is not installed: kvm instances cannot start here)");
    }

    /** {@code kvm} or {@code tcg}: the accelerator new guests get on this node; {@code none} without QEMU. */
    public String accelerator() {
        return kvm ? "kvm" : qemu ? "tcg" : "none";
    }

    public Path runtimeDir() {
        return dir;
    }

    @Override
    public List<ParamSpec> parameters() {
        return KvmParams.SPECS;
    }

    @Override
    public List<String> validateParameters(Map<String, Object> hv) {
        return KvmParams.validate(hv);
    }

    @Override
    public NodeResources nodeInfo() {
        long totalKib = 0;
        long availKib = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    totalKib = kib(line);
                } else if (line.startsWith("MemAvailable:")) {
                    availKib = kib(line);
                }
            }
        } catch (IOException e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot read /proc/meminfo: " + e, e);
        }
        long total = totalKib / 1024;
        long free = availKib / 1024;
        long instances = 0;
        int vcpus = 0;
        for (RuntimeInstance r : list()) {
            instances += r.memoryMib();
            vcpus += r.vcpus();
        }
        // dom0 (Ganeti's memory_dom0): what the host uses besides the guests.
        long dom0 = Math.max(0, total - free - instances);
        return new NodeResources(total, free, dom0, Runtime.getRuntime().availableProcessors(), vcpus, accelerator());
    }

    private static long kib(String line) {
        String[] f = line.trim().split("\\s+");
        return Long.parseLong(f[1]);
    }

    @Override
    public synchronized List<RuntimeInstance> list() {
        List<RuntimeInstance> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.runtime")) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                info(name.substring(0, name.length() - ".runtime".length())).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot list " + dir + ": " + e, e);
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    @Override
    public synchronized Optional<RuntimeInstance> info(String name) {
        return running(name).map(r -> new RuntimeInstance(r.name(), r.uuid(), state(r), r.memoryMib(), r.vcpus()));
    }

    /** The record of a live QEMU for this instance; a record whose process is gone is ignored. */
    Optional<RuntimeRecord> running(String name) {
        Path file = recordFile(name);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            RuntimeRecord r = RuntimeRecord.read(file);
            return r.alive() ? Optional.of(r) : Optional.empty();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Ignoring unreadable runtime record {0}: {1}", file, e.getMessage());
            return Optional.empty();
        }
    }

    private static RunState state(RuntimeRecord r) {
        try {
            Object status = QmpClient.call(r.qmp(), QMP_TIMEOUT, "query-status", Map.of());
            String s = status instanceof Map<?, ?> m ? String.valueOf(m.get("status")) : "";
            return switch (s) {
                case "running", "debug" -> RunState.RUNNING;
                case "shutdown" -> RunState.SHUTDOWN;
                case "internal-error", "guest-panicked", "io-error" -> RunState.CRASHED;
                default -> RunState.PAUSED; // paused, prelaunch, inmigrate, postmigrate, suspended...
            };
        } catch (IOException e) {
            // QMP busy with another client or slow: the process is alive, which is what list reports.
            LOG.log(Level.DEBUG, "query-status of {0} failed: {1}", r.name(), e.getMessage());
            return RunState.RUNNING;
        }
    }

    @Override
    public synchronized void start(InstanceSpec instance, List<AttachedDisk> disks, boolean paused) {
        if (!qemu) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot start " + instance.name() + ": " + KvmProbe.QEMU
                    + " is not installed on this node");
        }
        Map<String, Object> hv = KvmParams.fill(instance.hvParams());
        List<String> problems = KvmParams.validate(hv);
        if (!problems.isEmpty()) {
            throw new PluginException(ErrorKind.INVAL, "Invalid hvparams for " + instance.name() + ": "
                    + String.join("; ", problems));
        }
        for (String p : List.of("kernel_path", "initrd_path", "cdrom_image_path", "vnc_password_file",
                "spice_password_file")) {
            String v = KvmParams.str(hv, p);
            if (!v.isEmpty() && !Files.isReadable(Path.of(v))) {
                throw new PluginException(ErrorKind.ENVIRON, p + " " + v + " of " + instance.name() + " is missing");
            }
        }
        for (AttachedDisk d : disks) {
            if (!Files.exists(Path.of(d.path()))) {
                throw new PluginException(ErrorKind.ENVIRON, "Disk " + d.path() + " of " + instance.name() + " is missing");
            }
        }
        CpuPinning.checkFor(KvmParams.str(hv, "cpu_mask"), instance.vcpus());
        Path ovmf = KvmParams.str(hv, "firmware").equals("uefi") ? KvmFirmware.ovmfCode() : null;
        if (KvmParams.str(hv, "tpm").equals("tpm2")) {
            KvmFirmware.requireSwtpm();
        }
        Optional<RuntimeRecord> old = running(instance.name());
        if (old.isPresent() && state(old.get()) == RunState.SHUTDOWN) {
            killHard(old.get()); // the guest shut itself down (user_shutdown): what is left is an idle QEMU
        } else if (old.isPresent()) {
            throw new PluginException(ErrorKind.STATE, "Instance " + instance.name() + " is already running");
        }
        NodeResources res = nodeInfo();
        if (instance.memoryMib() > res.memoryFreeMib()) {
            throw new PluginException(ErrorKind.NORES, "Not enough memory to start instance " + instance.name()
                    + ": needed " + instance.memoryMib() + " MiB, free " + res.memoryFreeMib() + " MiB");
        }
        removeRuntimeFiles(instance.name());
        QemuCommand.Files f = QemuCommand.Files.of(dir, instance.name());
        if (f.serialLog().toString().length() > 107) {
            // unix socket paths are limited to 108 bytes (sun_path)
            throw new PluginException(ErrorKind.ENVIRON, "Runtime directory " + dir + " is too deep for the unix"
                    + " sockets of " + instance.name());
        }
        List<String> argv = QemuCommand.build(instance, disks, hv, f, kvm, paused, ovmf);
        RuntimeRecord rec;
        try {
            rec = processes.launchRecorded(instance.name(), instance.uuid(), instance.memoryMib(), instance.vcpus(),
                    accelerator(), argv, hv, instance.nics());
        } catch (RuntimeException e) {
            KvmFirmware.removeState(dir, instance.name()); // a first start that failed leaves nothing
            throw e;
        }
        LOG.log(Level.INFO, "Started {0} (pid {1}, {2}{3})", instance.name(), Long.toString(rec.pid()), accelerator(),
                paused ? ", paused" : "");
    }

    @Override
    public synchronized void stop(InstanceSpec instance, StopMode mode, Duration timeout) {
        RuntimeRecord r = running(instance.name()).orElseThrow(() ->
                new PluginException(ErrorKind.STATE, "Instance " + instance.name() + " is not running"));
        if (mode == StopMode.SOFT && state(r) != RunState.SHUTDOWN) {
            try {
                // ACPI power button: the guest shuts down by itself and QEMU exits.
                QmpClient.call(r.qmp(), QMP_TIMEOUT, "system_powerdown", Map.of());
            } catch (IOException e) {
                LOG.log(Level.WARNING, "system_powerdown of {0} failed: {1}", r.name(), e.getMessage());
            }
            if (QemuProcesses.waitGone(r, timeout)) {
                Taps.remove(DeviceArgs.taps(r.argv()));
                KvmFirmware.stopTpm(dir, r.name());
                LOG.log(Level.INFO, "Stopped {0} (ACPI shutdown)", r.name());
                return;
            }
            LOG.log(Level.WARNING, "{0} ignored the ACPI shutdown for {1}; stopping it hard", r.name(), timeout);
        }
        killHard(r);
        if (r.alive()) {
            throw new PluginException(ErrorKind.ENVIRON, "QEMU of " + r.name() + " (pid " + r.pid() + ") does not die");
        }
        LOG.log(Level.INFO, "Stopped {0} (hard)", r.name());
    }

    @Override
    public synchronized void cleanup(String name) {
        if (running(name).isPresent()) {
            throw new PluginException(ErrorKind.STATE, "Instance " + name + " is still running; stop it first");
        }
        removeInstanceState(name);
    }

    // ---- process and file handling lives in QemuProcesses; these keep the callers' view short ----

    RuntimeRecord launchRecorded(String name, String uuid, long memoryMib, int vcpus, String accel,
                                 List<String> argv, Map<String, Object> hv, List<NicSpec> nics) {
        return processes.launchRecorded(name, uuid, memoryMib, vcpus, accel, argv, hv, nics);
    }

    void killHard(RuntimeRecord r) {
        processes.killHard(r);
    }

    void removeInstanceState(String name) {
        processes.removeInstanceState(name);
    }

    void removeRuntimeFiles(String name) {
        processes.removeRuntimeFiles(name);
    }

    Path recordFile(String name) {
        return processes.recordFile(name);
    }

    /** The QMP socket of a running instance (for tests and, later, migration and hotplug). */
    Optional<Path> qmpSocket(String name) {
        return running(name).map(RuntimeRecord::qmp);
    }

    /** The record of a running instance: pid, argv, hvparams. */
    Optional<RuntimeRecord> record(String name) {
        return running(name);
    }

    // ---- Devices: hotplug, ballooning, online grow (KvmDevices does the work, the record follows) ----

    @Override
    public synchronized void hotAddDisk(String name, AttachedDisk disk) {
        save(KvmDevices.addDisk(live(name), disk));
    }

    @Override
    public synchronized void hotRemoveDisk(String name, DiskRef disk) {
        save(KvmDevices.removeDisk(live(name), disk));
    }

    @Override
    public synchronized void hotAddNic(String name, NicSpec nic) {
        save(KvmDevices.addNic(live(name), nic));
    }

    @Override
    public synchronized void hotRemoveNic(String name, NicSpec nic) {
        save(KvmDevices.removeNic(live(name), nic));
    }

    @Override
    public synchronized void setMemory(String name, long memoryMib) {
        save(KvmDevices.setMemory(live(name), memoryMib));
    }

    @Override
    public synchronized void diskGrown(String name, AttachedDisk disk) {
        KvmDevices.diskGrown(live(name), disk);
    }

    private RuntimeRecord live(String name) {
        return running(name).orElseThrow(() -> new PluginException(ErrorKind.STATE, "Instance " + name
                + " is not running"));
    }

    private void save(RuntimeRecord r) {
        try {
            r.write(recordFile(r.name()));
        } catch (IOException e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot record the devices of " + r.name() + ": " + e, e);
        }
    }

    // ---- SPI 1.2.0: reboot, resume, console (KvmControl) and live migration (KvmMigration) ----
    // Thin delegates: the work lives in those classes, under this object's lock like the rest.

    private final KvmControl control = new KvmControl(this);
    private final KvmMigration migration = new KvmMigration(this);

    @Override
    public synchronized void reboot(InstanceSpec instance, StopMode mode, Duration timeout) {
        control.reboot(instance, mode, timeout);
    }

    @Override
    public synchronized void resume(String name) {
        control.resume(name);
    }

    @Override
    public synchronized ConsoleInfo console(InstanceSpec instance) {
        return control.console(instance);
    }

    @Override
    public synchronized String migrationInfo(String name) {
        return migration.info(name);
    }

    @Override
    public synchronized void acceptIncoming(InstanceSpec instance, List<AttachedDisk> disks, String info,
                                            String address, int port) {
        migration.accept(instance, disks, info, address, port);
    }

    @Override
    public synchronized void migrate(InstanceSpec instance, String address, int port, boolean live) {
        migration.migrate(instance, address, port, live);
    }

    @Override
    public synchronized MigrationStatus migrationStatus(String name) {
        return migration.status(name);
    }

    @Override
    public synchronized void cancelMigration(String name) {
        migration.cancel(name);
    }

    @Override
    public synchronized void finishIncoming(InstanceSpec instance, boolean success) {
        migration.finishIncoming(instance, success);
    }

    @Override
    public synchronized void finishOutgoing(InstanceSpec instance, boolean success) {
        migration.finishOutgoing(instance, success);
    }
}
