package org.gnt.bus.config;

import java.time.Instant;
import java.util.Objects;

/** A node object at {@code config/nodes/<uuid>}. */
public record NodeConfig(int v, String uuid, String name, String primaryIp, String secondaryIp, String group,
                         boolean masterCandidate, boolean drained, boolean offline, boolean masterCapable,
                         boolean vmCapable, Instant ctime, Instant mtime) {
    public static final int VERSION = 1;

    public NodeConfig {
        Objects.requireNonNull(uuid, "uuid is null");
        Objects.requireNonNull(name, "name is null");
    }
}
