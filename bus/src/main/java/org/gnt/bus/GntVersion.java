package org.gnt.bus;

/**
 * The software release and the node/master protocol number of this build (Ganeti's
 * RELEASE_VERSION and PROTOCOL_VERSION). Node services report both in their inventory; cluster
 * verify compares them with the master's own.
 */
public final class GntVersion {
    /** The release; a node running another release is a warning (Ganeti: "software version mismatch"). */
    public static final String SOFTWARE = "0.1.0";
    /** The wire protocol between master and nodes; another number is an error (it cannot talk to us). */
    public static final int PROTOCOL = 1;

    private GntVersion() {
    }
}
