package org.gnt.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.gnt.bundle.hypervisor.kvm.KvmHypervisor;
import org.gnt.plugins.disk.AttachedDisk;
import org.gnt.plugins.disk.DiskRef;
import org.gnt.plugins.hypervisor.InstanceSpec;
import org.gnt.plugins.hypervisor.MigrationStatus;
import org.gnt.plugins.hypervisor.StopMode;

/**
 * Guest start and live migration on real QEMU (KVM where it works, TCG here), through the kvm
 * bundle's hypervisor as a node service calls it: two hypervisors with their own runtime
 * directories stand for two nodes on this machine, migrating over TCP on 127.0.0.1, the disk a
 * raw file both see (as sharedfile would). The guest is the tiny Debian kernel and busybox
 * initramfs the kvm tests build; before migrating, it fills 3/8 of its memory with non-zero data
 * (QEMU sends zero pages almost for free, so an idle guest would flatter the figures).
 *
 * <p>Each size runs with two migration settings: gnt's bench setting (1,024 MiB/s, 300 ms
 * downtime limit) and Ganeti's kvm defaults ({@code migration_bandwidth} 32 MiB/s,
 * {@code migration_downtime} 30 ms).
 *
 * <p>{@code bench/run --kvm [--sizes 128,512] [--rounds 3]}
 */
public final class KvmBench {
    private KvmBench() {
    }

    /** One round's figures, in milliseconds and bytes. */
    record Round(long startMs, long bootMs, long fillMs, long migrateMs, long qemuTotalMs, long downtimeMs,
                 long transferred) {
    }

    /** Migration settings: hvparams migration_bandwidth (MiB/s) and migration_downtime (ms). */
    record Setting(int bandwidthMibs, int downtimeMs) {
    }

    static final List<Setting> SETTINGS = List.of(new Setting(1024, 300), new Setting(32, 30));

    static void run(List<Integer> sizesMib, int rounds, Path guest) throws Exception {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        for (var h : java.util.logging.Logger.getLogger("").getHandlers()) {
            h.setLevel(java.util.logging.Level.WARNING);
        }
        Path dir = Files.createTempDirectory("gnt-kvmb");
        try {
            KvmHypervisor a = new KvmHypervisor(dir.resolve("a"));
            KvmHypervisor b = new KvmHypervisor(dir.resolve("b"));
            System.out.printf("accelerator: %s; %d round(s) per size%n", a.accelerator(), rounds);
            System.out.println("| guest MiB | bandwidth / downtime limit | start (QEMU up) | boot (to userspace) "
                    + "| migration (caller's view) | QEMU total time | QEMU downtime | transferred MiB |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (int size : sizesMib) {
                for (Setting setting : SETTINGS) {
                    List<Round> results = new ArrayList<>();
                    for (int r = 0; r < rounds; r++) {
                        results.add(round(a, b, dir, guest, size, r, setting));
                    }
                    row(size, setting, results);
                }
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void row(int size, Setting setting, List<Round> results) {
        System.out.printf("| %d | %d MiB/s / %d ms | %s | %s | %s | %s | %s | %s |%n", size,
                setting.bandwidthMibs(), setting.downtimeMs(),
                median(results, Round::startMs) + " ms", median(results, Round::bootMs) + " ms",
                median(results, Round::migrateMs) + " ms", median(results, Round::qemuTotalMs) + " ms",
                median(results, Round::downtimeMs) + " ms", median(results, x -> x.transferred() / (1024 * 1024)));
        System.out.flush();
    }

    private static Round round(KvmHypervisor src, KvmHypervisor dst, Path dir, Path guest, int sizeMib, int r,
                               Setting setting) throws Exception {
        String name = "b" + sizeMib + "w" + setting.bandwidthMibs() + "r" + r;
        Path diskFile = dir.resolve(name + ".disk");
        try (RandomAccessFile f = new RandomAccessFile(diskFile.toFile(), "rw")) {
            f.setLength(64L << 20);
        }
        AttachedDisk disk = new AttachedDisk(new DiskRef("sharedfile", name + "/disk0"), diskFile.toString(), 64);
        InstanceSpec spec = new InstanceSpec(name, UUID.randomUUID().toString(), sizeMib, 1, Map.of(
                "kernel_path", guest.resolve("vmlinuz").toString(),
                "initrd_path", guest.resolve("initrd.gz").toString(),
                "root_path", "",
                "kernel_args", "quiet panic=-1 gnt.fill=" + sizeMib * 3 / 8,
                "migration_bandwidth", setting.bandwidthMibs(),
                "migration_downtime", setting.downtimeMs()));
        Path serial = src.runtimeDir().resolve(name + ".serial.log");
        long t0 = System.nanoTime();
        src.start(spec, List.of(disk), false);
        long started = System.nanoTime();
        await(serial, "GUEST-READY", Duration.ofMinutes(3));
        long booted = System.nanoTime();
        await(serial, "GUEST-FILLED", Duration.ofMinutes(5));
        long filled = System.nanoTime();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long m0 = System.nanoTime();
        String info = src.migrationInfo(name);
        dst.acceptIncoming(spec, List.of(disk), info, "127.0.0.1", port);
        src.migrate(spec, "127.0.0.1", port, true);
        MigrationStatus st = src.migrationStatus(name);
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (!st.finished() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            st = src.migrationStatus(name);
        }
        boolean ok = st.status().equals(MigrationStatus.COMPLETED);
        dst.finishIncoming(spec, ok);
        src.finishOutgoing(spec, ok);
        long m1 = System.nanoTime();
        if (!ok) {
            src.stop(spec, StopMode.HARD, Duration.ZERO);
            src.cleanup(name);
            throw new IllegalStateException("migration of " + name + " ended " + st.status() + ": " + st.error());
        }
        dst.stop(spec, StopMode.HARD, Duration.ZERO);
        dst.cleanup(name);
        Files.deleteIfExists(diskFile);
        Round out = new Round(ms(started - t0), ms(booted - t0), ms(filled - booted), ms(m1 - m0), st.totalTimeMs(),
                st.downtimeMs(), st.transferredBytes());
        System.err.printf("  %s: %s%n", name, out);
        System.err.flush();
        return out;
    }

    private static void await(Path serial, String marker, Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!(Files.exists(serial) && Files.readString(serial).contains(marker))) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("no " + marker + " in " + serial + " within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static long median(List<Round> rs, java.util.function.ToLongFunction<Round> f) {
        long[] v = rs.stream().mapToLong(f).sorted().toArray();
        return v[v.length / 2];
    }
}
