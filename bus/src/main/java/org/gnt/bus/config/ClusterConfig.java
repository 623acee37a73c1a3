package org.gnt.bus.config;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * The cluster object at {@code config/cluster}. The parameter dictionaries are complete, as in
 * Ganeti's cluster object: a field missing from an older znode (or a key missing from one) reads
 * as Ganeti's default, so old configs load unchanged. Change one with {@link #toBuilder()}.
 */
public record ClusterConfig(int v, String name, String uuid, List<String> enabledHypervisors,
                            List<String> enabledDiskTemplates, Map<String, Map<String, Object>> hvparams,
                            Map<String, Object> beparams, String fileStorageDir, String defaultIallocator,
                            int candidatePoolSize, Instant ctime, Instant mtime, List<String> tags,
                            Map<String, Object> ipolicy, Map<String, Object> nicparams,
                            Map<String, Map<String, Object>> diskparams, Map<String, Map<String, Object>> osparams,
                            Boolean maintainNodeHealth) {
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
        Map<String, Object> ip = new TreeMap<>(ClusterParams.defaultIpolicy(enabledDiskTemplates));
        if (ipolicy != null) {
            ip.putAll(ipolicy);
        }
        ipolicy = Collections.unmodifiableMap(ip);
        Map<String, Object> nic = new TreeMap<>(ClusterParams.NIC_DEFAULTS);
        if (nicparams != null) {
            nic.putAll(nicparams);
        }
        nicparams = Collections.unmodifiableMap(nic);
        diskparams = ClusterParams.completeDisk(diskparams);
        Map<String, Map<String, Object>> os = new TreeMap<>();
        if (osparams != null) {
            osparams.forEach((k, p) -> os.put(k, Collections.unmodifiableMap(new TreeMap<>(p))));
        }
        osparams = Collections.unmodifiableMap(os);
        maintainNodeHealth = maintainNodeHealth != null && maintainNodeHealth;
    }

    /** A cluster with Ganeti's default ipolicy, nic, disk and OS parameters. */
    public ClusterConfig(int v, String name, String uuid, List<String> enabledHypervisors,
                         List<String> enabledDiskTemplates, Map<String, Map<String, Object>> hvparams,
                         Map<String, Object> beparams, String fileStorageDir, String defaultIallocator,
                         int candidatePoolSize, Instant ctime, Instant mtime, List<String> tags) {
        this(v, name, uuid, enabledHypervisors, enabledDiskTemplates, hvparams, beparams, fileStorageDir,
                defaultIallocator, candidatePoolSize, ctime, mtime, tags, null, null, null, null, null);
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
        return toBuilder().tags(newTags).mtime(now).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Ganeti's default backend parameters. */
    public static Map<String, Object> defaultBeparams() {
        return Map.of("minmem", 128, "maxmem", 128, "vcpus", 1, "auto_balance", true, "always_failover", false,
                "spindle_use", 1);
    }

    /** A copy of a cluster object with some fields changed: {@code c.toBuilder().name("x").build()}. */
    public static final class Builder {
        private final int v;
        private final String uuid;
        private final Instant ctime;
        private String name;
        private List<String> enabledHypervisors;
        private List<String> enabledDiskTemplates;
        private Map<String, Map<String, Object>> hvparams;
        private Map<String, Object> beparams;
        private String fileStorageDir;
        private String defaultIallocator;
        private int candidatePoolSize;
        private Instant mtime;
        private List<String> tags;
        private Map<String, Object> ipolicy;
        private Map<String, Object> nicparams;
        private Map<String, Map<String, Object>> diskparams;
        private Map<String, Map<String, Object>> osparams;
        private Boolean maintainNodeHealth;

        private Builder(ClusterConfig c) {
            v = c.v;
            uuid = c.uuid;
            ctime = c.ctime;
            name = c.name;
            enabledHypervisors = c.enabledHypervisors;
            enabledDiskTemplates = c.enabledDiskTemplates;
            hvparams = c.hvparams;
            beparams = c.beparams;
            fileStorageDir = c.fileStorageDir;
            defaultIallocator = c.defaultIallocator;
            candidatePoolSize = c.candidatePoolSize;
            mtime = c.mtime;
            tags = c.tags;
            ipolicy = c.ipolicy;
            nicparams = c.nicparams;
            diskparams = c.diskparams;
            osparams = c.osparams;
            maintainNodeHealth = c.maintainNodeHealth;
        }

        public Builder name(String x) {
            name = x;
            return this;
        }

        public Builder enabledHypervisors(List<String> x) {
            enabledHypervisors = x;
            return this;
        }

        public Builder enabledDiskTemplates(List<String> x) {
            enabledDiskTemplates = x;
            return this;
        }

        public Builder hvparams(Map<String, Map<String, Object>> x) {
            hvparams = x;
            return this;
        }

        public Builder beparams(Map<String, Object> x) {
            beparams = x;
            return this;
        }

        public Builder fileStorageDir(String x) {
            fileStorageDir = x;
            return this;
        }

        public Builder defaultIallocator(String x) {
            defaultIallocator = x;
            return this;
        }

        public Builder candidatePoolSize(int x) {
            candidatePoolSize = x;
            return this;
        }

        public Builder mtime(Instant x) {
            mtime = x;
            return this;
        }

        public Builder tags(List<String> x) {
            tags = x;
            return this;
        }

        public Builder ipolicy(Map<String, Object> x) {
            ipolicy = x;
            return this;
        }

        public Builder nicparams(Map<String, Object> x) {
            nicparams = x;
            return this;
        }

        public Builder diskparams(Map<String, Map<String, Object>> x) {
            diskparams = x;
            return this;
        }

        public Builder osparams(Map<String, Map<String, Object>> x) {
            osparams = x;
            return this;
        }

        public Builder maintainNodeHealth(boolean x) {
            maintainNodeHealth = x;
            return this;
        }

        public ClusterConfig build() {
            return new ClusterConfig(v, name, uuid, enabledHypervisors, enabledDiskTemplates, hvparams, beparams,
                    fileStorageDir, defaultIallocator, candidatePoolSize, ctime, mtime, tags, ipolicy, nicparams,
                    diskparams, osparams, maintainNodeHealth);
        }
    }
}
