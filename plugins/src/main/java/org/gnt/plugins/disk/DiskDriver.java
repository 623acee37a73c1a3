package org.gnt.plugins.disk;

import java.util.List;
import java.util.Optional;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.ParamSpec;
import org.gnt.plugins.PluginException;

/**
 * A storage backend (Ganeti's storage/base.BlockDev plus the storage-type queries). Registered
 * as an OSGi service with {@code gnt.plugin.name} set to the disk template it serves.
 */
public interface DiskDriver {
    List<ParamSpec> parameters();

    /** Creates a disk of {@code sizeMib}; refuses with EXISTS if it is already there (Create). */
    DiskRef create(DiskSpec disk, long sizeMib);

    /** The disk if it exists on this node (Attach). */
    Optional<AttachedDisk> find(DiskRef disk);

    /** Makes the disk usable by a hypervisor and says where it is (Assemble). */
    AttachedDisk assemble(DiskRef disk);

    /** Releases what assemble took; the data stays (Shutdown). */
    void shutdown(DiskRef disk);

    /** Deletes the disk and its data; removing a missing disk is not an error (Remove). */
    void remove(DiskRef disk);

    /** The disk's actual size (GetActualDimensions). */
    DiskDimensions dimensions(DiskRef disk);

    /** Space of this storage type on the node, for dtotal/dfree. */
    StorageSpace space();

    /**
     * Every disk of this type present on the node, whoever made it (Ganeti's lv_list), so cluster
     * verify can find missing and orphaned disks; empty when the driver cannot enumerate (shared
     * or external storage), which is not the same as an empty list.
     */
    default Optional<List<DiskRef>> list() {
        return Optional.empty();
    }

    /**
     * Grows the disk by {@code amountMib}, keeping its data (Grow); returns the disk as it now is.
     * Package version 1.2.0; a driver that cannot grow refuses with {@code INVAL}.
     */
    default AttachedDisk grow(DiskRef disk, long amountMib) {
        throw new PluginException(ErrorKind.INVAL, "Disks of type " + disk.driver() + " cannot be grown");
    }
}
