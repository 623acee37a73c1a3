package org.gnt.plugins.disk;

import java.util.Objects;

/** A disk ready for a hypervisor: its reference and the path (file or block device) to open. */
public record AttachedDisk(DiskRef ref, String path, long sizeMib) {
    public AttachedDisk {
        Objects.requireNonNull(ref, "ref is null");
        Objects.requireNonNull(path, "path is null");
    }
}
