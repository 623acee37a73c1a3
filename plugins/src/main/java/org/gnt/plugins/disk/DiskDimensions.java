package org.gnt.plugins.disk;

/** The actual size of a disk, in MiB. */
public record DiskDimensions(long sizeMib) {
}
