package org.gnt.bus.view;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.gnt.bus.Json;
import org.gnt.bus.config.AddressPool;
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NetworkConfig;
import org.gnt.bus.config.NicConfig;

/**
 * Network query fields with Ganeti's names ({@code gnt-network list -o}, {@code GET /2/networks?bulk=1}).
 * One {@link Snapshot} per request finds each network's groups and instances once. An instance
 * uses a network when one of its NICs names it (by uuid, as Ganeti stores it, or by name).
 */
public final class NetworkFields {
    /** Ganeti's rlib2.NET_FIELDS plus the common fields. */
    public static final List<String> BULK = List.of("name", "network", "gateway", "network6", "gateway6",
            "mac_prefix", "free_count", "reserved_count", "map", "group_list", "inst_list", "external_reservations",
            "tags", "ctime", "mtime", "uuid", "serial_no");
    /** gnt-network list's default columns (Ganeti's _LIST_DEF_FIELDS). */
    public static final List<String> DEFAULT_LIST = List.of("name", "network", "gateway", "mac_prefix", "group_list",
            "tags");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private NetworkFields() {
    }

    /** The names of the instances with a NIC on the network, sorted. */
    public static List<String> users(NetworkConfig n, java.util.Collection<InstanceConfig> instances) {
        return instances.stream().filter(i -> uses(i, n))
                .map(InstanceConfig::name).sorted(NameOrder.INSTANCE).toList();
    }

    public static boolean uses(InstanceConfig i, NetworkConfig n) {
        for (NicConfig nic : i.nics()) {
            if (n.uuid().equals(nic.network()) || n.name().equals(nic.network())) {
                return true;
            }
        }
        return false;
    }

    public static final class Snapshot {
        private final Map<String, List<String>> groups = new HashMap<>();
        /** Instance names by the network reference of their NICs (uuid or name), sorted. */
        private final Map<String, List<String>> users = new HashMap<>();

        public Snapshot(ConfigView config) {
            config.instances().stream().sorted(Comparator.comparing(InstanceConfig::name, NameOrder.INSTANCE))
                    .forEach(i -> i.nics().stream().map(NicConfig::network).filter(java.util.Objects::nonNull)
                            .distinct().forEach(ref -> users.computeIfAbsent(ref, k -> new ArrayList<>()).add(i.name())));
            config.groups().stream().sorted(Comparator.comparing(GroupConfig::name, NameOrder.INSTANCE))
                    .forEach(g -> g.networks().forEach((uuid, link) ->
                            groups.computeIfAbsent(uuid, k -> new ArrayList<>()).add(link.describe(g.name()))));
        }

        public ObjectNode fields(NetworkConfig n, List<String> fields) {
            ObjectNode o = F.objectNode();
            for (String f : fields) {
                o.set(f, field(n, f));
            }
            return o;
        }

        /** One field's value; null for a field networks do not have. */
        public JsonNode field(NetworkConfig n, String f) {
            return switch (f) {
                case "name" -> TextNode.valueOf(n.name());
                case "uuid" -> TextNode.valueOf(n.uuid());
                case "network" -> TextNode.valueOf(n.network());
                case "gateway" -> text(n.gateway());
                case "network6" -> text(n.network6());
                case "gateway6" -> text(n.gateway6());
                case "mac_prefix" -> text(n.macPrefix());
                case "free_count" -> F.numberNode(AddressPool.of(n).freeCount());
                case "reserved_count" -> F.numberNode(AddressPool.of(n).reservedCount());
                case "map" -> TextNode.valueOf(AddressPool.of(n).map());
                case "external_reservations" -> TextNode.valueOf(String.join(", ", n.extReservations()));
                case "group_list" -> Json.tree(groups.getOrDefault(n.uuid(), List.of()));
                case "group_cnt" -> F.numberNode(groups.getOrDefault(n.uuid(), List.of()).size());
                case "inst_list" -> Json.tree(users(n));
                case "inst_cnt" -> F.numberNode(users(n).size());
                case "tags" -> Json.tree(n.tags());
                case "serial_no" -> F.numberNode(n.serial());
                case "ctime" -> time(n.ctime());
                case "mtime" -> time(n.mtime());
                default -> null;
            };
        }

        private List<String> users(NetworkConfig n) {
            List<String> byUuid = users.getOrDefault(n.uuid(), List.of());
            List<String> byName = users.getOrDefault(n.name(), List.of());
            if (byName.isEmpty()) {
                return byUuid;
            }
            return java.util.stream.Stream.concat(byUuid.stream(), byName.stream()).distinct()
                    .sorted(NameOrder.INSTANCE).toList();
        }

        private static JsonNode text(String s) {
            return s == null ? F.nullNode() : TextNode.valueOf(s);
        }

        private static JsonNode time(java.time.Instant t) {
            return t == null ? F.nullNode() : F.numberNode(t.getEpochSecond() + t.getNano() / 1e9);
        }
    }
}
