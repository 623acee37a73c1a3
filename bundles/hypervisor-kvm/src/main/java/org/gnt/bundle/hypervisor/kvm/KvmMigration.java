package org.gnt.bundle.hypervisor.kvm;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.disk.AttachedDisk;
import org.gnt.plugins.hypervisor.InstanceSpec;
import org.gnt.plugins.hypervisor.MigrationStatus;
import org.gnt.plugins.hypervisor.NicSpec;

/**
 * Live migration between two nodes' QEMUs over TCP, driven through QMP only (Ganeti's
 * MigrationInfo, AcceptInstance, MigrateInstance, GetMigrationStatus, FinalizeMigration*).
 * The target starts a QEMU from the source's recorded argv (so hot-plugged devices, which the
 * hotplug code writes into that argv, come along) with runtime paths and disks made local and
 * {@code -incoming defer}. Each side keeps a small marker file saying whether the guest ran
 * before the migration, so the finish calls know whether to {@code cont} it.
 */
final class KvmMigration {
    private static final System.Logger LOG = System.getLogger(KvmMigration.class.getName());
    private static final Duration QMP = KvmHypervisor.QMP_TIMEOUT;
    /** How long a target that the source reported done may still be loading the last state. */
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final Set<String> ACTIVE = Set.of("setup", "active", "pre-switchover", "device", "cancelling",
            "postcopy-active", "postcopy-paused", "postcopy-recover", "wait-unplug", "colo");

    private final KvmHypervisor hv;

    KvmMigration(KvmHypervisor hv) {
        this.hv = hv;
    }

    /** Target side: present from acceptIncoming until finishIncoming; says "running" or "paused". */
    static Path incomingMarker(Path dir, String name) {
        return dir.resolve(name + ".incoming");
    }

    /** Source side: present from migrate until finishOutgoing; the guest's state before it. */
    static Path outgoingMarker(Path dir, String name) {
        return dir.resolve(name + ".outgoing");
    }

    /** The runtime record plus what the target cannot know: the source's directory, disks and state. */
    String info(String name) {
        RuntimeRecord r = running(name);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", 1L);
        m.put("name", r.name());
        m.put("uuid", r.uuid());
        m.put("memory", r.memoryMib());
        m.put("vcpus", (long) r.vcpus());
        m.put("accel", r.accel());
        m.put("dir", hv.runtimeDir().toString());
        m.put("argv", r.argv());
        m.put("hvparams", r.hvParams());
        m.put("running", runState(r).equals("running"));
        return Json.write(m);
    }

    @SuppressWarnings("unchecked")
    void accept(InstanceSpec inst, List<AttachedDisk> disks, String infoText, String address, int port) {
        String name = inst.name();
        if (hv.accelerator().equals("none")) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot receive " + name + ": QEMU is not installed here");
        }
        Map<String, Object> info;
        List<String> srcArgv;
        Map<String, Object> hvp;
        try {
            info = (Map<String, Object>) Json.parse(infoText);
            srcArgv = (List<String>) info.get("argv");
            hvp = (Map<String, Object>) info.get("hvparams");
            if (srcArgv == null || hvp == null || !(info.get("dir") instanceof String)) {
                throw new IllegalArgumentException("argv, hvparams or dir missing");
            }
        } catch (RuntimeException e) {
            throw new PluginException(ErrorKind.INVAL, "Migration info for " + name + " is not a kvm runtime record: "
                    + e.getMessage(), e);
        }
        if (!name.equals(info.get("name"))) {
            throw new PluginException(ErrorKind.INVAL, "Migration info is for " + info.get("name") + ", not " + name);
        }
        if (address == null || address.isBlank() || port < 1 || port > 65535) {
            throw new PluginException(ErrorKind.INVAL, "Invalid migration address " + address + ":" + port);
        }
        if ("kvm".equals(info.get("accel")) && !hv.accelerator().equals("kvm")) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot receive " + name + ": it runs under KVM on the"
                    + " source and this node has " + hv.accelerator());
        }
        if (hv.running(name).isPresent()) {
            throw new PluginException(ErrorKind.STATE, "Instance " + name + " is already running on this node");
        }
        for (AttachedDisk d : disks) {
            if (!Files.exists(Path.of(d.path()))) {
                throw new PluginException(ErrorKind.ENVIRON, "Disk " + d.path() + " of " + name + " is missing");
            }
        }
        long memory = ((Number) info.get("memory")).longValue();
        long free = hv.nodeInfo().memoryFreeMib();
        if (memory > free) {
            throw new PluginException(ErrorKind.NORES, "Not enough memory to receive " + name + ": needed " + memory
                    + " MiB, free " + free + " MiB");
        }
        List<String> argv = targetArgv(srcArgv, (String) info.get("dir"), hv.runtimeDir(), disks, inst.nics(), hvp);
        hv.removeInstanceState(name);
        RuntimeRecord rec = hv.launchRecorded(name, String.valueOf(info.get("uuid")), memory,
                ((Number) info.get("vcpus")).intValue(), String.valueOf(info.get("accel")), argv, hvp, inst.nics());
        try {
            Files.writeString(incomingMarker(hv.runtimeDir(), name),
                    Boolean.TRUE.equals(info.get("running")) ? "running" : "paused");
            try (QmpClient c = QmpClient.connect(rec.qmp(), QMP)) {
                setCapabilities(c, hvp);
                c.execute("migrate-incoming", Map.of("uri", uri(address, port)));
            }
        } catch (IOException e) {
            hv.killHard(rec);
            hv.removeInstanceState(name);
            throw new PluginException(ErrorKind.ENVIRON, "Cannot prepare " + name + " to receive a migration: "
                    + e.getMessage(), e);
        }
        LOG.log(Level.INFO, "Waiting for {0} on {1} (pid {2})", name, uri(address, port), Long.toString(rec.pid()));
    }

    /**
     * The source's argv made local: runtime files in this node's directory; each virtio disk
     * ({@code -blockdev}, named after the disk's identity) on the target disk of that identity and
     * each emulated one ({@code -drive file=}, the CD-ROM excluded) on the remaining disks in order;
     * each NIC on this node's tap for it; never paused, and {@code -incoming defer} so capabilities
     * can be set before QEMU listens.
     */
    static List<String> targetArgv(List<String> src, String srcDir, Path dstDir, List<AttachedDisk> disks,
                                   List<NicSpec> nics) {
        return targetArgv(src, srcDir, dstDir, disks, nics, Map.of());
    }

    /** As above; {@code hv} (the record's hvparams) lets a SPICE interface name resolve to this node's address. */
    static List<String> targetArgv(List<String> src, String srcDir, Path dstDir, List<AttachedDisk> disks,
                                   List<NicSpec> nics, Map<String, Object> hv) {
        List<String> argv = KvmControl.relaunchable(src);
        Map<String, AttachedDisk> byNode = new HashMap<>();
        disks.forEach(d -> byNode.put(DeviceArgs.diskNode(d.ref()), d));
        List<AttachedDisk> legacy = new ArrayList<>(disks);
        for (int i = 1; i < argv.size(); i++) {
            if (argv.get(i - 1).equals("-blockdev")) {
                Object node = ((Map<?, ?>) Json.parse(argv.get(i))).get("node-name");
                legacy.remove(byNode.get(String.valueOf(node)));
            }
        }
        Map<String, NicSpec> byNetdev = new HashMap<>();
        nics.forEach(n -> byNetdev.put(DeviceArgs.netdevId(n.uuid()), n));
        List<String> out = new ArrayList<>();
        String from = srcDir + "/";
        String to = dstDir + "/";
        int used = 0;
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            String flag = i > 0 ? argv.get(i - 1) : "";
            if (flag.equals("-blockdev")) {
                a = localBlockdev(a, byNode, disks);
            } else if (flag.equals("-drive") && a.startsWith("file=") && !a.contains("media=cdrom")) {
                if (used >= legacy.size()) {
                    throw diskCount(src, disks);
                }
                a = "file=" + legacy.get(used++).path().replace(",", ",,") + a.substring(endOfFile(a));
            } else if (flag.equals("-netdev") && DeviceArgs.option(a, "ifname").isPresent()) {
                String id = DeviceArgs.option(a, "id").orElse("");
                NicSpec nic = byNetdev.get(id);
                if (nic == null) {
                    throw new PluginException(ErrorKind.INVAL, "The source guest has a NIC (" + id + ") that the"
                            + " target was not given");
                }
                a = a.replace("ifname=" + DeviceArgs.option(a, "ifname").get().replace(",", ",,"),
                        "ifname=" + DeviceArgs.tapName(dstDir, nic.uuid()));
            } else {
                a = a.replace(from, to);
            }
            out.add(a);
        }
        if (used != legacy.size()) {
            throw diskCount(src, disks);
        }
        out.addAll(List.of("-incoming", "defer"));
        // the source's SPICE port may be taken here (two nodes on one host): pick a free one
        return KvmSpice.withFreePort(out, hv);
    }

    /** A {@code -blockdev} of the source pointed at the target's path of the same disk. */
    @SuppressWarnings("unchecked")
    private static String localBlockdev(String json, Map<String, AttachedDisk> byNode, List<AttachedDisk> disks) {
        Map<String, Object> node = new LinkedHashMap<>((Map<String, Object>) Json.parse(json));
        AttachedDisk d = byNode.get(String.valueOf(node.get("node-name")));
        if (d == null) {
            throw new PluginException(ErrorKind.INVAL, "The source guest's disk " + node.get("node-name")
                    + " is not among the " + disks.size() + " disks the target was given");
        }
        Map<String, Object> file = new LinkedHashMap<>((Map<String, Object>) node.get("file"));
        file.put("driver", d.path().startsWith("/dev/") ? "host_device" : "file");
        file.put("filename", d.path());
        node.put("file", file);
        return Json.write(node);
    }

    /** Index just past the {@code file=} value (QEMU doubles commas inside a value). */
    private static int endOfFile(String drive) {
        int i = "file=".length();
        while (i < drive.length()) {
            if (drive.charAt(i) == ',') {
                if (i + 1 < drive.length() && drive.charAt(i + 1) == ',') {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        return i;
    }

    private static PluginException diskCount(List<String> src, List<AttachedDisk> disks) {
        long n = 0;
        for (int i = 1; i < src.size(); i++) {
            String flag = src.get(i - 1);
            if (flag.equals("-blockdev")
                    || flag.equals("-drive") && src.get(i).startsWith("file=") && !src.get(i).contains("media=cdrom")) {
                n++;
            }
        }
        return new PluginException(ErrorKind.INVAL, "The source guest has " + n + " disks, the target was given "
                + disks.size());
    }

    /**
     * Source side. Capabilities come from the runtime record (the target sets the same from the
     * info); bandwidth and downtime from the current hvparams. With {@code postcopy-ram},
     * {@code migrate-start-postcopy} follows right away: QEMU switches once the state that cannot
     * be post-copied is sent, so a guest dirtying memory faster than the bandwidth still moves.
     * Not for non-live migrations: a stopped guest dirties nothing and converges anyway.
     */
    void migrate(InstanceSpec inst, String address, int port, boolean live) {
        RuntimeRecord r = running(inst.name());
        if (address == null || address.isBlank() || port < 1 || port > 65535) {
            throw new PluginException(ErrorKind.INVAL, "Invalid migration target " + address + ":" + port);
        }
        Map<String, Object> now = KvmParams.fill(inst.hvParams());
        boolean stopped = false;
        try (QmpClient c = QmpClient.connect(r.qmp(), QMP)) {
            String state = migrationState(c.execute("query-migrate", Map.of()));
            if (ACTIVE.contains(state)) {
                throw new PluginException(ErrorKind.STATE, "A migration of " + r.name() + " is already " + state);
            }
            String before = status(c);
            Files.writeString(outgoingMarker(hv.runtimeDir(), r.name()), before.equals("running") ? "running" : "paused");
            setCapabilities(c, r.hvParams());
            c.execute("migrate-set-parameters", Map.of(
                    "max-bandwidth", KvmParams.num(now, "migration_bandwidth") * 1024 * 1024,
                    "downtime-limit", KvmParams.num(now, "migration_downtime")));
            if (!live) {
                c.execute("stop", Map.of());
                stopped = before.equals("running");
            }
            c.execute("migrate", Map.of("uri", uri(address, port)));
            if (live && capabilities(r.hvParams()).contains("postcopy-ram")) {
                c.execute("migrate-start-postcopy", Map.of());
            }
        } catch (IOException e) {
            if (stopped) {
                try { // the guest was stopped for nothing: let it run again
                    QmpClient.call(r.qmp(), QMP, "cont", Map.of());
                } catch (IOException again) {
                    e.addSuppressed(again);
                }
            }
            throw new PluginException(ErrorKind.ENVIRON, "Cannot migrate " + r.name() + ": " + e.getMessage(), e);
        }
        LOG.log(Level.INFO, "Migrating {0} to {1} ({2})", r.name(), uri(address, port), live ? "live" : "non-live");
    }

    /** query-migrate of the source; {@code none} when there is no QEMU (any more) or no migration. */
    MigrationStatus status(String name) {
        var r = hv.running(name);
        if (r.isEmpty()) {
            return new MigrationStatus(MigrationStatus.NONE, 0, 0, 0, 0, 0, "");
        }
        Object q = KvmControl.qmp(r.get(), "query-migrate", Map.of());
        Map<?, ?> m = q instanceof Map<?, ?> x ? x : Map.of();
        Map<?, ?> ram = m.get("ram") instanceof Map<?, ?> x ? x : Map.of();
        String s = migrationState(m);
        String status = ACTIVE.contains(s) ? MigrationStatus.ACTIVE : switch (s) {
            case "completed" -> MigrationStatus.COMPLETED;
            case "failed" -> MigrationStatus.FAILED;
            case "cancelled" -> MigrationStatus.CANCELLED;
            default -> MigrationStatus.NONE;
        };
        return new MigrationStatus(status, num(ram, "transferred"), num(ram, "remaining"), num(ram, "total"),
                num(m, "downtime"), num(m, "total-time"), m.get("error-desc") == null ? "" : m.get("error-desc").toString());
    }

    void cancel(String name) {
        KvmControl.qmp(running(name), "migrate_cancel", Map.of());
    }

    /**
     * Success: the received guest runs here ({@code cont} when it ran on the source and arrived
     * paused, as after a non-live migration). Failure: the receiving QEMU goes, with its files.
     */
    void finishIncoming(InstanceSpec inst, boolean success) {
        String name = inst.name();
        var r = hv.running(name);
        if (!success) {
            r.ifPresent(hv::killHard);
            hv.removeInstanceState(name);
            return;
        }
        RuntimeRecord rec = r.orElseThrow(() -> new PluginException(ErrorKind.ENVIRON, "The received guest " + name
                + " is not running on this node (its QEMU exited: see " + hv.runtimeDir().resolve(name + ".log") + ")"));
        Path marker = incomingMarker(hv.runtimeDir(), name);
        try {
            boolean ran = !Files.exists(marker) || Files.readString(marker).strip().equals("running");
            long deadline = System.nanoTime() + SETTLE.toNanos();
            String state;
            try (QmpClient c = QmpClient.connect(rec.qmp(), QMP)) {
                state = status(c);
            }
            while (state.equals("inmigrate")) {
                if (System.nanoTime() > deadline) {
                    throw new PluginException(ErrorKind.STATE, name + " is still receiving its migration after " + SETTLE);
                }
                Thread.sleep(200);
                try (QmpClient c = QmpClient.connect(rec.qmp(), QMP)) {
                    state = status(c);
                }
            }
            if (ran && Set.of("paused", "postmigrate", "prelaunch").contains(state)) {
                KvmControl.qmp(rec, "cont", Map.of());
            }
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot finish receiving " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException(ErrorKind.ENVIRON, "Interrupted while finishing " + name, e);
        }
    }

    /**
     * Success: the source QEMU quits and its files go (refused while the migration is still
     * active, so a guest is never lost to a premature call). Failure: an active migration is
     * cancelled and a guest that ran before is made to run again here.
     */
    void finishOutgoing(InstanceSpec inst, boolean success) {
        String name = inst.name();
        var r = hv.running(name);
        Path marker = outgoingMarker(hv.runtimeDir(), name);
        if (success) {
            if (r.isPresent()) {
                String state = migrationState(KvmControl.qmp(r.get(), "query-migrate", Map.of()));
                if (ACTIVE.contains(state)) { // in post-copy the target still pulls pages from here
                    throw new PluginException(ErrorKind.STATE, "The migration of " + name + " is still " + state);
                }
                hv.killHard(r.get());
                if (r.get().alive()) {
                    throw new PluginException(ErrorKind.ENVIRON, "QEMU of " + name + " (pid " + r.get().pid()
                            + ") does not die");
                }
            }
            hv.removeInstanceState(name);
            return;
        }
        RuntimeRecord rec = r.orElseThrow(() -> new PluginException(ErrorKind.ENVIRON, "The source guest " + name
                + " is no longer running on this node"));
        try {
            boolean ran = !Files.exists(marker) || Files.readString(marker).strip().equals("running");
            if (ACTIVE.contains(migrationState(KvmControl.qmp(rec, "query-migrate", Map.of())))) {
                KvmControl.qmp(rec, "migrate_cancel", Map.of());
                long deadline = System.nanoTime() + SETTLE.toNanos();
                while (ACTIVE.contains(migrationState(KvmControl.qmp(rec, "query-migrate", Map.of())))
                        && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
            }
            String state;
            try (QmpClient c = QmpClient.connect(rec.qmp(), QMP)) {
                state = status(c);
            }
            if (ran && Set.of("paused", "postmigrate").contains(state)) {
                KvmControl.qmp(rec, "cont", Map.of());
            }
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot resume " + name + " after its migration: "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException(ErrorKind.ENVIRON, "Interrupted while finishing " + name, e);
        }
    }

    private static void setCapabilities(QmpClient c, Map<String, Object> hvp) throws IOException {
        List<Map<String, Object>> caps = new ArrayList<>();
        for (String cap : capabilities(hvp)) {
            caps.add(Map.of("capability", cap, "state", true));
        }
        if (!caps.isEmpty()) {
            c.execute("migrate-set-capabilities", Map.of("capabilities", caps));
        }
    }

    private static List<String> capabilities(Map<String, Object> hvp) {
        List<String> out = new ArrayList<>();
        for (String cap : KvmParams.str(hvp, "migration_caps").split(":")) {
            if (!cap.isBlank()) {
                out.add(cap.strip());
            }
        }
        return out;
    }

    private static String uri(String address, int port) {
        return "tcp:" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }

    private static String status(QmpClient c) throws IOException {
        Object s = c.execute("query-status", Map.of());
        return s instanceof Map<?, ?> m ? String.valueOf(m.get("status")) : "";
    }

    private static String runState(RuntimeRecord r) {
        try (QmpClient c = QmpClient.connect(r.qmp(), QMP)) {
            return status(c);
        } catch (IOException e) {
            throw new PluginException(ErrorKind.ENVIRON, "query-status on " + r.name() + ": " + e.getMessage(), e);
        }
    }

    private static String migrationState(Object queryMigrate) {
        Object s = queryMigrate instanceof Map<?, ?> m ? m.get("status") : null;
        return s == null ? "none" : s.toString();
    }

    private static long num(Map<?, ?> m, String key) {
        return m.get(key) instanceof Number n ? n.longValue() : 0;
    }

    private RuntimeRecord running(String name) {
        return hv.running(name).orElseThrow(() ->
                new PluginException(ErrorKind.STATE, "Instance " + name + " is not running"));
    }
}
