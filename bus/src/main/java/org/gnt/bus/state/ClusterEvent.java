package org.gnt.bus.state;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** What changed in the cluster, on the {@code events} topic keyed by object id. */
public record ClusterEvent(int v, String type, String objectKind, String objectId, long jobId, JsonNode before,
                           JsonNode after, Instant time) {
    public static final int VERSION = 1;
}
