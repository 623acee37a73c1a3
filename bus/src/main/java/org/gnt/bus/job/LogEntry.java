package org.gnt.bus.job;

import java.time.Instant;

/** One feedback line a logical unit emitted while it ran (Ganeti's oplog entry). */
public record LogEntry(long serial, Instant time, String type, String message) {
}
