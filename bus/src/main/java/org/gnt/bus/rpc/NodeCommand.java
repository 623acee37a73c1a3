package org.gnt.bus.rpc;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.gnt.plugins.disk.DiskRef;
import org.gnt.plugins.disk.DiskSpec;
import org.gnt.plugins.hypervisor.InstanceSpec;
import org.gnt.plugins.hypervisor.StopMode;

/** The node RPC table (Ganeti's rpc_defs): one record per call a coordinator can make on a node. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "cmd")
@JsonSubTypes({
        @JsonSubTypes.Type(value = NodeCommand.NodeInfo.class, name = "node_info"),
        @JsonSubTypes.Type(value = NodeCommand.TestDelay.class, name = "test_delay"),
        @JsonSubTypes.Type(value = NodeCommand.DiskCreate.class, name = "blockdev_create"),
        @JsonSubTypes.Type(value = NodeCommand.DiskRemove.class, name = "blockdev_remove"),
        @JsonSubTypes.Type(value = NodeCommand.OsCreate.class, name = "instance_os_add"),
        @JsonSubTypes.Type(value = NodeCommand.InstanceStart.class, name = "instance_start"),
        @JsonSubTypes.Type(value = NodeCommand.InstanceStop.class, name = "instance_shutdown"),
        @JsonSubTypes.Type(value = NodeCommand.InstanceInfo.class, name = "instance_info"),
})
public sealed interface NodeCommand {
    /** Whether the command changes what the node has (its inventory is republished afterwards). */
    default boolean changesInventory() {
        return true;
    }

    /** Node capacity, storage, hypervisors, OSes and instances; answered with a {@code NodeState}. */
    record NodeInfo() implements NodeCommand {
        @Override
        public boolean changesInventory() {
            return false;
        }
    }

    record TestDelay(double seconds) implements NodeCommand {
        @Override
        public boolean changesInventory() {
            return false;
        }
    }

    /** Creates a disk; answered with its {@code DiskRef}. */
    record DiskCreate(String driver, DiskSpec spec, long sizeMib) implements NodeCommand {
    }

    record DiskRemove(String driver, DiskRef ref) implements NodeCommand {
    }

    /** Runs the OS provider's create on the instance's disks. */
    record OsCreate(String os, String instanceName, String hypervisor, String diskDriver, List<DiskRef> disks,
                    Map<String, String> osParams) implements NodeCommand {
    }

    /** Assembles the disks and starts the instance. */
    record InstanceStart(String hypervisor, InstanceSpec spec, String diskDriver, List<DiskRef> disks, boolean paused)
            implements NodeCommand {
    }

    /** Stops the instance (hard after timeout), releases its disks and cleans up its runtime files. */
    record InstanceStop(String hypervisor, InstanceSpec spec, StopMode mode, long timeoutSeconds, String diskDriver,
                        List<DiskRef> disks) implements NodeCommand {
    }

    /** The runtime state of one instance, or null when the hypervisor does not know it. */
    record InstanceInfo(String hypervisor, String name) implements NodeCommand {
        @Override
        public boolean changesInventory() {
            return false;
        }
    }
}
