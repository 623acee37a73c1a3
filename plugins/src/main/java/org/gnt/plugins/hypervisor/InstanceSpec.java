package org.gnt.plugins.hypervisor;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a hypervisor needs to know to run an instance: identity, size, filled hvparams and NICs.
 * {@code nics} was added in package version 1.2.0; the five-value constructor keeps older callers.
 */
public record InstanceSpec(String name, String uuid, long memoryMib, int vcpus, Map<String, Object> hvParams,
                           List<NicSpec> nics) {
    public InstanceSpec {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(uuid, "uuid is null");
        if (memoryMib <= 0) {
            throw new IllegalArgumentException("memoryMib must be positive");
        }
        if (vcpus <= 0) {
            throw new IllegalArgumentException("vcpus must be positive");
        }
        hvParams = Map.copyOf(hvParams);
        nics = nics == null ? List.of() : List.copyOf(nics);
    }

    /** An instance without NICs. */
    public InstanceSpec(String name, String uuid, long memoryMib, int vcpus, Map<String, Object> hvParams) {
        this(name, uuid, memoryMib, vcpus, hvParams, List.of());
    }
}
