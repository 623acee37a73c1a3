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
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.config.GroupParams;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;

/**
 * Node group query fields with Ganeti's names ({@code gnt-group list -o}, {@code GET /2/groups?bulk=1}).
 * One {@link Snapshot} per request counts nodes and instances per group once.
 */
public final class GroupFields {
    /** Ganeti's rlib2.G_FIELDS plus the common fields. */
    public static final List<String> BULK = List.of("alloc_policy", "name", "node_cnt", "node_list", "ipolicy",
            "custom_ipolicy", "diskparams", "custom_diskparams", "ndparams", "custom_ndparams", "ctime", "mtime",
            "uuid", "serial_no", "tags");
    public static final List<String> DEFAULT_LIST = List.of("name", "node_cnt", "pinst_cnt", "alloc_policy",
            "ndparams");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private GroupFields() {
    }

    /** Nodes and primary instances per group, for a whole listing. */
    public static final class Snapshot {
        private final Map<String, List<String>> nodes = new HashMap<>();
        private final Map<String, List<String>> instances = new HashMap<>();
        /** The cluster object the group values are filled from; null before init. */
        private final org.gnt.bus.config.ClusterConfig cluster;

        public Snapshot(ConfigView config) {
            cluster = config.cluster().orElse(null);
            Map<String, String> groupOfNode = new HashMap<>();
            config.nodes().stream().sorted(Comparator.comparing(NodeConfig::name, NameOrder.INSTANCE)).forEach(n -> {
                nodes.computeIfAbsent(n.group(), k -> new ArrayList<>()).add(n.name());
                groupOfNode.put(n.uuid(), n.group());
            });
            config.instances().stream().sorted(Comparator.comparing(InstanceConfig::name, NameOrder.INSTANCE))
                    .forEach(i -> {
                        String g = groupOfNode.get(i.primaryNode());
                        if (g != null) {
                            instances.computeIfAbsent(g, k -> new ArrayList<>()).add(i.name());
                        }
                    });
        }

        public ObjectNode fields(GroupConfig g, List<String> fields) {
            ObjectNode o = F.objectNode();
            for (String f : fields) {
                o.set(f, field(g, f));
            }
            return o;
        }

        /** One field's value; null for a field groups do not have. */
        public JsonNode field(GroupConfig g, String f) {
            List<String> n = nodes.getOrDefault(g.uuid(), List.of());
            List<String> i = instances.getOrDefault(g.uuid(), List.of());
            return switch (f) {
                case "name" -> TextNode.valueOf(g.name());
                case "uuid" -> TextNode.valueOf(g.uuid());
                case "alloc_policy" -> TextNode.valueOf(g.allocPolicy());
                case "node_cnt" -> F.numberNode(n.size());
                case "node_list" -> Json.tree(n);
                case "pinst_cnt" -> F.numberNode(i.size());
                case "pinst_list" -> Json.tree(i);
                // filled from the cluster's own values when it is known, else Ganeti's defaults
                case "ipolicy" -> Json.tree(cluster == null ? GroupParams.effectiveIpolicy(g)
                        : GroupParams.effectiveIpolicy(cluster, g));
                case "custom_ipolicy" -> Json.tree(g.ipolicy());
                case "diskparams" -> Json.tree(cluster == null ? GroupParams.effectiveDisk(g)
                        : GroupParams.effectiveDisk(cluster, g));
                case "custom_diskparams" -> Json.tree(g.diskparams());
                case "ndparams" -> Json.tree(GroupParams.effectiveNd(g));
                case "custom_ndparams" -> Json.tree(g.ndparams());
                case "tags" -> Json.tree(g.tags());
                case "serial_no" -> F.numberNode(g.serial());
                case "ctime" -> time(g.ctime());
                case "mtime" -> time(g.mtime());
                default -> null;
            };
        }

        private static JsonNode time(java.time.Instant t) {
            return t == null ? F.nullNode() : F.numberNode(t.getEpochSecond() + t.getNano() / 1e9);
        }
    }
}
