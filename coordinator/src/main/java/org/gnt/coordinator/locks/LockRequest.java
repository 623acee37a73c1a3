package org.gnt.coordinator.locks;

import java.util.Comparator;
import java.util.Objects;

/** One lock a logical unit needs: level, object name, shared or exclusive. */
public record LockRequest(LockLevel level, String name, boolean exclusive) {
    public static final Comparator<LockRequest> ORDER =
            Comparator.comparing(LockRequest::level).thenComparing(LockRequest::name);

    public LockRequest {
        Objects.requireNonNull(level, "level is null");
        Objects.requireNonNull(name, "name is null");
    }

    public static LockRequest exclusive(LockLevel level, String name) {
        return new LockRequest(level, name, true);
    }

    public static LockRequest shared(LockLevel level, String name) {
        return new LockRequest(level, name, false);
    }

    public String key() {
        return level + "/" + name;
    }
}
