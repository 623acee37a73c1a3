package org.gnt.bundle.storage.file;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.ParamSpec;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.disk.AttachedDisk;
import org.gnt.plugins.disk.DiskDimensions;
import org.gnt.plugins.disk.DiskDriver;
import org.gnt.plugins.disk.DiskRef;
import org.gnt.plugins.disk.DiskSpec;
import org.gnt.plugins.disk.StorageSpace;

/**
 * Disks as raw, sparse files laid out as Ganeti does, {@code <root>/<instance>/disk<N>}. The
 * templates differ only in where the root is and who else sees it ({@code file}: this node's own
 * directory; {@code sharedfile}: a directory every node mounts).
 */
abstract class FileTreeDriver implements DiskDriver {
    private static final long MIB = 1024L * 1024;
    private static final String ID = "[A-Za-z0-9][A-Za-z0-9._-]*/disk[0-9]+";

    private String name;
    private Path root;

    /** Sets the template name and root directory; called once by the component's activation. */
    final void init(String template, Path rootDir) throws IOException {
        this.name = template;
        this.root = rootDir;
        Files.createDirectories(root);
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of();
    }

    @Override
    public synchronized DiskRef create(DiskSpec disk, long sizeMib) {
        if (sizeMib <= 0) {
            throw new PluginException(ErrorKind.INVAL, "Disk size must be positive, got " + sizeMib + " MiB");
        }
        DiskRef ref = new DiskRef(name, disk.instanceName() + "/disk" + disk.index());
        Path p = path(ref);
        if (Files.exists(p)) {
            throw new PluginException(ErrorKind.EXISTS, "File " + p + " already exists");
        }
        try {
            Files.createDirectories(p.getParent());
            try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
                f.setLength(sizeMib * MIB);
            }
        } catch (IOException e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot create disk file " + p + ": " + e, e);
        }
        return ref;
    }

    @Override
    public Optional<AttachedDisk> find(DiskRef disk) {
        Path p = path(disk);
        return Files.isRegularFile(p) ? Optional.of(new AttachedDisk(disk, p.toString(), sizeMib(p))) : Optional.empty();
    }

    @Override
    public AttachedDisk assemble(DiskRef disk) {
        return find(disk).orElseThrow(() -> new PluginException(ErrorKind.ENVIRON, "Disk file " + path(disk)
                + " does not exist"));
    }

    @Override
    public void shutdown(DiskRef disk) {
        // a file needs no teardown
    }

    @Override
    public synchronized void remove(DiskRef disk) {
        Path p = path(disk);
        try {
            Files.deleteIfExists(p);
            Path parent = p.getParent();
            try (var left = Files.list(parent)) {
                if (left.findAny().isEmpty()) {
                    Files.deleteIfExists(parent);
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot remove disk file " + p + ": " + e, e);
        }
    }

    @Override
    public DiskDimensions dimensions(DiskRef disk) {
        assemble(disk);
        return new DiskDimensions(sizeMib(path(disk)));
    }

    @Override
    public StorageSpace space() {
        try {
            FileStore store = Files.getFileStore(root);
            return new StorageSpace(store.getTotalSpace() / MIB, store.getUsableSpace() / MIB);
        } catch (IOException e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot read free space of " + root + ": " + e, e);
        }
    }

    /** The {@code <instance>/disk<N>} files under the storage directory; other files are not ours. */
    @Override
    public Optional<List<DiskRef>> list() {
        try (var files = Files.walk(root, 2)) {
            return Optional.of(files.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(id -> id.matches(ID))
                    .sorted()
                    .map(id -> new DiskRef(name, id))
                    .toList());
        } catch (IOException e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot list disk files in " + root + ": " + e, e);
        }
    }

    @Override
    public synchronized AttachedDisk grow(DiskRef disk, long amountMib) {
        if (amountMib <= 0) {
            throw new PluginException(ErrorKind.INVAL, "Growth must be positive, got " + amountMib + " MiB");
        }
        AttachedDisk now = assemble(disk);
        long newSize = now.sizeMib() + amountMib;
        StorageSpace space = space();
        if (amountMib > space.freeMib()) {
            throw new PluginException(ErrorKind.NORES, "Not enough space to grow " + now.path() + " by " + amountMib
                    + " MiB: " + space.freeMib() + " MiB free");
        }
        try (RandomAccessFile f = new RandomAccessFile(now.path(), "rw")) {
            f.setLength(newSize * MIB);
        } catch (IOException e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot grow disk file " + now.path() + ": " + e, e);
        }
        return new AttachedDisk(disk, now.path(), newSize);
    }

    private Path path(DiskRef ref) {
        if (!ref.driver().equals(name)) {
            throw new PluginException(ErrorKind.INVAL, "Disk " + ref.id() + " is a " + ref.driver() + " disk, not "
                    + name);
        }
        if (!ref.id().matches(ID)) {
            throw new PluginException(ErrorKind.INVAL, "Invalid " + name + " disk id '" + ref.id() + "'");
        }
        return root.resolve(ref.id());
    }

    private static long sizeMib(Path p) {
        try {
            return Files.size(p) / MIB;
        } catch (IOException e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot read size of " + p + ": " + e, e);
        }
    }
}
