package org.gnt.bundle.storage.file;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.disk.AttachedDisk;
import org.gnt.plugins.disk.DiskDimensions;
import org.gnt.plugins.disk.DiskDriver;
import org.gnt.plugins.disk.DiskRef;
import org.gnt.plugins.disk.DiskSpec;
import org.gnt.plugins.disk.StorageSpace;
import org.gnt.plugins.hypervisor.Hypervisor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code sharedfile} disk template: files in a directory every node of the group mounts (NFS
 * and the like; on one machine, the same directory), {@code <shared dir>/<instance>/disk<N>}. Any
 * node that mounts it reaches the disks, so instances can migrate and fail over between them. A
 * node without {@code gnt.node.sharedfile.dir} refuses every disk call, saying so.
 */
@Component(service = DiskDriver.class, property = Hypervisor.NAME + "=sharedfile")
public final class SharedFileDiskDriver extends FileTreeDriver {
    static final String NAME = "sharedfile";
    static final String PROPERTY = "gnt.node.sharedfile.dir";

    private boolean configured;

    @Activate
    void activate(BundleContext context) throws IOException {
        String dir = context.getProperty(PROPERTY);
        configured = dir != null && !dir.isBlank();
        if (configured) {
            init(NAME, Path.of(dir));
        }
    }

    private void requireConfigured() {
        if (!configured) {
            throw new PluginException(ErrorKind.ENVIRON, "This node has no shared file storage directory"
                    + " (node service option --shared-file-dir)");
        }
    }

    @Override
    public DiskRef create(DiskSpec disk, long sizeMib) {
        requireConfigured();
        return super.create(disk, sizeMib);
    }

    @Override
    public Optional<AttachedDisk> find(DiskRef disk) {
        return configured ? super.find(disk) : Optional.empty();
    }

    @Override
    public AttachedDisk assemble(DiskRef disk) {
        requireConfigured();
        return super.assemble(disk);
    }

    @Override
    public void remove(DiskRef disk) {
        requireConfigured();
        super.remove(disk);
    }

    @Override
    public DiskDimensions dimensions(DiskRef disk) {
        requireConfigured();
        return super.dimensions(disk);
    }

    @Override
    public AttachedDisk grow(DiskRef disk, long amountMib) {
        requireConfigured();
        return super.grow(disk, amountMib);
    }

    @Override
    public StorageSpace space() {
        return configured ? super.space() : new StorageSpace(0, 0);
    }

    /** Every node sees every instance's files here, so none of them is an orphan of this node. */
    @Override
    public Optional<List<DiskRef>> list() {
        return Optional.empty();
    }
}
