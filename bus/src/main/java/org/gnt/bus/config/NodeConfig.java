package org.gnt.bus.config;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * A node object at {@code config/nodes/<uuid>}. At most one of {@code masterCandidate},
 * {@code drained} and {@code offline} is true (Ganeti's node roles C, D, O; none of them is R).
 */
public record NodeConfig(int v, String uuid, String name, String primaryIp, String secondaryIp, String group,
                         boolean masterCandidate, boolean drained, boolean offline, boolean masterCapable,
                         boolean vmCapable, Instant ctime, Instant mtime, Map<String, Object> ndparams,
                         List<String> tags) {
    public static final int VERSION = 1;

    @JsonCreator
    public NodeConfig {
        Objects.requireNonNull(uuid, "uuid is null");
        Objects.requireNonNull(name, "name is null");
        ndparams = ndparams == null ? Map.of() : Map.copyOf(ndparams);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** A node without node parameters of its own (they come from group and cluster) and without tags. */
    public NodeConfig(int v, String uuid, String name, String primaryIp, String secondaryIp, String group,
                      boolean masterCandidate, boolean drained, boolean offline, boolean masterCapable,
                      boolean vmCapable, Instant ctime, Instant mtime) {
        this(v, uuid, name, primaryIp, secondaryIp, group, masterCandidate, drained, offline, masterCapable, vmCapable,
                ctime, mtime, Map.of(), List.of());
    }

    /** Ganeti's one-letter role: C(andidate), D(rained), O(ffline) or R(egular). */
    public String role() {
        return offline ? "O" : drained ? "D" : masterCandidate ? "C" : "R";
    }

    /** This node with another role; {@code role} is one of C, D, O, R. */
    public NodeConfig withRole(String role, Instant now) {
        return new NodeConfig(v, uuid, name, primaryIp, secondaryIp, group, role.equals("C"), role.equals("D"),
                role.equals("O"), masterCapable, vmCapable, ctime, now, ndparams, tags);
    }

    public NodeConfig withGroup(String groupUuid, Instant now) {
        return new NodeConfig(v, uuid, name, primaryIp, secondaryIp, groupUuid, masterCandidate, drained, offline,
                masterCapable, vmCapable, ctime, now, ndparams, tags);
    }

    public NodeConfig withTags(List<String> newTags, Instant now) {
        return new NodeConfig(v, uuid, name, primaryIp, secondaryIp, group, masterCandidate, drained, offline,
                masterCapable, vmCapable, ctime, now, ndparams, newTags);
    }
}
