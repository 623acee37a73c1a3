package org.gnt.bus.config;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An instance object at {@code config/instances/<uuid>}. {@code adminState} is Ganeti's
 * {@code up}, {@code down} or {@code offline}. {@code secondaryNodes} (node UUIDs) is only
 * non-empty for an internally mirrored template (drbd), which gnt cannot create yet; config
 * written without it reads as none.
 */
public record InstanceConfig(int v, String uuid, String name, String primaryNode, String os, String hypervisor,
                             Map<String, Object> hvparams, Map<String, Object> beparams,
                             Map<String, Object> osparams, String diskTemplate, List<DiskConfig> disks,
                             List<NicConfig> nics, String adminState, String adminStateSource, List<String> tags,
                             Instant ctime, Instant mtime, long serial, List<String> secondaryNodes) {
    public static final int VERSION = 1;

    public InstanceConfig {
        Objects.requireNonNull(uuid, "uuid is null");
        Objects.requireNonNull(name, "name is null");
        hvparams = hvparams == null ? Map.of() : Map.copyOf(hvparams);
        beparams = beparams == null ? Map.of() : Map.copyOf(beparams);
        osparams = osparams == null ? Map.of() : Map.copyOf(osparams);
        disks = disks == null ? List.of() : List.copyOf(disks);
        nics = nics == null ? List.of() : List.copyOf(nics);
        tags = tags == null ? List.of() : List.copyOf(tags);
        secondaryNodes = secondaryNodes == null ? List.of() : List.copyOf(secondaryNodes);
    }

    /** An instance without secondary nodes (every template gnt can create today). */
    public InstanceConfig(int v, String uuid, String name, String primaryNode, String os, String hypervisor,
                          Map<String, Object> hvparams, Map<String, Object> beparams, Map<String, Object> osparams,
                          String diskTemplate, List<DiskConfig> disks, List<NicConfig> nics, String adminState,
                          String adminStateSource, List<String> tags, Instant ctime, Instant mtime, long serial) {
        this(v, uuid, name, primaryNode, os, hypervisor, hvparams, beparams, osparams, diskTemplate, disks, nics,
                adminState, adminStateSource, tags, ctime, mtime, serial, List.of());
    }

    public InstanceConfig withAdminState(String state, String source, Instant now) {
        return new InstanceConfig(v, uuid, name, primaryNode, os, hypervisor, hvparams, beparams, osparams,
                diskTemplate, disks, nics, state, source, tags, ctime, now, serial + 1, secondaryNodes);
    }

    public InstanceConfig withTags(List<String> newTags, Instant now) {
        return new InstanceConfig(v, uuid, name, primaryNode, os, hypervisor, hvparams, beparams, osparams,
                diskTemplate, disks, nics, adminState, adminStateSource, newTags, ctime, now, serial + 1,
                secondaryNodes);
    }
}
