package org.gnt.bus.config;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The cluster object at {@code config/cluster}. */
public record ClusterConfig(int v, String name, String uuid, List<String> enabledHypervisors,
                            List<String> enabledDiskTemplates, Map<String, Map<String, Object>> hvparams,
                            Map<String, Object> beparams, String fileStorageDir, String defaultIallocator,
                            int candidatePoolSize, Instant ctime, Instant mtime) {
    public static final int VERSION = 1;

    public ClusterConfig {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(uuid, "uuid is null");
        enabledHypervisors = List.copyOf(enabledHypervisors);
        enabledDiskTemplates = List.copyOf(enabledDiskTemplates);
        hvparams = hvparams == null ? Map.of() : Map.copyOf(hvparams);
        beparams = beparams == null ? Map.of() : Map.copyOf(beparams);
    }

    /** Ganeti's default backend parameters. */
    public static Map<String, Object> defaultBeparams() {
        return Map.of("minmem", 128, "maxmem", 128, "vcpus", 1, "auto_balance", true, "always_failover", false,
                "spindle_use", 1);
    }
}
