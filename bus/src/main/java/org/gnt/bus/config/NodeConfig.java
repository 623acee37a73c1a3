package org.gnt.bus.config;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A node object at {@code config/nodes/<uuid>}. At most one of {@code masterCandidate},
 * {@code drained} and {@code offline} is true (Ganeti's node roles C, D, O; none of them is R).
 */
public record NodeConfig(int v, String uuid, String name, String primaryIp, String secondaryIp, String group,
                         boolean masterCandidate, boolean drained, boolean offline, boolean masterCapable,
                         boolean vmCapable, Instant ctime, Instant mtime, Map<String, Object> ndparams) {
    public static final int VERSION = 1;

    public NodeConfig {
        Objects.requireNonNull(uuid, "uuid is null");
        Objects.requireNonNull(name, "name is null");
        ndparams = ndparams == null ? Map.of() : Map.copyOf(ndparams);
    }

    /** A node without node parameters of its own (they come from group and cluster). */
    public NodeConfig(int v, String uuid, String name, String primaryIp, String secondaryIp, String group,
                      boolean masterCandidate, boolean drained, boolean offline, boolean masterCapable,
                      boolean vmCapable, Instant ctime, Instant mtime) {
        this(v, uuid, name, primaryIp, secondaryIp, group, masterCandidate, drained, offline, masterCapable, vmCapable,
                ctime, mtime, Map.of());
    }

    /** Ganeti's one-letter role: C(andidate), D(rained), O(ffline) or R(egular). */
    public String role() {
        return offline ? "O" : drained ? "D" : masterCandidate ? "C" : "R";
    }

    /** This node with another role; {@code role} is one of C, D, O, R. */
    public NodeConfig withRole(String role, Instant now) {
        return new NodeConfig(v, uuid, name, primaryIp, secondaryIp, group, role.equals("C"), role.equals("D"),
                role.equals("O"), masterCapable, vmCapable, ctime, now, ndparams);
    }
}
