package org.gnt.bundle.hypervisor.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.gnt.plugins.hypervisor.InstanceSpec;
import org.gnt.plugins.hypervisor.NicSpec;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every QEMU test of this bundle starts with, as a JUnit extension held in a static
 * {@code @RegisterExtension} field: skip the class without QEMU, build the test guest (a Debian
 * kernel + busybox initramfs, cached in {@link #DIR}) unless it is there, and make a fresh run
 * directory under /tmp. When the class is done (after its {@code @AfterAll} methods, also when the
 * set-up failed half way) it kills only the processes the test said it started and deletes the
 * run directory.
 */
final class TestGuest implements BeforeAllCallback, AfterAllCallback {
    /** The guest's kernel and initramfs, built by /guest/build-guest.sh. */
    static final Path DIR = Path.of("target", "kvm-guest").toAbsolutePath();

    private final String prefix;
    private boolean kernel = true;
    private Duration poll = Duration.ofMillis(200);
    private final List<Long> started = new ArrayList<>();
    private Path runDir;

    /** A run directory /tmp/{@code prefix}NNN: /tmp, because unix socket paths must stay under 108 bytes. */
    TestGuest(String prefix) {
        this.prefix = prefix;
    }

    /** For tests whose guests run no OS: QEMU is still needed, the kernel is not built. */
    TestGuest withoutKernel() {
        kernel = false;
        return this;
    }

    /** How often {@link #waitFor} looks again (200 ms unless set). */
    TestGuest polling(Duration interval) {
        poll = interval;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64")),
                "qemu-system-x86_64 is not installed (.ci/run installs it)");
        if (kernel && (!Files.exists(DIR.resolve("vmlinuz")) || !Files.exists(DIR.resolve("initrd.gz")))) {
            Path script = Path.of(TestGuest.class.getResource("/guest/build-guest.sh").toURI());
            Process p = new ProcessBuilder("bash", script.toString(), DIR.toString()).inheritIO().start();
            assertEquals(0, p.waitFor(), "build-guest.sh failed");
        }
        runDir = Files.createTempDirectory(prefix);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        killStarted();
        if (runDir != null) {
            try (Stream<Path> s = Files.walk(runDir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Kills the processes {@link #started} remembered (again at the end: a no-op for those gone). */
    void killStarted() {
        for (long pid : started) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    Path runDir() {
        return runDir;
    }

    /** Remembers a process this test started (a QEMU, a swtpm), to kill at the end; returns it. */
    long started(long pid) {
        started.add(pid);
        return pid;
    }

    /** The runtime record of a guest {@code hv} just started, its QEMU remembered to kill at the end. */
    RuntimeRecord started(KvmHypervisor hv, String name) {
        RuntimeRecord r = hv.record(name).orElseThrow();
        started(r.pid());
        return r;
    }

    /** The hvparams that boot the test guest: its kernel and initramfs, no root disk. */
    static Map<String, Object> kernelParams() {
        return Map.of(
                "kernel_path", DIR.resolve("vmlinuz").toString(),
                "initrd_path", DIR.resolve("initrd.gz").toString(),
                "root_path", "",
                "kernel_args", "quiet panic=-1");
    }

    /** The test guest with 128 MiB, one vCPU and no NICs; {@code extra} hvparams on top. */
    static InstanceSpec spec(String name, Map<String, Object> extra) {
        return spec(name, 128, extra, List.of());
    }

    static InstanceSpec spec(String name, long memoryMib, Map<String, Object> extra, List<NicSpec> nics) {
        Map<String, Object> hv = new HashMap<>(kernelParams());
        hv.putAll(extra);
        return new InstanceSpec(name, UUID.randomUUID().toString(), memoryMib, 1, hv, nics);
    }

    interface Check {
        boolean ok() throws Exception;
    }

    /** Polls {@code c} until it holds; an AssertionError naming {@code what} after {@code timeout}. */
    void waitFor(Check c, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!c.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + timeout);
            }
            Thread.sleep(poll.toMillis());
        }
    }
}
