package org.gnt.plugins.hypervisor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.gnt.plugins.ParamSpec;
import org.gnt.plugins.disk.AttachedDisk;

/**
 * A hypervisor (Ganeti's hv_base.BaseHypervisor). Registered as an OSGi service with the
 * property {@link #NAME} set to the name admins write (e.g. {@code fake}, {@code kvm}).
 * Methods run on the node that hosts the instances; {@code hv} is the filled hvparams map.
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
}
