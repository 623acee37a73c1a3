package org.gnt.coordinator.lu.cluster;

import java.util.ArrayList;
import java.util.List;

import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.locks.LockLevel;
import org.gnt.coordinator.locks.LockRequest;

/** Ganeti's BGL taken exclusively, in gnt's terms: the cluster lock and every group, node and instance. */
final class Locks {
    private Locks() {
    }

    static List<LockRequest> everything(ConfigStore config) {
        List<LockRequest> out = new ArrayList<>();
        out.add(LockRequest.exclusive(LockLevel.CLUSTER, "cluster"));
        config.groups().forEach(g -> out.add(LockRequest.exclusive(LockLevel.NODEGROUP, g.name())));
        config.nodes().forEach(n -> out.add(LockRequest.exclusive(LockLevel.NODE, n.name())));
        config.instances().forEach(i -> out.add(LockRequest.exclusive(LockLevel.INSTANCE, i.name())));
        return out;
    }
}
