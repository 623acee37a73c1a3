package org.gnt.plugins.disk;

/** Total and free space of one storage type on a node, in MiB. */
public record StorageSpace(long totalMib, long freeMib) {
}
