package org.gnt.bundle.hypervisor.kvm;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.hypervisor.NicSpec;

/**
 * The QEMU processes of one runtime directory and their files: launching a daemonized QEMU,
 * stopping it hard, waiting for it to go, and removing what a guest leaves behind (record,
 * sockets, logs, markers, taps, swtpm, and on leaving the node its UEFI variables and TPM state).
 */
final class QemuProcesses {
    private static final System.Logger LOG = System.getLogger(QemuProcesses.class.getName());
    private static final Duration QMP_TIMEOUT = KvmHypervisor.QMP_TIMEOUT;
    private static final Duration HARD_STOP_WAIT = Duration.ofSeconds(10);

    private final Path dir;

    QemuProcesses(Path dir) {
        this.dir = dir;
    }

    /**
     * Runs QEMU; with -daemonize the launcher exits once the guest is set up, or fails with QEMU's
     * message. The UEFI variable store and swtpm the argv asks for are made ready first (and the
     * swtpm stopped again when QEMU fails); the vCPUs are pinned as hvparam {@code cpu_mask} says
     * (a QEMU that cannot be pinned is killed: the launch failed).
     */
    void launch(String name, List<String> argv, Map<String, Object> hv) {
        KvmFirmware.prepare(dir, name, argv);
        try {
            runQemu(name, argv);
        } catch (RuntimeException e) {
            KvmFirmware.stopTpm(dir, name);
            throw e;
        }
        QemuCommand.Files f = QemuCommand.Files.of(dir, name);
        long pid = readPid(f.pidfile(), name);
        try {
            CpuPinning.apply(KvmParams.str(hv, "cpu_mask"), pid, f.qmp(), QMP_TIMEOUT);
        } catch (RuntimeException e) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            KvmFirmware.stopTpm(dir, name);
            throw e;
        }
    }

    /**
     * A guest's QEMU from start to record, as start, a soft reboot and a migration target all need
     * it: the taps of {@code nics}, the launch, the runtime record, the VNC and SPICE passwords. Fails
     * as a whole: what it made is undone (taps, or the QEMU itself) before the error goes up.
     */
    RuntimeRecord launchRecorded(String name, String uuid, long memoryMib, int vcpus, String accel,
                                 List<String> argv, Map<String, Object> hv, List<NicSpec> nics) {
        List<String> taps = Taps.create(dir, name, nics); // QEMU opens them by name
        try {
            launch(name, argv, hv);
        } catch (RuntimeException e) {
            Taps.remove(taps);
            throw e;
        }
        QemuCommand.Files f = QemuCommand.Files.of(dir, name);
        RuntimeRecord rec = new RuntimeRecord(name, uuid, memoryMib, vcpus, readPid(f.pidfile(), name), f.qmp(),
                accel, argv, hv);
        try {
            rec.write(recordFile(name));
            KvmControl.setVncPassword(rec);
            KvmSpice.setPassword(rec);
        } catch (IOException e) {
            killHard(rec);
            throw new PluginException(ErrorKind.ENVIRON, "Cannot start " + name + ": " + e.getMessage(), e);
        }
        return rec;
    }

    private void runQemu(String name, List<String> argv) {
        Path log = dir.resolve(name + ".log");
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new PluginException(ErrorKind.ENVIRON, "QEMU for " + name + " did not daemonize within 60 s");
            }
            if (p.exitValue() != 0) {
                String out = Files.readString(log, StandardCharsets.UTF_8).strip();
                throw new PluginException(ErrorKind.ENVIRON, "QEMU failed to start " + name + " (exit "
                        + p.exitValue() + "): " + out);
            }
        } catch (IOException e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot run " + argv.get(0) + " for " + name + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException(ErrorKind.ENVIRON, "Interrupted while starting " + name, e);
        }
    }

    static long readPid(Path pidfile, String name) {
        try {
            return Long.parseLong(Files.readString(pidfile).trim());
        } catch (IOException | NumberFormatException e) {
            throw new PluginException(ErrorKind.ENVIRON, "QEMU for " + name + " wrote no pid file " + pidfile, e);
        }
    }

    /** QMP quit, then SIGKILL of the recorded pid (checked to still be this guest's QEMU); then its taps go. */
    void killHard(RuntimeRecord r) {
        try {
            QmpClient.call(r.qmp(), QMP_TIMEOUT, "quit", Map.of());
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "quit of {0}: {1}", r.name(), e.getMessage()); // QEMU may close before answering
        }
        if (!waitGone(r, HARD_STOP_WAIT) && r.alive()) {
            ProcessHandle.of(r.pid()).ifPresent(ProcessHandle::destroyForcibly);
            waitGone(r, HARD_STOP_WAIT);
        }
        if (!r.alive()) {
            Taps.remove(DeviceArgs.taps(r.argv()));
            KvmFirmware.stopTpm(dir, r.name());
        }
    }

    static boolean waitGone(RuntimeRecord r, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (r.alive()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !r.alive();
            }
        }
        return true;
    }

    /** The runtime files and the state kept across reboots (UEFI variables, TPM): the guest leaves this node. */
    void removeInstanceState(String name) {
        removeRuntimeFiles(name);
        KvmFirmware.removeState(dir, name);
    }

    void removeRuntimeFiles(String name) {
        try { // a guest that died by itself left its taps
            if (Files.exists(recordFile(name))) {
                Taps.remove(DeviceArgs.taps(RuntimeRecord.read(recordFile(name)).argv()));
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot read the taps of {0} from its record: {1}", name, e.getMessage());
        }
        KvmFirmware.stopTpm(dir, name);
        QemuCommand.Files f = QemuCommand.Files.of(dir, name);
        for (Path p : List.of(recordFile(name), f.qmp(), f.serial(), f.serialLog(), f.pidfile(), f.vnc(), f.qga(),
                dir.resolve(name + ".log"), KvmMigration.incomingMarker(dir, name), KvmMigration.outgoingMarker(dir, name))) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new PluginException(ErrorKind.ENVIRON, "Cannot remove " + p + ": " + e, e);
            }
        }
    }

    Path recordFile(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new PluginException(ErrorKind.INVAL, "Invalid instance name '" + name + "'");
        }
        return dir.resolve(name + ".runtime");
    }
}
