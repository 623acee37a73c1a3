package org.gnt.bus.config;

import java.time.Instant;
import java.util.Objects;

/** A node group object at {@code config/groups/<uuid>}. */
public record GroupConfig(int v, String uuid, String name, String allocPolicy, Instant ctime, Instant mtime) {
    public static final int VERSION = 1;

    public GroupConfig {
        Objects.requireNonNull(uuid, "uuid is null");
        Objects.requireNonNull(name, "name is null");
    }
}
