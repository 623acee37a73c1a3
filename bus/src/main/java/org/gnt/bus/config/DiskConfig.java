package org.gnt.bus.config;

import java.util.Objects;

import org.gnt.plugins.disk.DiskRef;

/** One disk of an instance: its size, mode and how its driver finds it (logical id). */
public record DiskConfig(String uuid, String name, int index, long sizeMib, String mode, DiskRef ref) {
    public DiskConfig {
        Objects.requireNonNull(uuid, "uuid is null");
        mode = mode == null ? "rw" : mode;
    }
}
