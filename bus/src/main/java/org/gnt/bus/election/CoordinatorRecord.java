package org.gnt.bus.election;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What a running coordinator says about itself in its ephemeral znode
 * ({@code ZkPaths.coordinator(id)}): the node it is bound to (null: unbound), whether it takes part
 * in the master election now, and the config serial its warm config mirror has reached.
 */
public record CoordinatorRecord(int v, String id, String node, boolean inElection, long configSerial,
                                Instant updated) {
    public static final int VERSION = 1;

    public CoordinatorRecord {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(updated, "updated is null");
    }

    @JsonIgnore
    public Optional<String> boundNode() {
        return Optional.ofNullable(node);
    }

    /** The same facts, ignoring when they were written (a registration is rewritten only on change). */
    public boolean sameAs(CoordinatorRecord o) {
        return o != null && id.equals(o.id) && Objects.equals(node, o.node) && inElection == o.inElection
                && configSerial == o.configSerial;
    }
}
