package org.gnt.bundle.hypervisor.kvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * Ganeti's {@code cpu_mask}: {@code all} (no pinning), one CPU list such as {@code 0-2,5} (the
 * whole QEMU process on those CPUs), or one list per vCPU separated by colons such as
 * {@code 1:all:3} (vCPU thread {@code i} on list {@code i}; a bare {@code all} leaves it free).
 * Applied with taskset(1) to the thread ids QMP {@code query-cpus-fast} reports.
 */
final class CpuPinning {
    private static final String LIST = "[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*";
    private static final String TASKSET = Files.isExecutable(Path.of("/usr/bin/taskset")) ? "/usr/bin/taskset"
            : "taskset";

    private CpuPinning() {
    }

    /** Syntax problems of a mask, empty when it is well-formed. */
    static Optional<String> syntaxProblem(String mask) {
        for (String part : mask.split(":", -1)) {
            if (!part.equals("all") && !part.matches(LIST)) {
                return Optional.of("cpu_mask '" + mask + "' is not 'all', a CPU list like 0-2,5 or one such"
                        + " list (or 'all') per vCPU separated by ':'");
            }
        }
        return Optional.empty();
    }

    /** Per-vCPU masks must name every vCPU: INVAL before QEMU runs. */
    static void checkFor(String mask, int vcpus) {
        int parts = mask.split(":", -1).length;
        if (parts > 1 && parts != vcpus) {
            throw new PluginException(ErrorKind.INVAL, "cpu_mask '" + mask + "' has " + parts
                    + " per-vCPU entries but the instance has " + vcpus + " vCPUs");
        }
    }

    /** Pins the QEMU process {@code pid} (QMP at {@code qmp}) as {@code mask} says. */
    static void apply(String mask, long pid, Path qmp, Duration timeout) {
        if (mask.isEmpty() || mask.equals("all")) {
            return;
        }
        String[] parts = mask.split(":", -1);
        if (parts.length == 1) {
            for (long tid : threads(pid)) {
                taskset(mask, tid);
            }
            return;
        }
        List<Long> vcpuThreads = vcpuThreads(qmp, timeout);
        for (int i = 0; i < parts.length && i < vcpuThreads.size(); i++) {
            if (!parts[i].equals("all")) {
                taskset(parts[i], vcpuThreads.get(i));
            }
        }
    }

    private static List<Long> threads(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.map(p -> Long.parseLong(p.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot list the threads of QEMU pid " + pid + ": " + e, e);
        }
    }

    /** Thread ids of the vCPUs, by cpu-index. */
    private static List<Long> vcpuThreads(Path qmp, Duration timeout) {
        try {
            Object reply = QmpClient.call(qmp, timeout, "query-cpus-fast", Map.of());
            List<Long> out = new ArrayList<>();
            if (reply instanceof List<?> cpus) {
                List<Map<?, ?>> sorted = new ArrayList<>();
                cpus.forEach(c -> sorted.add((Map<?, ?>) c));
                sorted.sort((a, b) -> Long.compare(((Number) a.get("cpu-index")).longValue(),
                        ((Number) b.get("cpu-index")).longValue()));
                sorted.forEach(c -> out.add(((Number) c.get("thread-id")).longValue()));
            }
            return out;
        } catch (IOException e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot ask QEMU for its vCPU threads: " + e.getMessage(), e);
        }
    }

    private static void taskset(String cpus, long tid) {
        try {
            Process p = new ProcessBuilder(TASKSET, "-pc", cpus, Long.toString(tid)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new PluginException(ErrorKind.ENVIRON, "Cannot pin thread " + tid + " to CPUs " + cpus + ": " + out);
            }
        } catch (IOException e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot run taskset: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException(ErrorKind.ENVIRON, "Interrupted while pinning CPUs", e);
        }
    }
}
