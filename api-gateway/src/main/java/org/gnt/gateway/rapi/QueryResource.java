package org.gnt.gateway.rapi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NetworkConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.job.JobState;
import org.gnt.bus.view.ClusterRead;
import org.gnt.bus.view.InstanceFields;
import org.gnt.bus.view.JobInfo;
import org.gnt.bus.view.JobView;
import org.gnt.bus.view.NameOrder;
import org.gnt.bus.view.NetworkFields;
import org.gnt.bus.view.NodeFields;

/**
 * One resource of {@code /2/query/[resource]}: its field definitions (Ganeti's name, title, kind,
 * doc) and, for one read of the mirrors, its items in listing order with each field's value and
 * result status. The field names are the CLI's ({@code gnt-node list -o ...}); values come from the
 * bus's field tables ({@link NodeFields}, {@link InstanceFields}, {@link JobInfo}).
 */
final class QueryResource {
    /** Ganeti's result status: normal, unknown field, no data (node unreachable), unavailable, node offline. */
    static final int RS_NORMAL = 0;
    static final int RS_UNKNOWN = 1;
    static final int RS_NODATA = 2;
    static final int RS_UNAVAIL = 3;
    static final int RS_OFFLINE = 4;
    static final List<String> NAMES = List.of("node", "instance", "group", "job", "network");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** A field definition as Ganeti's {@code QueryFieldDefinition}. */
    record FieldDef(String name, String title, String kind, String doc) {
        JsonNode toJson() {
            return F.objectNode().put("name", name).put("title", title).put("kind", kind).put("doc", doc);
        }

        static FieldDef unknown(String name) {
            return new FieldDef(name, name, "unknown", "Unknown field '" + name + "'");
        }
    }

    /** One read of a resource: its items and a cell's [status, value]. */
    interface Snapshot {
        List<?> items();

        JsonNode value(Object item, String field);

        int missing(Object item, String field);
    }

    private final Map<String, FieldDef> fields = new LinkedHashMap<>();

    private QueryResource(List<FieldDef> defs) {
        defs.forEach(d -> fields.put(d.name(), d));
    }

    Optional<FieldDef> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    List<FieldDef> fields() {
        return List.copyOf(fields.values());
    }

    private static FieldDef f(String name, String title, String kind, String doc) {
        return new FieldDef(name, title, kind, doc);
    }

    static final QueryResource NODE = new QueryResource(List.of(
            f("name", "Node", "text", "Node name"),
            f("uuid", "UUID", "text", "Node UUID"),
            f("pip", "PrimaryIP", "text", "Primary IP address"),
            f("sip", "SecondaryIP", "text", "Secondary IP address"),
            f("group", "Group", "text", "Node group name"),
            f("group.uuid", "GroupUUID", "text", "UUID of the node group"),
            f("role", "Role", "text", "Node role: M, C, R, D or O"),
            f("master", "IsMaster", "bool", "Whether the node is the master"),
            f("master_candidate", "MasterC", "bool", "Whether the node is a master candidate"),
            f("master_capable", "MasterCapable", "bool", "Whether the node may become a master candidate"),
            f("vm_capable", "VMCapable", "bool", "Whether the node may host instances"),
            f("offline", "Offline", "bool", "Whether the node is offline"),
            f("drained", "Drained", "bool", "Whether the node is drained"),
            f("powered", "Powered", "bool", "Whether the node is powered"),
            f("dtotal", "DTotal", "unit", "Total disk space in the default storage"),
            f("dfree", "DFree", "unit", "Free disk space in the default storage"),
            f("mtotal", "MTotal", "unit", "Total memory of the node"),
            f("mnode", "MNode", "unit", "Memory used by the node itself"),
            f("mfree", "MFree", "unit", "Memory free for instances"),
            f("spfree", "SpFree", "number", "Free spindles"),
            f("sptotal", "SpTotal", "number", "Total spindles"),
            f("ctotal", "CTotal", "number", "Number of logical CPUs"),
            f("cnos", "CNOs", "number", "CPUs reserved for the node"),
            f("cnodes", "CNodes", "number", "Number of NUMA domains"),
            f("csockets", "CSockets", "number", "Number of CPU sockets"),
            f("pinst_cnt", "Pinst", "number", "Number of instances with this primary node"),
            f("sinst_cnt", "Sinst", "number", "Number of instances with this secondary node"),
            f("pinst_list", "PriInstances", "other", "Instances with this primary node"),
            f("sinst_list", "SecInstances", "other", "Instances with this secondary node"),
            f("tags", "Tags", "other", "Tags"),
            f("ndparams", "NodeParameters", "other", "Node parameters"),
            f("serial_no", "SerialNo", "number", "Serial number"),
            f("ctime", "CTime", "timestamp", "Creation time"),
            f("mtime", "MTime", "timestamp", "Modification time")));

    /** Instance fields the bus's {@link InstanceFields} serves; per-parameter aliases (be/..., hv/...) are left out. */
    static final QueryResource INSTANCE = new QueryResource(List.of(
            f("name", "Instance", "text", "Instance name"),
            f("uuid", "UUID", "text", "Instance UUID"),
            f("os", "OS", "text", "Operating system"),
            f("hypervisor", "Hypervisor", "text", "Hypervisor name"),
            f("pnode", "Primary_node", "text", "Primary node"),
            f("pnode.group", "PrimaryNodeGroup", "text", "Node group of the primary node"),
            f("snodes", "Secondary_Nodes", "other", "Secondary nodes"),
            f("admin_state", "InstanceState", "text", "Desired state: up, down or offline"),
            f("admin_state_source", "InstanceStateSource", "text", "Who set the desired state"),
            f("admin_up", "Autostart", "bool", "Whether the instance should run"),
            f("oper_state", "Running", "bool", "Whether the instance runs"),
            f("status", "Status", "text", "Combined status, e.g. running, ADMIN_down, ERROR_down"),
            f("oper_ram", "Memory", "unit", "Memory in use"),
            f("oper_vcpus", "VCPUs", "number", "Virtual CPUs in use"),
            f("disk_template", "Disk_template", "text", "Disk template"),
            f("disk_usage", "DiskUsage", "unit", "Disk space used"),
            f("disk.count", "Disks", "number", "Number of disks"),
            f("disk.sizes", "Disk_sizes", "other", "Disk sizes"),
            f("disk.spindles", "Disk_spindles", "other", "Disk spindles"),
            f("disk.names", "Disk_names", "other", "Disk names"),
            f("disk.uuids", "Disk_UUIDs", "other", "Disk UUIDs"),
            f("nic.count", "NICs", "number", "Number of NICs"),
            f("nic.macs", "NIC_MACs", "other", "NIC MAC addresses"),
            f("nic.ips", "NIC_IPs", "other", "NIC IP addresses"),
            f("nic.modes", "NIC_modes", "other", "NIC modes"),
            f("nic.links", "NIC_links", "other", "NIC links"),
            f("nic.bridges", "NIC_bridges", "other", "NIC bridges"),
            f("nic.names", "NIC_names", "other", "NIC names"),
            f("nic.networks", "NIC_networks", "other", "NIC networks"),
            f("nic.uuids", "NIC_UUIDs", "other", "NIC UUIDs"),
            f("be/memory", "ConfigMemory", "unit", "Configured memory"),
            f("be/maxmem", "ConfigMaxMem", "unit", "Configured maximum memory"),
            f("be/minmem", "ConfigMinMem", "unit", "Configured minimum memory"),
            f("be/vcpus", "ConfigVCPUs", "number", "Configured virtual CPUs"),
            f("beparams", "BackendParameters", "other", "Backend parameters (merged)"),
            f("custom_beparams", "CustomBackendParameters", "other", "Backend parameters set on the instance"),
            f("hvparams", "HypervisorParameters", "other", "Hypervisor parameters (merged)"),
            f("custom_hvparams", "CustomHypervisorParameters", "other", "Hypervisor parameters set on the instance"),
            f("osparams", "OpSysParameters", "other", "OS parameters"),
            f("network_port", "Network_port", "number", "Console network port"),
            f("tags", "Tags", "other", "Tags"),
            f("serial_no", "SerialNo", "number", "Serial number"),
            f("ctime", "CTime", "timestamp", "Creation time"),
            f("mtime", "MTime", "timestamp", "Modification time")));

    static final QueryResource GROUP = new QueryResource(List.of(
            f("name", "Group", "text", "Group name"),
            f("uuid", "UUID", "text", "Group UUID"),
            f("alloc_policy", "AllocPolicy", "text", "Allocation policy"),
            f("node_cnt", "Nodes", "number", "Number of nodes"),
            f("node_list", "NodeList", "other", "Nodes of the group"),
            f("pinst_cnt", "Instances", "number", "Number of instances with a primary node in the group"),
            f("pinst_list", "InstanceList", "other", "Instances with a primary node in the group"),
            f("ctime", "CTime", "timestamp", "Creation time"),
            f("mtime", "MTime", "timestamp", "Modification time")));

    static final QueryResource NETWORK = new QueryResource(List.of(
            f("name", "Network", "text", "Name"),
            f("network", "Subnet", "text", "IPv4 subnet"),
            f("gateway", "Gateway", "text", "IPv4 gateway"),
            f("network6", "IPv6Subnet", "text", "IPv6 subnet"),
            f("gateway6", "IPv6Gateway", "text", "IPv6 gateway"),
            f("mac_prefix", "MacPrefix", "text", "MAC address prefix"),
            f("free_count", "FreeCount", "number", "Number of available addresses"),
            f("reserved_count", "ReservedCount", "number", "Number of reserved addresses"),
            f("map", "Map", "text", "Actual mapping"),
            f("external_reservations", "ExternalReservations", "text", "External reservations"),
            f("group_cnt", "NodeGroups", "number", "Number of nodegroups"),
            f("group_list", "GroupList", "other", "List of nodegroups (group name, NIC mode, NIC link)"),
            f("inst_cnt", "Instances", "number", "Number of instances"),
            f("inst_list", "InstanceList", "other", "List of instances"),
            f("tags", "Tags", "other", "Tags"),
            f("serial_no", "SerialNo", "number", "Serial number"),
            f("uuid", "UUID", "text", "Network UUID"),
            f("ctime", "CTime", "timestamp", "Creation time"),
            f("mtime", "MTime", "timestamp", "Modification time")));

    static final QueryResource JOB = new QueryResource(List.of(
            f("id", "ID", "number", "Job ID"),
            f("status", "Status", "text", "Job status"),
            f("priority", "Priority", "number", "Current job priority"),
            f("summary", "Summary", "other", "Summary of the opcodes"),
            f("received_ts", "Received", "other", "Time the job was received"),
            f("start_ts", "Start", "other", "Time the job started"),
            f("end_ts", "End", "other", "Time the job finished"),
            f("ops", "OpCodes", "other", "The opcodes"),
            f("opstatus", "OpCode_status", "other", "Status of each opcode"),
            f("opresult", "OpCode_result", "other", "Result of each opcode"),
            f("oplog", "OpCode_log", "other", "Log of each opcode"),
            f("opstart", "OpCode_start", "other", "Start time of each opcode"),
            f("opend", "OpCode_end", "other", "End time of each opcode"),
            f("oppriority", "OpCode_prio", "other", "Priority of each opcode")));

    static Optional<QueryResource> named(String name) {
        return switch (name) {
            case "node" -> Optional.of(NODE);
            case "instance" -> Optional.of(INSTANCE);
            case "group" -> Optional.of(GROUP);
            case "job" -> Optional.of(JOB);
            case "network" -> Optional.of(NETWORK);
            default -> Optional.empty();
        };
    }

    private static final Set<String> NODE_LIVE = Set.of("dtotal", "dfree", "mtotal", "mnode", "mfree", "spfree",
            "sptotal", "ctotal", "cnos", "cnodes", "csockets");
    private static final Set<String> INSTANCE_LIVE = Set.of("oper_ram", "oper_vcpus", "oper_state", "status");

    static Snapshot nodes(ClusterRead read) {
        NodeFields.Snapshot snap = new NodeFields.Snapshot(read);
        List<NodeConfig> nodes = read.config().nodes().stream()
                .sorted(Comparator.comparing(NodeConfig::name, NameOrder.INSTANCE)).toList();
        return snapshot(nodes, NodeConfig.class, (n, f) -> f.equals("group") ? F.textNode(groupName(read, n.group()))
                : snap.field(n, f), (n, f) -> n.offline() ? RS_OFFLINE : NODE_LIVE.contains(f) ? RS_NODATA : RS_UNAVAIL);
    }

    static Snapshot instances(ClusterRead read) {
        List<InstanceConfig> all = read.config().instances().stream()
                .sorted(Comparator.comparing(InstanceConfig::name, NameOrder.INSTANCE)).toList();
        return snapshot(all, InstanceConfig.class, (i, f) -> InstanceFields.field(read, i, read.runtime(i), f), (i, f) -> {
            if (!INSTANCE_LIVE.contains(f)) {
                return RS_UNAVAIL;
            }
            Optional<NodeConfig> p = read.primaryNode(i);
            return p.isPresent() && p.get().offline() ? RS_OFFLINE : RS_NODATA;
        });
    }

    static Snapshot groups(ClusterRead read) {
        List<GroupConfig> all = read.config().groups().stream()
                .sorted(Comparator.comparing(GroupConfig::name, NameOrder.INSTANCE)).toList();
        return snapshot(all, GroupConfig.class, (g, f) -> groupField(read, g, f), (g, f) -> RS_UNAVAIL);
    }

    static Snapshot networks(ClusterRead read) {
        NetworkFields.Snapshot snap = new NetworkFields.Snapshot(read.config());
        List<NetworkConfig> all = read.config().networks().stream()
                .sorted(Comparator.comparing(NetworkConfig::name, NameOrder.INSTANCE)).toList();
        return snapshot(all, NetworkConfig.class, snap::field, (n, f) -> RS_UNAVAIL);
    }

    static Snapshot jobs(JobView view) {
        List<JobState> all = new ArrayList<>(view.all());
        all.sort(Comparator.comparingLong(JobState::id));
        return snapshot(all, JobState.class, JobInfo::field, (j, f) -> RS_UNAVAIL);
    }

    private static String groupName(ClusterRead read, String uuid) {
        return read.config().groups().stream().filter(g -> g.uuid().equals(uuid)).map(GroupConfig::name)
                .findFirst().orElse(uuid);
    }

    private static JsonNode groupField(ClusterRead read, GroupConfig g, String f) {
        List<String> nodes = read.config().nodes().stream().filter(n -> g.uuid().equals(n.group()))
                .map(NodeConfig::name).sorted(NameOrder.INSTANCE).toList();
        return switch (f) {
            case "name" -> F.textNode(g.name());
            case "uuid" -> F.textNode(g.uuid());
            case "alloc_policy" -> g.allocPolicy() == null ? F.nullNode() : F.textNode(g.allocPolicy());
            case "node_cnt" -> F.numberNode(nodes.size());
            case "node_list" -> list(nodes);
            case "pinst_cnt", "pinst_list" -> {
                List<String> inst = read.config().instances().stream()
                        .filter(i -> read.primaryNode(i).map(n -> g.uuid().equals(n.group())).orElse(false))
                        .map(InstanceConfig::name).sorted(NameOrder.INSTANCE).toList();
                yield f.equals("pinst_cnt") ? F.numberNode(inst.size()) : list(inst);
            }
            case "ctime" -> g.ctime() == null ? F.nullNode() : F.numberNode(g.ctime().toEpochMilli() / 1000.0);
            case "mtime" -> g.mtime() == null ? F.nullNode() : F.numberNode(g.mtime().toEpochMilli() / 1000.0);
            default -> F.nullNode();
        };
    }

    private static JsonNode list(List<String> names) {
        var a = F.arrayNode();
        names.forEach(a::add);
        return a;
    }

    @FunctionalInterface
    private interface Status<T> {
        int of(T item, String field);
    }

    private static <T> Snapshot snapshot(List<T> items, Class<T> type, BiFunction<T, String, JsonNode> value,
                                         Status<T> missing) {
        return new Snapshot() {
            @Override
            public List<?> items() {
                return items;
            }

            @Override
            public JsonNode value(Object item, String field) {
                return value.apply(type.cast(item), field);
            }

            @Override
            public int missing(Object item, String field) {
                return missing.of(type.cast(item), field);
            }
        };
    }
}
