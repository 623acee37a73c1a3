package org.gnt.plugins.disk;

import java.util.Objects;

/** How a driver finds a disk again (Ganeti's logical_id): the driver name and a driver-specific id. */
public record DiskRef(String driver, String id) {
    public DiskRef {
        Objects.requireNonNull(driver, "driver is null");
        Objects.requireNonNull(id, "id is null");
    }
}
