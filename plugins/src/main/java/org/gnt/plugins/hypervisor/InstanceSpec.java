package org.gnt.plugins.hypervisor;

import java.util.Map;
import java.util.Objects;

/** What a hypervisor needs to know to run an instance: identity, size and filled hvparams. */
public record InstanceSpec(String name, String uuid, long memoryMib, int vcpus, Map<String, Object> hvParams) {
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
    }
}
