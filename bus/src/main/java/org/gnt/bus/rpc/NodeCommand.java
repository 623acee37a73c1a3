package org.gnt.bus.rpc;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.gnt.plugins.disk.DiskRef;
import org.gnt.plugins.disk.DiskSpec;
import org.gnt.plugins.hypervisor.InstanceSpec;
import org.gnt.plugins.hypervisor.NicSpec;
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
        @JsonSubTypes.Type(value = NodeCommand.InstanceReboot.class, name = "instance_reboot"),
        @JsonSubTypes.Type(value = NodeCommand.InstanceResume.class, name = "instance_resume"),
        @JsonSubTypes.Type(value = NodeCommand.InstanceBalloon.class, name = "instance_balloon_memory"),
        @JsonSubTypes.Type(value = NodeCommand.MigrationInfo.class, name = "migration_info"),
        @JsonSubTypes.Type(value = NodeCommand.AcceptInstance.class, name = "accept_instance"),
        @JsonSubTypes.Type(value = NodeCommand.InstanceMigrate.class, name = "instance_migrate"),
        @JsonSubTypes.Type(value = NodeCommand.MigrationStatusQuery.class, name = "instance_get_migration_status"),
        @JsonSubTypes.Type(value = NodeCommand.MigrationCancel.class, name = "instance_migration_cancel"),
        @JsonSubTypes.Type(value = NodeCommand.FinalizeMigrationDst.class, name = "instance_finalize_migration_dst"),
        @JsonSubTypes.Type(value = NodeCommand.FinalizeMigrationSrc.class, name = "instance_finalize_migration_src"),
        @JsonSubTypes.Type(value = NodeCommand.HotplugDisk.class, name = "hotplug_disk"),
        @JsonSubTypes.Type(value = NodeCommand.HotplugNic.class, name = "hotplug_nic"),
        @JsonSubTypes.Type(value = NodeCommand.DiskGrow.class, name = "blockdev_grow"),
        @JsonSubTypes.Type(value = NodeCommand.InstanceConsole.class, name = "instance_console"),
        @JsonSubTypes.Type(value = NodeCommand.DiskFind.class, name = "blockdev_find"),
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

    /** Reboots a running instance; {@code SOFT} restarts it after a guest shutdown, {@code HARD} resets it. */
    record InstanceReboot(String hypervisor, InstanceSpec spec, StopMode mode, long timeoutSeconds)
            implements NodeCommand {
    }

    /** Lets a paused instance run. */
    record InstanceResume(String hypervisor, String name) implements NodeCommand {
    }

    /** Sets a running instance's memory through its balloon. */
    record InstanceBalloon(String hypervisor, String name, long memoryMib) implements NodeCommand {
    }

    /** Source side: the opaque description the target needs; answered with a JSON string. */
    record MigrationInfo(String hypervisor, String name) implements NodeCommand {
        @Override
        public boolean changesInventory() {
            return false;
        }
    }

    /** Target side: assembles the disks and starts a guest waiting for the migration on address:port. */
    record AcceptInstance(String hypervisor, InstanceSpec spec, String diskDriver, List<DiskRef> disks, String info,
                          String address, int port) implements NodeCommand {
    }

    /** Source side: starts sending the guest; returns at once. */
    record InstanceMigrate(String hypervisor, InstanceSpec spec, String address, int port, boolean live)
            implements NodeCommand {
    }

    /** Source side: progress of the outgoing migration; answered with a {@code MigrationStatus}. */
    record MigrationStatusQuery(String hypervisor, String name) implements NodeCommand {
        @Override
        public boolean changesInventory() {
            return false;
        }
    }

    /** Source side: stops an outgoing migration; the guest keeps running on the source. */
    record MigrationCancel(String hypervisor, String name) implements NodeCommand {
    }

    /**
     * Target side: on success the received guest runs; otherwise it is stopped and, like its
     * disks, released on the target.
     */
    record FinalizeMigrationDst(String hypervisor, InstanceSpec spec, boolean success, String diskDriver,
                                List<DiskRef> disks) implements NodeCommand {
    }

    /**
     * Source side: on success the source guest is stopped and its disks released here; otherwise
     * the source guest runs again.
     */
    record FinalizeMigrationSrc(String hypervisor, InstanceSpec spec, boolean success, String diskDriver,
                                List<DiskRef> disks) implements NodeCommand {
    }

    /** Adds (assembling it first) or removes (releasing it after) a disk of a running instance. */
    record HotplugDisk(String hypervisor, String name, boolean add, String diskDriver, DiskRef disk)
            implements NodeCommand {
    }

    /** Adds or removes a NIC of a running instance. */
    record HotplugNic(String hypervisor, String name, boolean add, NicSpec nic) implements NodeCommand {
    }

    /**
     * Grows a disk by {@code amountMib}; when {@code hypervisor} is set the running instance
     * {@code instanceName} is told of the new size. Answered with the grown {@code AttachedDisk}.
     */
    record DiskGrow(String driver, DiskRef ref, long amountMib, String hypervisor, String instanceName)
            implements NodeCommand {
    }

    /** How to reach a running instance's console; answered with a {@code ConsoleInfo}. */
    record InstanceConsole(String hypervisor, InstanceSpec spec) implements NodeCommand {
        @Override
        public boolean changesInventory() {
            return false;
        }
    }

    /** Whether this node reaches a disk; answered with its {@code AttachedDisk} or null (blockdev_find). */
    record DiskFind(String driver, DiskRef ref) implements NodeCommand {
        @Override
        public boolean changesInventory() {
            return false;
        }
    }
}
