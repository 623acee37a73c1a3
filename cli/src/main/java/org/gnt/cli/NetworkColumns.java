package org.gnt.cli;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.bus.config.NetworkConfig;
import org.gnt.bus.view.ClusterRead;
import org.gnt.bus.view.NetworkFields;

/** The fields of {@code gnt-network list}, with Ganeti's names, titles and descriptions (query._BuildNetworkFields). */
final class NetworkColumns implements ListOptions.Source<NetworkConfig> {
    static final List<Field> FIELDS = List.of(
            Field.text("name", "Network"),
            Field.text("network", "Subnet"),
            Field.text("gateway", "Gateway"),
            Field.text("network6", "IPv6Subnet"),
            Field.text("gateway6", "IPv6Gateway"),
            Field.text("mac_prefix", "MacPrefix"),
            Field.number("free_count", "FreeCount"),
            Field.number("reserved_count", "ReservedCount"),
            Field.text("map", "Map"),
            Field.text("external_reservations", "ExternalReservations"),
            Field.number("group_cnt", "NodeGroups"),
            Field.list("group_list", "GroupList"),
            Field.number("inst_cnt", "Instances"),
            Field.list("inst_list", "InstanceList"),
            Field.list("tags", "Tags"),
            Field.number("serial_no", "SerialNo"),
            Field.text("uuid", "UUID"),
            Field.time("ctime", "CTime"),
            Field.time("mtime", "MTime"));
    static final FieldCatalog CATALOG = new FieldCatalog(FIELDS, NetworkFields.DEFAULT_LIST);

    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("name", "Name"),
            Map.entry("network", "IPv4 subnet"),
            Map.entry("gateway", "IPv4 gateway"),
            Map.entry("network6", "IPv6 subnet"),
            Map.entry("gateway6", "IPv6 gateway"),
            Map.entry("mac_prefix", "MAC address prefix"),
            Map.entry("free_count", "Number of available addresses"),
            Map.entry("reserved_count", "Number of reserved addresses"),
            Map.entry("map", "Actual mapping"),
            Map.entry("external_reservations", "External reservations"),
            Map.entry("group_cnt", "Number of nodegroups"),
            Map.entry("group_list", "List of nodegroups (group name, NIC mode, NIC link)"),
            Map.entry("inst_cnt", "Number of instances"),
            Map.entry("inst_list", "List of instances"),
            Map.entry("tags", "Tags"),
            Map.entry("serial_no", "Serial number, incremented on each modification"),
            Map.entry("uuid", "Network UUID"),
            Map.entry("ctime", "Creation timestamp"),
            Map.entry("mtime", "Modification timestamp"));

    private final NetworkFields.Snapshot snapshot;

    NetworkColumns(ClusterRead read) {
        this.snapshot = new NetworkFields.Snapshot(read.config());
    }

    static String description(String field) {
        return DESCRIPTIONS.getOrDefault(field, "");
    }

    /** Ganeti's name of a field's type in list-fields. */
    static String type(Field f) {
        return switch (f.kind()) {
            case TEXT -> "Text";
            case NUMBER -> "Number";
            case TIME -> "Timestamp";
            default -> "Custom";
        };
    }

    @Override
    public JsonNode value(NetworkConfig n, Field f) {
        return snapshot.field(n, f.name());
    }

    @Override
    public Field.Missing missing(NetworkConfig n, Field f) {
        return Field.Missing.UNAVAIL;
    }
}
