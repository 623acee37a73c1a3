package org.gnt.bundle.hypervisor.kvm;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * UEFI (OVMF) and the vTPM (swtpm) of a guest (gnt extensions {@code firmware=uefi}, {@code tpm=tpm2}).
 * Driven by the argv about to run, not by hvparams, so a start, a soft reboot and a migration
 * target (whose argv is the source's made local) all prepare the same way: the per-instance OVMF
 * variable store {@code NAME.vars.fd} is copied from the package's template when missing, and a
 * fresh swtpm is started on {@code NAME.tpm.sock} with its state in {@code NAME.tpm/}. Both live
 * until {@link #removeState}: across reboots and migrations, not across a stop (the node service
 * always cleans up after a stop). The state needs no copying on migration: QEMU sends the pflash
 * contents with the RAM and the TPM state blobs with the device state.
 */
final class KvmFirmware {
    private static final System.Logger LOG = System.getLogger(KvmFirmware.class.getName());
    /** Debian's ovmf package: the 4 MiB build first (what Debian's QEMU descriptors prefer). */
    static final List<Path> OVMF_CODE = List.of(Path.of("/usr/share/OVMF/OVMF_CODE_4M.fd"),
            Path.of("/usr/share/OVMF/OVMF_CODE.fd"));
    static final Path SWTPM = Path.of("/usr/bin/swtpm");

    private KvmFirmware() {
    }

    /** The OVMF code image whose VARS template is installed too; ENVIRON naming the package otherwise. */
    static Path ovmfCode() {
        for (Path code : OVMF_CODE) {
            if (Files.isReadable(code) && Files.isReadable(varsTemplate(code))) {
                return code;
            }
        }
        throw new PluginException(ErrorKind.ENVIRON, "firmware=uefi needs OVMF (" + OVMF_CODE.get(0)
                + "), which is not installed on this node: install the Debian package ovmf");
    }

    /** OVMF_CODE_4M.fd pairs with OVMF_VARS_4M.fd (the two must have the same layout). */
    static Path varsTemplate(Path code) {
        return code.resolveSibling(code.getFileName().toString().replace("_CODE", "_VARS"));
    }

    /** ENVIRON naming the package when tpm=tpm2 cannot work on this node. */
    static void requireSwtpm() {
        if (!Files.isExecutable(SWTPM)) {
            throw new PluginException(ErrorKind.ENVIRON, "tpm=tpm2 needs " + SWTPM + ", which is not installed on"
                    + " this node: install the Debian package swtpm");
        }
    }

    /**
     * Before QEMU runs {@code argv}: the VARS copy when the argv uses one (and the code image it
     * names exists here), and a swtpm when the argv connects to one.
     */
    static void prepare(Path dir, String name, List<String> argv) {
        QemuCommand.Files f = QemuCommand.Files.of(dir, name);
        List<String> pflash = DeviceArgs.values(argv, "-drive").stream().filter(v -> v.startsWith("if=pflash,")).toList();
        Optional<Path> code = pflash.stream().filter(v -> v.contains(",readonly=on"))
                .map(v -> Path.of(DeviceArgs.option(v, "file").orElse(""))).findFirst();
        if (code.isPresent()) {
            if (!Files.isReadable(code.get())) {
                throw new PluginException(ErrorKind.ENVIRON, "UEFI firmware " + code.get() + " of " + name
                        + " is not installed on this node: install the Debian package ovmf");
            }
            boolean usesVars = pflash.stream().anyMatch(v -> DeviceArgs.option(v, "file").orElse("")
                    .equals(f.vars().toString()));
            if (usesVars && !Files.exists(f.vars())) {
                Path template = varsTemplate(code.get());
                try {
                    Files.copy(template, f.vars());
                } catch (IOException e) {
                    throw new PluginException(ErrorKind.ENVIRON, "Cannot copy the UEFI variable store " + template
                            + " for " + name + ": " + e, e);
                }
            }
        }
        if (DeviceArgs.values(argv, "-chardev").contains("socket,id=chrtpm,path=" + f.tpmSocket())) {
            startTpm(dir, name, f);
        }
    }

    private static void startTpm(Path dir, String name, QemuCommand.Files f) {
        requireSwtpm();
        stopTpm(dir, name); // a leftover of a guest that died
        Path log = dir.resolve(name + ".tpm.log");
        try {
            if (!Files.isDirectory(f.tpmState())) {
                Files.createDirectories(f.tpmState(), PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            // --terminate: swtpm ends when QEMU closes the control connection (QEMU exits)
            Process p = new ProcessBuilder(SWTPM.toString(), "socket", "--tpm2",
                    "--tpmstate", "dir=" + f.tpmState(), "--ctrl", "type=unixio,path=" + f.tpmSocket(),
                    "--terminate", "--daemon", "--pid", "file=" + f.tpmPid(), "--log", "file=" + log)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new PluginException(ErrorKind.ENVIRON, "swtpm for " + name + " did not daemonize within 30 s");
            }
            if (p.exitValue() != 0) {
                throw new PluginException(ErrorKind.ENVIRON, "swtpm failed to start for " + name + " (exit "
                        + p.exitValue() + "): " + Files.readString(log, StandardCharsets.UTF_8).strip());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(f.tpmSocket())) {
                if (System.nanoTime() > deadline) {
                    stopTpm(dir, name);
                    throw new PluginException(ErrorKind.ENVIRON, "swtpm for " + name + " made no socket " + f.tpmSocket());
                }
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot run swtpm for " + name + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException(ErrorKind.ENVIRON, "Interrupted while starting swtpm for " + name, e);
        }
    }

    /** The swtpm of this guest, if its pid file names a live swtpm on our socket. */
    static Optional<ProcessHandle> tpmProcess(Path dir, String name) {
        QemuCommand.Files f = QemuCommand.Files.of(dir, name);
        try {
            long pid = Long.parseLong(Files.readString(f.tpmPid()).trim());
            String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8);
            return cmdline.contains(f.tpmSocket().toString()) ? ProcessHandle.of(pid) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Ends this guest's swtpm (normally gone with QEMU already) and removes its socket, pid and log. */
    static void stopTpm(Path dir, String name) {
        tpmProcess(dir, name).ifPresent(p -> {
            p.destroy();
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.log(Level.WARNING, "swtpm of {0} ignored SIGTERM; killing it", name);
                p.destroyForcibly();
            }
        });
        QemuCommand.Files f = QemuCommand.Files.of(dir, name);
        for (Path p : List.of(f.tpmSocket(), f.tpmPid(), dir.resolve(name + ".tpm.log"))) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new PluginException(ErrorKind.ENVIRON, "Cannot remove " + p + ": " + e, e);
            }
        }
    }

    /** The state that outlives reboots: the UEFI variable store and the TPM state directory. */
    static void removeState(Path dir, String name) {
        QemuCommand.Files f = QemuCommand.Files.of(dir, name);
        try {
            Files.deleteIfExists(f.vars());
            if (Files.isDirectory(f.tpmState())) {
                try (Stream<Path> s = Files.walk(f.tpmState())) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot remove the firmware state of " + name + ": " + e, e);
        }
    }
}
