package org.gnt.bus.config;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;

/** A node object at {@code config/nodes/<uuid>}. */
public record NodeConfig(int v, String uuid, String name, String primaryIp, String secondaryIp, String group,
                         boolean masterCandidate, boolean drained, boolean offline, boolean masterCapable,
                         boolean vmCapable, Instant ctime, Instant mtime, List<String> tags) {
    public static final int VERSION = 1;

    @JsonCreator
    public NodeConfig {
        Objects.requireNonNull(uuid, "uuid is null");
        Objects.requireNonNull(name, "name is null");
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** A node without tags. */
    public NodeConfig(int v, String uuid, String name, String primaryIp, String secondaryIp, String group,
                      boolean masterCandidate, boolean drained, boolean offline, boolean masterCapable,
                      boolean vmCapable, Instant ctime, Instant mtime) {
        this(v, uuid, name, primaryIp, secondaryIp, group, masterCandidate, drained, offline, masterCapable,
                vmCapable, ctime, mtime, null);
    }

    public NodeConfig withGroup(String groupUuid, Instant now) {
        return new NodeConfig(v, uuid, name, primaryIp, secondaryIp, groupUuid, masterCandidate, drained, offline,
                masterCapable, vmCapable, ctime, now, tags);
    }

    public NodeConfig withTags(List<String> newTags, Instant now) {
        return new NodeConfig(v, uuid, name, primaryIp, secondaryIp, group, masterCandidate, drained, offline,
                masterCapable, vmCapable, ctime, now, newTags);
    }
}
