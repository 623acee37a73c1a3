package org.gnt.bundle.hypervisor.kvm;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decides once per activation whether guests get KVM or TCG. {@code /dev/kvm} existing is not
 * enough: under some nested setups it exists but QEMU cannot create a {@code -cpu host} vCPU
 * ("failed to set MSR"), or vCPUs never run. So the probe starts a paused QEMU exactly as
 * {@link QemuCommand} would under KVM and kills it again; any failure means TCG.
 */
final class KvmProbe {
    static final String QEMU = "/usr/bin/qemu-system-x86_64";

    private KvmProbe() {
    }

    /** Null when KVM works, else the reason it does not. */
    static String whyNotKvm(Path dir) {
        Path dev = Path.of("/dev/kvm");
        if (!Files.exists(dev)) {
            return "no /dev/kvm";
        }
        if (!Files.isReadable(dev) || !Files.isWritable(dev)) {
            return "/dev/kvm is not read-writable";
        }
        if (!Files.isExecutable(Path.of(QEMU))) {
            return QEMU + " is not installed";
        }
        Path pidfile = dir.resolve(".kvm-probe.pid");
        Path out = dir.resolve(".kvm-probe.log");
        try {
            Files.deleteIfExists(pidfile);
            Process p = new ProcessBuilder(List.of(QEMU, "-accel", "kvm", "-cpu", "host", "-machine", "q35",
                    "-nodefaults", "-no-user-config", "-display", "none", "-m", "16", "-S",
                    "-pidfile", pidfile.toString(), "-daemonize"))
                    .redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "a KVM test guest did not start within 30 s";
            }
            if (Files.exists(pidfile)) {
                long pid = Long.parseLong(Files.readString(pidfile).trim());
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // the probe QEMU we started
            }
            if (p.exitValue() != 0) {
                String msg = Files.readString(out).lines().filter(l -> l.contains("error"))
                        .findFirst().orElse("exit " + p.exitValue());
                return "a KVM test guest failed: " + msg.strip();
            }
            return null;
        } catch (IOException | NumberFormatException e) {
            return "KVM probe failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "KVM probe interrupted";
        } finally {
            try {
                Files.deleteIfExists(pidfile);
                Files.deleteIfExists(out);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
