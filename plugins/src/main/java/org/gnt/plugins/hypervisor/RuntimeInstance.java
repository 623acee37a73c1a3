package org.gnt.plugins.hypervisor;

import java.util.Objects;

/** An instance as the hypervisor sees it on a node. */
public record RuntimeInstance(String name, String uuid, RunState state, long memoryMib, int vcpus) {
    public RuntimeInstance {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(state, "state is null");
        uuid = uuid == null ? "" : uuid;
    }

    /** Runtime states; {@code SHUTDOWN} is a guest that stopped by itself (user shutdown). */
    public enum RunState { RUNNING, PAUSED, SHUTDOWN, CRASHED }
}
