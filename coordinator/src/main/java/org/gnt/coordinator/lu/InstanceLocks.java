package org.gnt.coordinator.lu;

import java.util.ArrayList;
import java.util.List;

import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.locks.LockLevel;
import org.gnt.coordinator.locks.LockRequest;

/** The usual lock set of a single-instance opcode: the instance exclusively, its primary node. */
final class InstanceLocks {
    private InstanceLocks() {
    }

    static List<LockRequest> instanceAndPrimary(String instance, ConfigStore cfg, boolean nodeExclusive) {
        List<LockRequest> l = new ArrayList<>();
        l.add(LockRequest.exclusive(LockLevel.INSTANCE, instance));
        cfg.instanceByName(instance).flatMap(i -> cfg.node(i.primaryNode())).ifPresent(n ->
                l.add(new LockRequest(LockLevel.NODE, n.name(), nodeExclusive)));
        return l;
    }
}
