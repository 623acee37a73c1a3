package org.gnt.bus.config;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * A node group object at {@code config/groups/<uuid>}. {@code ndparams}, {@code diskparams} and
 * {@code ipolicy} hold only what the group sets itself (Ganeti's "custom" values); the effective
 * values fill them from the cluster defaults ({@link GroupParams}).
 */
public record GroupConfig(int v, String uuid, String name, String allocPolicy, Instant ctime, Instant mtime,
                          Map<String, Object> ndparams, Map<String, Map<String, Object>> diskparams,
                          Map<String, Object> ipolicy, List<String> tags, long serial,
                          Map<String, GroupNetwork> networks) {
    public static final int VERSION = 1;

    @JsonCreator
    public GroupConfig {
        Objects.requireNonNull(uuid, "uuid is null");
        Objects.requireNonNull(name, "name is null");
        allocPolicy = allocPolicy == null ? "preferred" : allocPolicy;
        // sorted, so listings and the stored JSON show parameters in a stable order
        ndparams = sorted(ndparams);
        java.util.TreeMap<String, Map<String, Object>> disk = new java.util.TreeMap<>();
        if (diskparams != null) {
            diskparams.forEach((template, params) -> disk.put(template, sorted(params)));
        }
        diskparams = java.util.Collections.unmodifiableMap(disk);
        ipolicy = sorted(ipolicy);
        tags = tags == null ? List.of() : List.copyOf(tags);
        // absent in groups written before networks existed
        networks = networks == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(networks));
    }

    /** A group without connected networks. */
    public GroupConfig(int v, String uuid, String name, String allocPolicy, Instant ctime, Instant mtime,
                       Map<String, Object> ndparams, Map<String, Map<String, Object>> diskparams,
                       Map<String, Object> ipolicy, List<String> tags, long serial) {
        this(v, uuid, name, allocPolicy, ctime, mtime, ndparams, diskparams, ipolicy, tags, serial, null);
    }

    /** A new group with nothing customised (cluster init's default group). */
    public GroupConfig(int v, String uuid, String name, String allocPolicy, Instant ctime, Instant mtime) {
        this(v, uuid, name, allocPolicy, ctime, mtime, null, null, null, null, 1);
    }

    public GroupConfig withName(String newName, Instant now) {
        return new GroupConfig(v, uuid, newName, allocPolicy, ctime, now, ndparams, diskparams, ipolicy, tags,
                serial + 1, networks);
    }

    public GroupConfig withParams(String policy, Map<String, Object> nd, Map<String, Map<String, Object>> disk,
                                  Map<String, Object> ip, Instant now) {
        return new GroupConfig(v, uuid, name, policy, ctime, now, nd, disk, ip, tags, serial + 1, networks);
    }

    public GroupConfig withTags(List<String> newTags, Instant now) {
        return new GroupConfig(v, uuid, name, allocPolicy, ctime, now, ndparams, diskparams, ipolicy, newTags,
                serial + 1, networks);
    }

    /** The group with a network connected (a value) or disconnected ({@code null}). */
    public GroupConfig withNetwork(String networkUuid, GroupNetwork link, Instant now) {
        Map<String, GroupNetwork> next = new java.util.TreeMap<>(networks);
        if (link == null) {
            next.remove(networkUuid);
        } else {
            next.put(networkUuid, link);
        }
        return new GroupConfig(v, uuid, name, allocPolicy, ctime, now, ndparams, diskparams, ipolicy, tags,
                serial + 1, next);
    }

    private static Map<String, Object> sorted(Map<String, Object> m) {
        return m == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(m));
    }
}
