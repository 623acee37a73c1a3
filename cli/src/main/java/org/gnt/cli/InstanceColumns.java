package org.gnt.cli;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.view.ClusterRead;
import org.gnt.bus.view.InstanceFields;

/**
 * The fields of {@code gnt-instance list}, with Ganeti's names and column titles. Most values come
 * from the bus's {@link InstanceFields}; a few Ganeti aliases ({@code vcpus}, {@code sda_size},
 * {@code disk.size/N}, {@code be/*}, {@code hv/*}) are derived here from the merged parameters.
 */
final class InstanceColumns implements ListOptions.Source<InstanceConfig> {
    private static final Pattern DISK_SIZE = Pattern.compile("disk\\.size/(\\d+)");
    private static final List<String> RUNTIME = List.of("oper_ram", "oper_vcpus", "oper_state", "status");

    static final FieldCatalog CATALOG = new FieldCatalog(List.of(
            Field.text("name", "Instance"),
            Field.text("uuid", "UUID"),
            Field.text("os", "OS"),
            Field.text("hypervisor", "Hypervisor"),
            Field.text("pnode", "Primary_node"),
            Field.text("pnode.group", "PrimaryNodeGroup"),
            Field.list("snodes", "Secondary_Nodes"),
            Field.text("admin_state", "InstanceState"),
            Field.text("admin_state_source", "InstanceStateSource"),
            Field.bool("admin_up", "Autostart"),
            Field.bool("oper_state", "Running"),
            Field.text("status", "Status"),
            Field.unit("oper_ram", "Memory"),
            Field.number("oper_vcpus", "VCPUs"),
            Field.text("disk_template", "Disk_template"),
            Field.unit("disk_usage", "DiskUsage"),
            Field.number("disk.count", "Disks"),
            new Field("disk.sizes", "Disk_sizes", Field.Kind.UNIT_LIST),
            Field.list("disk.spindles", "Disk_spindles"),
            Field.list("disk.names", "Disk_names"),
            Field.list("disk.uuids", "Disk_UUIDs"),
            Field.unit("sda_size", "Disk/0"),
            Field.unit("sdb_size", "Disk/1"),
            Field.number("nic.count", "NICs"),
            Field.list("nic.macs", "NIC_MACs"),
            Field.list("nic.ips", "NIC_IPs"),
            Field.list("nic.modes", "NIC_modes"),
            Field.list("nic.links", "NIC_links"),
            Field.list("nic.bridges", "NIC_bridges"),
            Field.list("nic.names", "NIC_names"),
            Field.list("nic.networks", "NIC_networks"),
            Field.list("nic.uuids", "NIC_UUIDs"),
            Field.unit("be/memory", "ConfigMemory"),
            Field.unit("be/maxmem", "ConfigMaxMem"),
            Field.unit("be/minmem", "ConfigMinMem"),
            Field.number("be/vcpus", "ConfigVCPUs"),
            Field.number("vcpus", "ConfigVCPUs"),
            Field.bool("be/auto_balance", "Auto_balance"),
            Field.bool("be/always_failover", "Always_failover"),
            Field.number("be/spindle_use", "ConfigSpindleUse"),
            Field.object("beparams", "BackendParameters"),
            Field.object("custom_beparams", "CustomBackendParameters"),
            Field.object("hvparams", "HypervisorParameters"),
            Field.object("custom_hvparams", "CustomHypervisorParameters"),
            Field.object("osparams", "OpSysParameters"),
            Field.number("network_port", "Network_port"),
            Field.list("tags", "Tags"),
            Field.number("serial_no", "SerialNo"),
            Field.time("ctime", "CTime"),
            Field.time("mtime", "MTime")),
            InstanceFields.DEFAULT_LIST, InstanceColumns::dynamic);

    private final ClusterRead read;

    InstanceColumns(ClusterRead read) {
        this.read = read;
    }

    private static Optional<Field> dynamic(String name) {
        Matcher m = DISK_SIZE.matcher(name);
        if (m.matches()) {
            return Optional.of(Field.unit(name, "Disk/" + m.group(1)));
        }
        if (name.startsWith("be/") && name.length() > 3) {
            return Optional.of(Field.text(name, name.substring(3)));
        }
        if (name.startsWith("hv/") && name.length() > 3) {
            return Optional.of(Field.text(name, name.substring(3)));
        }
        return Optional.empty();
    }

    @Override
    public JsonNode value(InstanceConfig i, Field f) {
        String n = f.name();
        Matcher m = DISK_SIZE.matcher(n);
        if (m.matches()) {
            return field(i, "disk.sizes").get(Integer.parseInt(m.group(1)));
        }
        return switch (n) {
            case "vcpus" -> field(i, "be/vcpus");
            case "sda_size" -> field(i, "disk.sizes").get(0);
            case "sdb_size" -> field(i, "disk.sizes").get(1);
            case "name", "uuid", "os", "hypervisor", "pnode", "pnode.group", "snodes", "admin_state",
                    "admin_state_source", "admin_up", "oper_state", "status", "oper_ram", "oper_vcpus",
                    "disk_template", "disk_usage", "be/memory", "be/maxmem", "be/minmem", "be/vcpus" -> field(i, n);
            default -> n.startsWith("be/") ? field(i, "beparams").get(n.substring(3))
                    : n.startsWith("hv/") ? field(i, "hvparams").get(n.substring(3))
                    : field(i, n);
        };
    }

    private JsonNode field(InstanceConfig i, String name) {
        return InstanceFields.field(read, i, read.runtime(i), name);
    }

    @Override
    public Field.Missing missing(InstanceConfig i, Field f) {
        if (!RUNTIME.contains(f.name())) {
            return Field.Missing.UNAVAIL;
        }
        Optional<NodeConfig> pnode = read.primaryNode(i);
        if (pnode.isPresent() && pnode.get().offline()) {
            return Field.Missing.OFFLINE;
        }
        if (pnode.isEmpty() || !read.isLiveCached(pnode.get().name())) {
            return Field.Missing.NODATA;
        }
        return Field.Missing.UNAVAIL;
    }
}
