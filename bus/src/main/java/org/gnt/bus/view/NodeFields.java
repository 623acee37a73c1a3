package org.gnt.bus.view;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.Json;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.state.NodeState;
import org.gnt.plugins.disk.StorageSpace;
import org.gnt.plugins.hypervisor.NodeResources;

/**
 * Node query fields with Ganeti's names ({@code gnt-node list -o}, {@code GET /2/nodes?bulk=1}).
 * Build one {@link Snapshot} per request: it counts instances per node once.
 */
public final class NodeFields {
    public static final List<String> BULK = List.of("cnodes", "cnos", "csockets", "ctime", "ctotal", "dfree",
            "drained", "dtotal", "group.uuid", "master_candidate", "master_capable", "mfree", "mnode", "mtime",
            "mtotal", "name", "offline", "pinst_cnt", "pinst_list", "pip", "role", "serial_no", "sinst_cnt",
            "sinst_list", "sip", "spfree", "sptotal", "tags", "uuid", "vm_capable", "ndparams");
    public static final List<String> DEFAULT_LIST = List.of("name", "dtotal", "dfree", "mtotal", "mnode", "mfree",
            "pinst_cnt", "sinst_cnt");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private NodeFields() {
    }

    /** The instances on each node, counted once for a whole listing. */
    public static final class Snapshot {
        private final ClusterRead read;
        private final Map<String, List<String>> primaries = new HashMap<>();

        public Snapshot(ClusterRead read) {
            this.read = read;
            for (InstanceConfig i : read.config().instances()) {
                primaries.computeIfAbsent(i.primaryNode(), k -> new java.util.ArrayList<>()).add(i.name());
            }
        }

        public ObjectNode fields(NodeConfig n, List<String> fields) {
            ObjectNode o = F.objectNode();
            for (String f : fields) {
                o.set(f, field(n, f));
            }
            return o;
        }

        public JsonNode field(NodeConfig n, String f) {
            Optional<NodeState> inv = read.inventory().get(n.name());
            Optional<NodeResources> res = inv.flatMap(s -> s.hypervisors().values().stream().findFirst());
            Optional<StorageSpace> disk = inv.flatMap(s -> s.storage().values().stream().findFirst());
            boolean live = read.isLiveCached(n.name()) && !n.offline();
            List<String> pinst = primaries.getOrDefault(n.uuid(), List.of());
            return switch (f) {
                case "name" -> F.textNode(n.name());
                case "uuid" -> F.textNode(n.uuid());
                case "pip" -> F.textNode(n.primaryIp());
                case "sip" -> F.textNode(n.secondaryIp());
                case "group", "group.uuid" -> F.textNode(n.group());
                case "offline" -> F.booleanNode(n.offline());
                case "drained" -> F.booleanNode(n.drained());
                case "master_candidate" -> F.booleanNode(n.masterCandidate());
                case "master_capable" -> F.booleanNode(n.masterCapable());
                case "vm_capable" -> F.booleanNode(n.vmCapable());
                case "master" -> F.booleanNode(false);
                case "role" -> F.textNode(n.role());
                case "pinst_cnt" -> F.numberNode(pinst.size());
                case "sinst_cnt" -> F.numberNode(0);
                case "pinst_list" -> Json.tree(pinst.stream().sorted().toList());
                case "sinst_list" -> F.arrayNode();
                case "mtotal" -> live ? res.<JsonNode>map(r -> F.numberNode(r.memoryTotalMib())).orElse(F.nullNode()) : F.nullNode();
                case "mfree" -> live ? res.<JsonNode>map(r -> F.numberNode(r.memoryFreeMib())).orElse(F.nullNode()) : F.nullNode();
                case "mnode" -> live ? res.<JsonNode>map(r -> F.numberNode(r.memoryDom0Mib())).orElse(F.nullNode()) : F.nullNode();
                case "ctotal", "cnos" -> live ? res.<JsonNode>map(r -> F.numberNode(r.cpuTotal())).orElse(F.nullNode()) : F.nullNode();
                case "cnodes", "csockets" -> live ? F.numberNode(1) : F.nullNode();
                case "dtotal", "sptotal" -> live ? disk.<JsonNode>map(d -> F.numberNode(d.totalMib())).orElse(F.nullNode()) : F.nullNode();
                case "dfree", "spfree" -> live ? disk.<JsonNode>map(d -> F.numberNode(d.freeMib())).orElse(F.nullNode()) : F.nullNode();
                case "powered" -> F.booleanNode(true);
                case "tags" -> Json.tree(n.tags());
                case "ndparams" -> Json.tree(n.ndparams());
                case "serial_no" -> F.numberNode(1);
                case "ctime" -> F.numberNode(n.ctime() == null ? 0 : n.ctime().toEpochMilli() / 1000.0);
                case "mtime" -> F.numberNode(n.mtime() == null ? 0 : n.mtime().toEpochMilli() / 1000.0);
                default -> F.nullNode();
            };
        }
    }
}
