package org.gnt.plugins.hypervisor;

import java.util.Objects;

/**
 * Progress of an outgoing migration as the source's hypervisor reports it (Ganeti's
 * GetMigrationStatus). {@code status} is one of {@link #ACTIVE}, {@link #COMPLETED},
 * {@link #FAILED}, {@link #CANCELLED} or {@link #NONE}; byte counts and times are what the
 * hypervisor measured, zero when unknown; {@code error} says why a failed migration failed.
 */
public record MigrationStatus(String status, long transferredBytes, long remainingBytes, long totalBytes,
                              long downtimeMs, long totalTimeMs, String error) {
    public static final String ACTIVE = "active";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";
    /** No migration was ever started (or the hypervisor forgot it). */
    public static final String NONE = "none";

    public MigrationStatus {
        Objects.requireNonNull(status, "status is null");
        error = error == null ? "" : error;
    }

    /** Whether the migration ended, one way or another. */
    public boolean finished() {
        return !status.equals(ACTIVE);
    }
}
