package org.gnt.plugins.os;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What an OS script is told about the instance (INSTANCE_NAME, DISK_n_PATH, OSP_*, …). */
public record OsContext(String instanceName, String variant, String hypervisor, List<String> diskPaths,
                        Map<String, String> osParams) {
    public OsContext {
        Objects.requireNonNull(instanceName, "instanceName is null");
        variant = variant == null ? "" : variant;
        diskPaths = List.copyOf(diskPaths);
        osParams = Map.copyOf(osParams);
    }
}
