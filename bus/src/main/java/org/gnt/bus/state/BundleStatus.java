package org.gnt.bus.state;

import java.util.Objects;

/**
 * One bundle as a node reports it in its inventory: symbolic name, version, the sha256 of the jar
 * it runs, its OSGi state ({@code active}, {@code resolved}, …). {@code error} is empty unless the
 * newest version published for this name was refused on this node (then it says which sha256 and
 * why; the fields before it still describe the bundle that keeps running, or are empty with state
 * {@code failed} when none was installed).
 */
public record BundleStatus(String symbolicName, String version, String sha256, String state, String error) {
    public BundleStatus {
        Objects.requireNonNull(symbolicName, "symbolicName is null");
        version = version == null ? "" : version;
        sha256 = sha256 == null ? "" : sha256;
        state = state == null ? "" : state;
        error = error == null ? "" : error;
    }
}
