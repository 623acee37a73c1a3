package org.gnt.plugins.hypervisor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.ParamSpec;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.disk.AttachedDisk;
import org.gnt.plugins.disk.DiskRef;

/**
 * A hypervisor (Ganeti's hv_base.BaseHypervisor). Registered as an OSGi service with the
 * property {@link #NAME} set to the name admins write (e.g. {@code fake}, {@code kvm}).
 * Methods run on the node that hosts the instances; {@code hv} is the filled hvparams map.
 *
 * <p>Since package version 1.2.0 the interface also carries reboot, resume, ballooning, live
 * migration, hotplug and consoles. They are default methods that refuse with {@code INVAL}, so a
 * hypervisor built against 1.1 still loads and simply does not offer them.
 */
public interface Hypervisor {
    /** Service property carrying the plugin's name. */
    String NAME = "gnt.plugin.name";

    /** Parameters this hypervisor accepts (Ganeti's PARAMETERS); the coordinator checks syntax with them. */
    List<ParamSpec> parameters();

    /** Semantic checks on a filled parameter map; each string names a problem (ValidateParameters). */
    List<String> validateParameters(Map<String, Object> hv);

    /** The node's capacity and what is in use (GetNodeInfo). */
    NodeResources nodeInfo();

    /** Every instance this hypervisor knows on this node (ListInstances + GetAllInstancesInfo). */
    List<RuntimeInstance> list();

    /** One instance, if it exists on this node (GetInstanceInfo). */
    Optional<RuntimeInstance> info(String name);

    /** Starts an instance; refuses with NORES when the node lacks memory or vCPUs (StartInstance). */
    void start(InstanceSpec instance, List<AttachedDisk> disks, boolean paused);

    /** Stops an instance; after {@code timeout} a soft stop becomes a hard one (StopInstance). */
    void stop(InstanceSpec instance, StopMode mode, Duration timeout);

    /** Forgets whatever runtime files a stopped instance left (CleanupInstance). */
    void cleanup(String name);

    /**
     * Reboots a running instance (RebootInstance). {@code SOFT}: the guest is asked to shut down
     * (hard after {@code timeout}) and started again with the same devices; {@code HARD}: reset.
     */
    default void reboot(InstanceSpec instance, StopMode mode, Duration timeout) {
        throw unsupported("reboot");
    }

    /** Lets a guest started paused (or left paused) run. */
    default void resume(String name) {
        throw unsupported("resume");
    }

    /** Sets a running guest's memory through its balloon (BalloonInstanceMemory). */
    default void setMemory(String name, long memoryMib) {
        throw unsupported("memory ballooning");
    }

    /**
     * Source side, before a migration (MigrationInfo): what the target needs to build an identical
     * receiving guest. Opaque to the coordinator, which hands it to {@link #acceptIncoming}.
     */
    default String migrationInfo(String name) {
        throw unsupported("migration");
    }

    /**
     * Target side (AcceptInstance): starts a guest with the source's devices, waiting for the
     * migration stream on {@code address}:{@code port}.
     */
    default void acceptIncoming(InstanceSpec instance, List<AttachedDisk> disks, String info, String address,
                                int port) {
        throw unsupported("migration");
    }

    /**
     * Source side (MigrateInstance): starts sending the running guest to a target that accepted
     * it; returns at once, {@link #migrationStatus} says how it goes. {@code live} false pauses the
     * guest for the whole copy.
     */
    default void migrate(InstanceSpec instance, String address, int port, boolean live) {
        throw unsupported("migration");
    }

    /** Source side (GetMigrationStatus): progress of the outgoing migration. */
    default MigrationStatus migrationStatus(String name) {
        throw unsupported("migration");
    }

    /** Source side: stops an outgoing migration; the guest keeps running here. */
    default void cancelMigration(String name) {
        throw unsupported("migration");
    }

    /**
     * Target side (FinalizeMigrationDst): on success the received guest runs; otherwise the
     * receiving guest is stopped and its runtime files removed. Idempotent.
     */
    default void finishIncoming(InstanceSpec instance, boolean success) {
        throw unsupported("migration");
    }

    /**
     * Source side (FinalizeMigrationSource): on success the source guest is stopped and its
     * runtime files removed; otherwise it is made to run again here. Idempotent.
     */
    default void finishOutgoing(InstanceSpec instance, boolean success) {
        throw unsupported("migration");
    }

    /** Plugs an assembled disk into a running guest (HotAddDevice). */
    default void hotAddDisk(String name, AttachedDisk disk) {
        throw unsupported("disk hotplug");
    }

    /** Unplugs a disk from a running guest (HotDelDevice); the disk itself stays. */
    default void hotRemoveDisk(String name, DiskRef disk) {
        throw unsupported("disk hotplug");
    }

    /** Plugs a NIC into a running guest (HotAddDevice). */
    default void hotAddNic(String name, NicSpec nic) {
        throw unsupported("NIC hotplug");
    }

    /** Unplugs a NIC from a running guest (HotDelDevice). */
    default void hotRemoveNic(String name, NicSpec nic) {
        throw unsupported("NIC hotplug");
    }

    /** Tells a running guest that one of its disks grew (after the disk driver grew it). */
    default void diskGrown(String name, AttachedDisk disk) {
        throw unsupported("online disk grow");
    }

    /** How to reach the console of a running instance (GetInstanceConsole). */
    default ConsoleInfo console(InstanceSpec instance) {
        throw unsupported("consoles");
    }

    /** The refusal of an operation this hypervisor does not offer. */
    static PluginException unsupported(String what) {
        return new PluginException(ErrorKind.INVAL, "This hypervisor does not support " + what);
    }
}
