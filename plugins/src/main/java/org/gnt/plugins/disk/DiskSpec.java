package org.gnt.plugins.disk;

import java.util.Map;
import java.util.Objects;

/** A disk to create: whose it is, its index and name, and its disk parameters. */
public record DiskSpec(String instanceName, String diskUuid, int index, Map<String, Object> params) {
    public DiskSpec {
        Objects.requireNonNull(instanceName, "instanceName is null");
        Objects.requireNonNull(diskUuid, "diskUuid is null");
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative");
        }
        params = Map.copyOf(params);
    }
}
