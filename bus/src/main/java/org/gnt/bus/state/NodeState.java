package org.gnt.bus.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.gnt.plugins.ParamSpec;
import org.gnt.plugins.disk.StorageSpace;
import org.gnt.plugins.hypervisor.NodeResources;
import org.gnt.plugins.hypervisor.RuntimeInstance;

/**
 * A node service's inventory: the value of the compacted {@code nodes.state} topic. {@code epoch}
 * counts the service's starts; {@code seq} its publications, so readers keep the newest.
 * {@code volumes} holds, per disk driver that can enumerate its disks, the ids of the disks present
 * on the node (Ganeti's lv_list); a driver that cannot enumerate is absent. {@code softwareVersion}
 * and {@code protocolVersion} are the node service's (Ganeti's version RPC); empty/0 from a node
 * too old to report them. {@code bundleInfo} describes each installed bundle with the digest of its
 * jar and any refusal of a newer published version ({@link BundleStatus}); empty from older nodes.
 */
public record NodeState(int v, String node, String primaryIp, long epoch, long seq, Instant time,
                        Map<String, NodeResources> hypervisors, Map<String, StorageSpace> storage,
                        List<String> oses, Map<String, List<RuntimeInstance>> instances, List<String> bundles,
                        Map<String, List<ParamSpec>> parameters, Map<String, List<String>> volumes,
                        String softwareVersion, int protocolVersion, List<BundleStatus> bundleInfo) {
    public static final int VERSION = 1;

    public NodeState {
        Objects.requireNonNull(node, "node is null");
        volumes = volumes == null ? Map.of() : volumes.entrySet().stream().collect(
                java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
        softwareVersion = softwareVersion == null ? "" : softwareVersion;
        hypervisors = hypervisors == null ? Map.of() : Map.copyOf(hypervisors);
        storage = storage == null ? Map.of() : Map.copyOf(storage);
        oses = oses == null ? List.of() : List.copyOf(oses);
        instances = instances == null ? Map.of() : Map.copyOf(instances);
        bundles = bundles == null ? List.of() : List.copyOf(bundles);
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        bundleInfo = bundleInfo == null ? List.of() : List.copyOf(bundleInfo);
    }

    /** An inventory without bundle details (nodes and stand-ins written before them). */
    public NodeState(int v, String node, String primaryIp, long epoch, long seq, Instant time,
                     Map<String, NodeResources> hypervisors, Map<String, StorageSpace> storage, List<String> oses,
                     Map<String, List<RuntimeInstance>> instances, List<String> bundles,
                     Map<String, List<ParamSpec>> parameters, Map<String, List<String>> volumes,
                     String softwareVersion, int protocolVersion) {
        this(v, node, primaryIp, epoch, seq, time, hypervisors, storage, oses, instances, bundles, parameters, volumes,
                softwareVersion, protocolVersion, List.of());
    }

    /** An inventory without volumes or versions (test stand-ins and simulated nodes). */
    public NodeState(int v, String node, String primaryIp, long epoch, long seq, Instant time,
                     Map<String, NodeResources> hypervisors, Map<String, StorageSpace> storage, List<String> oses,
                     Map<String, List<RuntimeInstance>> instances, List<String> bundles,
                     Map<String, List<ParamSpec>> parameters) {
        this(v, node, primaryIp, epoch, seq, time, hypervisors, storage, oses, instances, bundles, parameters, Map.of(),
                "", 0);
    }

    public boolean isNewerThan(NodeState other) {
        return other == null || epoch > other.epoch || epoch == other.epoch && seq > other.seq;
    }
}
