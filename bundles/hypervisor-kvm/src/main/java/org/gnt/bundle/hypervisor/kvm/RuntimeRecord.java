package org.gnt.bundle.hypervisor.kvm;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What a running instance's QEMU was started with, kept in {@code RUNDIR/NAME.runtime}: enough for
 * a restarted node service (or a newer bundle) to find the process, talk to it, and later start an
 * identical migration target. Written atomically, so a crash never leaves half a record.
 */
record RuntimeRecord(String name, String uuid, long memoryMib, int vcpus, long pid, Path qmp, String accel,
        List<String> argv, Map<String, Object> hvParams) {

    @SuppressWarnings("unchecked")
    static RuntimeRecord read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        try {
            return new RuntimeRecord(p.getProperty("name"), p.getProperty("uuid", ""),
                    Long.parseLong(p.getProperty("memory")), Integer.parseInt(p.getProperty("vcpus")),
                    Long.parseLong(p.getProperty("pid")), Path.of(p.getProperty("qmp")), p.getProperty("accel", ""),
                    (List<String>) Json.parse(p.getProperty("argv", "[]")),
                    (Map<String, Object>) Json.parse(p.getProperty("hvparams", "{}")));
        } catch (RuntimeException e) {
            throw new IOException("Damaged runtime record " + file + ": " + e.getMessage(), e);
        }
    }

    void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("name", name);
        p.setProperty("uuid", uuid);
        p.setProperty("memory", Long.toString(memoryMib));
        p.setProperty("vcpus", Integer.toString(vcpus));
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("qmp", qmp.toString());
        p.setProperty("accel", accel);
        p.setProperty("argv", Json.write(argv));
        p.setProperty("hvparams", Json.write(hvParams));
        p.setProperty("ports", String.join(",", DeviceArgs.usedPorts(argv))); // for people; argv is the truth
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            p.store(w, "gnt kvm runtime record");
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Whether this record's QEMU still runs: the pid exists, is not a zombie (a daemonized QEMU is
     * reparented to PID 1, which may never reap it), and its command line names our QMP socket
     * (so a recycled pid is not mistaken for the guest).
     */
    boolean alive() {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            String stat = Files.readString(proc.resolve("stat"));
            int close = stat.lastIndexOf(')');
            if (close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) == 'Z') {
                return false;
            }
            String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), java.nio.charset.StandardCharsets.UTF_8);
            return cmdline.contains(qmp.toString());
        } catch (IOException e) {
            return false;
        }
    }
}
