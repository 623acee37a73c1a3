package org.gnt.bus.config;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The cluster object at {@code config/cluster}. */
public record ClusterConfig(int v, String name, String uuid, List<String> enabledHypervisors,
                            List<String> enabledDiskTemplates, Map<String, Map<String, Object>> hvparams,
                            Map<String, Object> beparams, String fileStorageDir, String defaultIallocator,
                            int candidatePoolSize, Instant ctime, Instant mtime, List<String> tags) {
    public static final int VERSION = 1;

    @JsonCreator
    public ClusterConfig {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(uuid, "uuid is null");
        enabledHypervisors = List.copyOf(enabledHypervisors);
        enabledDiskTemplates = List.copyOf(enabledDiskTemplates);
        hvparams = hvparams == null ? Map.of() : Map.copyOf(hvparams);
        beparams = beparams == null ? Map.of() : Map.copyOf(beparams);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** A cluster without tags. */
    public ClusterConfig(int v, String name, String uuid, List<String> enabledHypervisors,
                         List<String> enabledDiskTemplates, Map<String, Map<String, Object>> hvparams,
                         Map<String, Object> beparams, String fileStorageDir, String defaultIallocator,
                         int candidatePoolSize, Instant ctime, Instant mtime) {
        this(v, name, uuid, enabledHypervisors, enabledDiskTemplates, hvparams, beparams, fileStorageDir,
                defaultIallocator, candidatePoolSize, ctime, mtime, null);
    }

    public ClusterConfig withTags(List<String> newTags, Instant now) {
        return new ClusterConfig(v, name, uuid, enabledHypervisors, enabledDiskTemplates, hvparams, beparams,
                fileStorageDir, defaultIallocator, candidatePoolSize, ctime, now, newTags);
    }

    /** Ganeti's default backend parameters. */
    public static Map<String, Object> defaultBeparams() {
        return Map.of("minmem", 128, "maxmem", 128, "vcpus", 1, "auto_balance", true, "always_failover", false,
                "spindle_use", 1);
    }
}
