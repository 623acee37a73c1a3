package org.gnt.bus;

import java.util.Objects;

/** Every Kafka topic name of one cluster, all under the prefix {@code gnt.<cluster>.}. */
public record Topics(String cluster) {
    public Topics {
        Objects.requireNonNull(cluster, "cluster is null");
        if (!cluster.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("cluster name may hold only letters, digits, '.', '_' and '-': " + cluster);
        }
    }

    private String name(String suffix) {
        return "gnt." + cluster + "." + suffix;
    }

    public String jobsSubmit() {
        return name("jobs.submit");
    }

    /** Compacted: the whole job as it stands, keyed by job id. */
    public String jobsState() {
        return name("jobs.state");
    }

    /**
     * Compacted: the final state of archived jobs, keyed by job id. Archiving moves a finished job
     * here and leaves a tombstone in {@link #jobsState()}, so live views stay small.
     */
    public String jobsArchive() {
        return name("jobs.archive");
    }

    public String nodeRpc(String node) {
        return name("node.rpc." + node);
    }

    public String nodeReplies() {
        return name("node.replies");
    }

    /** Compacted: inventory per node. */
    public String nodesState() {
        return name("nodes.state");
    }

    public String events() {
        return name("events");
    }

    public String bundles() {
        return name("bundles");
    }
}
