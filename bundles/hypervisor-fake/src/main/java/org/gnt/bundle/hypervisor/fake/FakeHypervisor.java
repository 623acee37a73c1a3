package org.gnt.bundle.hypervisor.fake;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.ParamSpec;
import org.gnt.plugins.ParamType;
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
import org.gnt.plugins.hypervisor.StopMode;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Ganeti's fake hypervisor: a running instance is a record file in the node's state directory,
 * accounted against the memory and vCPUs the node declares. Records survive a node-service
 * restart, so instances "keep running" across it as real guests would.
 *
 * <p>Migration: the target's {@link #acceptIncoming} writes a PAUSED record marked incoming, the
 * source's {@link #migrate} marks its record with the destination, and {@link #migrationStatus}
 * reports one "active" poll, then "completed" with the guest's memory as the bytes moved. A
 * migration to port 0 (hvparam {@code migration_port} 0) fails ("nothing listens on port 0"): the
 * one way to make a fake migration fail, through an ordinary input.
 */
@Component(service = Hypervisor.class, property = Hypervisor.NAME + "=fake")
public final class FakeHypervisor implements Hypervisor {
    private static final List<ParamSpec> PARAMETERS = List.of(
            new ParamSpec("migration_mode", ParamType.STRING, "live", "live or non-live migration"),
            new ParamSpec("migration_port", ParamType.INT, 8102,
                    "port the target listens on; 0 makes every migration fail (a test input)"));

    private Path dir;
    private long memoryTotalMib;
    private int cpuTotal;

    @Activate
    void activate(BundleContext context) throws IOException {
        String nodeDir = context.getProperty("gnt.node.dir");
        this.dir = Path.of(nodeDir == null ? System.getProperty("java.io.tmpdir") : nodeDir, "fake-hv");
        Files.createDirectories(dir);
        this.memoryTotalMib = Long.parseLong(property(context, "gnt.node.memory.mib", "4096"));
        this.cpuTotal = Integer.parseInt(property(context, "gnt.node.vcpus", "4"));
    }

    private static String property(BundleContext c, String key, String dflt) {
        String v = c.getProperty(key);
        return v == null ? dflt : v;
    }

    @Override
    public List<ParamSpec> parameters() {
        return PARAMETERS;
    }

    @Override
    public List<String> validateParameters(Map<String, Object> hv) {
        Object mode = hv.get("migration_mode");
        if (mode != null && !mode.equals("live") && !mode.equals("non-live")) {
            return List.of("migration_mode must be 'live' or 'non-live', not '" + mode + "'");
        }
        Object port = hv.get("migration_port");
        if (port instanceof Number n && (n.longValue() < 0 || n.longValue() > 65535)) {
            return List.of("migration_port must be from 0 to 65535, not " + port);
        }
        return List.of();
    }

    @Override
    public synchronized NodeResources nodeInfo() {
        long used = 0;
        int cpus = 0;
        for (RuntimeInstance r : list()) {
            used += r.memoryMib();
            cpus += r.vcpus();
        }
        return new NodeResources(memoryTotalMib, Math.max(0, memoryTotalMib - used), 0, cpuTotal, cpus);
    }

    @Override
    public synchronized List<RuntimeInstance> list() {
        List<RuntimeInstance> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.instance")) {
            for (Path p : files) {
                read(p).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    @Override
    public synchronized Optional<RuntimeInstance> info(String name) {
        return read(file(name));
    }

    @Override
    public synchronized void start(InstanceSpec instance, List<AttachedDisk> disks, boolean paused) {
        for (AttachedDisk d : disks) {
            if (!Files.exists(Path.of(d.path()))) {
                throw new PluginException(ErrorKind.ENVIRON, "Disk " + d.path() + " of " + instance.name() + " is missing");
            }
        }
        if (info(instance.name()).isPresent()) {
            throw new PluginException(ErrorKind.STATE, "Instance " + instance.name() + " is already running");
        }
        NodeResources res = nodeInfo();
        if (instance.memoryMib() > res.memoryFreeMib()) {
            throw new PluginException(ErrorKind.NORES, "Not enough memory to start instance " + instance.name()
                    + ": needed " + instance.memoryMib() + " MiB, free " + res.memoryFreeMib() + " MiB");
        }
        if (instance.vcpus() > cpuTotal) {
            throw new PluginException(ErrorKind.NORES, "Instance " + instance.name() + " wants " + instance.vcpus()
                    + " vCPUs but the node has " + cpuTotal);
        }
        Properties p = new Properties();
        p.setProperty("name", instance.name());
        p.setProperty("uuid", instance.uuid());
        p.setProperty("memory", Long.toString(instance.memoryMib()));
        p.setProperty("vcpus", Integer.toString(instance.vcpus()));
        p.setProperty("state", paused ? "PAUSED" : "RUNNING");
        p.setProperty(DISKS, String.join(",", disks.stream().map(FakeHypervisor::diskEntry).toList()));
        p.setProperty(NICS, String.join(",", instance.nics().stream().map(FakeHypervisor::nicEntry).toList()));
        write(file(instance.name()), p);
    }

    @Override
    public synchronized void reboot(InstanceSpec instance, StopMode mode, Duration timeout) {
        Properties p = record(instance.name());
        p.setProperty("state", "RUNNING");
        p.setProperty("boots", Integer.toString(Integer.parseInt(p.getProperty("boots", "1")) + 1));
        p.setProperty("last_reboot", mode.name());
        write(file(instance.name()), p);
    }

    @Override
    public synchronized void resume(String name) {
        Properties p = record(name);
        p.setProperty("state", "RUNNING");
        write(file(name), p);
    }

    @Override
    public synchronized String migrationInfo(String name) {
        Properties p = record(name);
        return "fake:" + p.getProperty("uuid") + ":" + p.getProperty("memory");
    }

    @Override
    public synchronized void acceptIncoming(InstanceSpec instance, List<AttachedDisk> disks, String info,
                                            String address, int port) {
        if (info == null || !info.startsWith("fake:")) {
            throw new PluginException(ErrorKind.INVAL, "Migration info '" + info + "' does not come from a fake hypervisor");
        }
        start(instance, disks, true);
        Properties p = record(instance.name());
        p.setProperty("incoming", address + ":" + port);
        write(file(instance.name()), p);
    }

    @Override
    public synchronized void migrate(InstanceSpec instance, String address, int port, boolean live) {
        Properties p = record(instance.name());
        p.setProperty("migrating", address + ":" + port);
        p.setProperty("migration_polls", "0");
        if (!live) {
            p.setProperty("state", "PAUSED");
        }
        write(file(instance.name()), p);
    }

    @Override
    public synchronized MigrationStatus migrationStatus(String name) {
        Optional<Properties> found = load(file(name));
        if (found.isEmpty() || found.get().getProperty("migrating") == null) {
            return new MigrationStatus(MigrationStatus.NONE, 0, 0, 0, 0, 0, "");
        }
        Properties p = found.get();
        String dest = p.getProperty("migrating");
        long total = Long.parseLong(p.getProperty("memory", "0")) << 20;
        if (dest.endsWith(":0")) {
            return new MigrationStatus(MigrationStatus.FAILED, 0, total, total, 0, 0,
                    "fake migration to " + dest + " failed: nothing listens on port 0");
        }
        int polls = Integer.parseInt(p.getProperty("migration_polls", "0")) + 1;
        p.setProperty("migration_polls", Integer.toString(polls));
        write(file(name), p);
        if (polls == 1) {
            return new MigrationStatus(MigrationStatus.ACTIVE, total / 2, total - total / 2, total, 0, 0, "");
        }
        return new MigrationStatus(MigrationStatus.COMPLETED, total, 0, total, 25, 500 * polls, "");
    }

    @Override
    public synchronized void cancelMigration(String name) {
        Optional<Properties> found = load(file(name));
        if (found.isPresent() && found.get().remove("migrating") != null) {
            write(file(name), found.get());
        }
    }

    @Override
    public synchronized void finishIncoming(InstanceSpec instance, boolean success) {
        Optional<Properties> found = load(file(instance.name()));
        if (found.isEmpty()) {
            if (success) {
                throw new PluginException(ErrorKind.STATE, "Instance " + instance.name() + " was not received here");
            }
            return;
        }
        Properties p = found.get();
        if (success) {
            p.remove("incoming");
            p.setProperty("state", "RUNNING");
            write(file(instance.name()), p);
        } else if (p.getProperty("incoming") != null) {
            delete(instance.name());
        }
    }

    @Override
    public synchronized void finishOutgoing(InstanceSpec instance, boolean success) {
        Optional<Properties> found = load(file(instance.name()));
        if (found.isEmpty()) {
            return;
        }
        if (success) {
            delete(instance.name());
        } else {
            Properties p = found.get();
            p.remove("migrating");
            p.remove("migration_polls");
            p.setProperty("state", "RUNNING");
            write(file(instance.name()), p);
        }
    }

    private Properties record(String name) {
        return load(file(name)).orElseThrow(() ->
                new PluginException(ErrorKind.STATE, "Instance " + name + " is not running"));
    }

    private void delete(String name) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot remove the record of " + name + ": " + e, e);
        }
    }

    @Override
    public synchronized void stop(InstanceSpec instance, StopMode mode, Duration timeout) {
        try {
            if (!Files.deleteIfExists(file(instance.name()))) {
                throw new PluginException(ErrorKind.STATE, "Instance " + instance.name() + " is not running");
            }
        } catch (IOException e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot stop " + instance.name() + ": " + e, e);
        }
    }

    // ---- runtime changes (ballooning, hotplug, online grow, console): the record file keeps the
    // memory and the device lists "disks" (driver:id@MiB) and "nics" (uuid=mac), so tests can see them

    private static final String DISKS = "disks";
    private static final String NICS = "nics";

    @Override
    public synchronized void setMemory(String name, long memoryMib) {
        Properties p = record(name);
        long now = Long.parseLong(p.getProperty("memory", "0"));
        if (memoryMib <= 0) {
            throw new PluginException(ErrorKind.INVAL, "Memory must be positive, got " + memoryMib + " MiB");
        }
        if (memoryMib - now > nodeInfo().memoryFreeMib()) {
            throw new PluginException(ErrorKind.NORES, "Not enough free memory to grow " + name + " to " + memoryMib
                    + " MiB");
        }
        p.setProperty("memory", Long.toString(memoryMib));
        write(file(name), p);
    }

    @Override
    public synchronized void hotAddDisk(String name, AttachedDisk disk) {
        changeList(name, DISKS, diskEntry(disk), null);
    }

    @Override
    public synchronized void hotRemoveDisk(String name, DiskRef disk) {
        changeList(name, DISKS, null, disk.driver() + ":" + disk.id() + "@");
    }

    @Override
    public synchronized void hotAddNic(String name, NicSpec nic) {
        changeList(name, NICS, nicEntry(nic), null);
    }

    @Override
    public synchronized void hotRemoveNic(String name, NicSpec nic) {
        changeList(name, NICS, null, nic.uuid() + "=");
    }

    @Override
    public synchronized void diskGrown(String name, AttachedDisk disk) {
        String prefix = disk.ref().driver() + ":" + disk.ref().id() + "@";
        changeList(name, DISKS, null, prefix);
        changeList(name, DISKS, diskEntry(disk), null);
    }

    @Override
    public synchronized ConsoleInfo console(InstanceSpec instance) {
        record(instance.name());
        return new ConsoleInfo(ConsoleInfo.MESSAGE, "The fake hypervisor has no console for instance "
                + instance.name(), null, 0, null, null, 0);
    }

    /** Adds {@code entry} to a device list, or removes the entry starting with {@code removePrefix} (NOENT if none). */
    private void changeList(String name, String key, String entry, String removePrefix) {
        Properties p = record(name);
        List<String> items = new ArrayList<>(List.of(p.getProperty(key, "").split(",")));
        items.removeIf(String::isEmpty);
        if (removePrefix != null && !items.removeIf(x -> x.startsWith(removePrefix))) {
            throw new PluginException(ErrorKind.NOENT, "Instance " + name + " has no device "
                    + removePrefix.substring(0, removePrefix.length() - 1));
        }
        if (entry != null) {
            items.add(entry);
        }
        p.setProperty(key, String.join(",", items));
        write(file(name), p);
    }

    private static String diskEntry(AttachedDisk d) {
        return d.ref().driver() + ":" + d.ref().id() + "@" + d.sizeMib();
    }

    private static String nicEntry(NicSpec n) {
        return n.uuid() + "=" + n.mac();
    }

    @Override
    public void cleanup(String name) {
        // a stopped fake instance leaves nothing behind
    }

    private Path file(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new PluginException(ErrorKind.INVAL, "Invalid instance name '" + name + "'");
        }
        return dir.resolve(name + ".instance");
    }

    private static Optional<Properties> load(Path p) {
        if (!Files.exists(p)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(p)) {
            props.load(r);
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(props);
    }

    private static Optional<RuntimeInstance> read(Path p) {
        return load(p).map(props -> new RuntimeInstance(props.getProperty("name"), props.getProperty("uuid"),
                RuntimeInstance.RunState.valueOf(props.getProperty("state", "RUNNING")),
                Long.parseLong(props.getProperty("memory", "0")), Integer.parseInt(props.getProperty("vcpus", "1"))));
    }

    /** Writes through a temp file and a rename, so a crash never leaves half a record. */
    private static void write(Path target, Properties p) {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp)) {
                p.store(w, "gnt fake hypervisor instance");
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot record instance state in " + target + ": " + e, e);
        }
    }
}
