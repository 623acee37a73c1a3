package org.gnt.coordinator.locks;

/** Ganeti's lock levels, in the order locks must be taken (doc/locking.rst). */
public enum LockLevel { CLUSTER, INSTANCE, NODEGROUP, NETWORK, NODE, NODE_RES }
