package org.gnt.bus.view;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.Json;
import org.gnt.bus.config.DiskConfig;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NicConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.plugins.hypervisor.RuntimeInstance;

/**
 * Instance query fields with Ganeti's names and meanings ({@code gnt-instance list -o},
 * {@code GET /2/instances?bulk=1}).
 */
public final class InstanceFields {
    /** The fields of a RAPI bulk instance listing, as Ganeti returns them. */
    public static final List<String> BULK = List.of("admin_state", "admin_state_source", "beparams", "ctime",
            "disk.sizes", "disk.spindles", "disk_template", "disk_usage", "hvparams", "mtime", "name",
            "network_port", "nic.bridges", "nic.ips", "nic.links", "nic.macs", "nic.modes", "nic.names",
            "nic.networks", "nic.uuids", "oper_ram", "oper_state", "oper_vcpus", "os", "osparams", "pnode",
            "serial_no", "snodes", "status", "tags", "uuid", "disk.names", "disk.uuids", "hypervisor",
            "custom_beparams", "custom_hvparams");
    public static final List<String> DEFAULT_LIST = List.of("name", "hypervisor", "os", "pnode", "status", "oper_ram");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private InstanceFields() {
    }

    public static ObjectNode fields(ClusterRead read, InstanceConfig i, List<String> fields) {
        Optional<RuntimeInstance> rt = read.runtime(i);
        ObjectNode o = F.objectNode();
        for (String f : fields) {
            o.set(f, field(read, i, rt, f));
        }
        return o;
    }

    /** One field's value; unknown fields are null, as Ganeti reports them unavailable. */
    public static JsonNode field(ClusterRead read, InstanceConfig i, Optional<RuntimeInstance> rt, String f) {
        Optional<NodeConfig> pnode = read.primaryNode(i);
        boolean running = rt.map(r -> r.state() == RuntimeInstance.RunState.RUNNING
                || r.state() == RuntimeInstance.RunState.PAUSED).orElse(false);
        return switch (f) {
            case "name" -> F.textNode(i.name());
            case "uuid" -> F.textNode(i.uuid());
            case "os" -> F.textNode(i.os());
            case "hypervisor" -> F.textNode(i.hypervisor());
            case "pnode" -> pnode.<JsonNode>map(n -> F.textNode(n.name())).orElse(F.nullNode());
            case "pnode.group" -> F.textNode("default");
            case "snodes" -> F.arrayNode();
            case "admin_state" -> F.textNode(i.adminState());
            case "admin_state_source" -> F.textNode(i.adminStateSource() == null ? "admin" : i.adminStateSource());
            case "admin_up" -> F.booleanNode("up".equals(i.adminState()));
            case "oper_state" -> F.booleanNode(running);
            case "status" -> F.textNode(status(read, i, pnode, running,
                    rt.map(r -> r.state() == RuntimeInstance.RunState.SHUTDOWN).orElse(false)));
            case "oper_ram" -> rt.<JsonNode>map(r -> F.numberNode(r.memoryMib())).orElse(F.nullNode());
            case "oper_vcpus" -> rt.<JsonNode>map(r -> F.numberNode(r.vcpus())).orElse(F.nullNode());
            case "disk_template" -> F.textNode(i.diskTemplate());
            case "disk_usage" -> F.numberNode(i.disks().stream().mapToLong(DiskConfig::sizeMib).sum());
            case "disk.count" -> F.numberNode(i.disks().size());
            case "disk.sizes" -> array(i.disks().stream().map(d -> (Object) d.sizeMib()).toList());
            case "disk.spindles" -> array(i.disks().stream().map(d -> (Object) null).toList());
            case "disk.names" -> array(i.disks().stream().map(d -> (Object) d.name()).toList());
            case "disk.uuids" -> array(i.disks().stream().map(d -> (Object) d.uuid()).toList());
            case "nic.count" -> F.numberNode(i.nics().size());
            case "nic.macs" -> array(i.nics().stream().map(n -> (Object) n.mac()).toList());
            case "nic.ips" -> array(i.nics().stream().map(n -> (Object) n.ip()).toList());
            case "nic.modes" -> array(i.nics().stream().map(n -> (Object) n.mode()).toList());
            case "nic.links", "nic.bridges" -> array(i.nics().stream().map(n -> (Object) n.link()).toList());
            case "nic.names" -> array(i.nics().stream().map(n -> (Object) n.name()).toList());
            case "nic.networks" -> array(i.nics().stream().map(n -> (Object) n.network()).toList());
            case "nic.uuids" -> array(i.nics().stream().map(NicConfig::uuid).map(u -> (Object) u).toList());
            case "beparams" -> Json.tree(filledBe(read, i));
            case "custom_beparams" -> Json.tree(i.beparams());
            case "hvparams" -> Json.tree(filledHv(read, i));
            case "custom_hvparams" -> Json.tree(i.hvparams());
            case "osparams" -> Json.tree(i.osparams());
            case "be/memory", "be/maxmem" -> Json.tree(filledBe(read, i).get("maxmem"));
            case "be/minmem" -> Json.tree(filledBe(read, i).get("minmem"));
            case "be/vcpus" -> Json.tree(filledBe(read, i).get("vcpus"));
            case "network_port" -> F.nullNode();
            case "tags" -> Json.tree(i.tags());
            case "ctime" -> F.numberNode(i.ctime() == null ? 0 : i.ctime().toEpochMilli() / 1000.0);
            case "mtime" -> F.numberNode(i.mtime() == null ? 0 : i.mtime().toEpochMilli() / 1000.0);
            case "serial_no" -> F.numberNode(i.serial());
            default -> F.nullNode();
        };
    }

    /**
     * Ganeti's instance status: running, ADMIN_down, ERROR_down, ERROR_up, ERROR_nodedown, … A
     * guest that shut itself down while its hypervisor keeps it (kvm's user_shutdown) is USER_down.
     */
    static String status(ClusterRead read, InstanceConfig i, Optional<NodeConfig> pnode, boolean running,
                         boolean userShutdown) {
        if (pnode.isEmpty()) {
            return "ERROR_nodedown";
        }
        if (pnode.get().offline()) {
            return "ERROR_nodeoffline";
        }
        if ("offline".equals(i.adminState())) {
            return "ADMIN_offline";
        }
        if (!read.isLiveCached(pnode.get().name())) {
            return "ERROR_nodedown";
        }
        boolean up = "up".equals(i.adminState());
        if (userShutdown) {
            return "USER_down";
        }
        if (running) {
            return up ? "running" : "ERROR_up";
        }
        if (!up && "user".equals(i.adminStateSource())) {
            return "USER_down";
        }
        return up ? "ERROR_down" : "ADMIN_down";
    }

    private static Map<String, Object> filledBe(ClusterRead read, InstanceConfig i) {
        Map<String, Object> be = new java.util.TreeMap<>(read.config().cluster().map(c -> c.beparams()).orElse(Map.of()));
        be.putAll(i.beparams());
        return be;
    }

    private static Map<String, Object> filledHv(ClusterRead read, InstanceConfig i) {
        Map<String, Object> hv = new java.util.TreeMap<>(read.config().cluster()
                .map(c -> c.hvparams().getOrDefault(i.hypervisor(), Map.of())).orElse(Map.of()));
        hv.putAll(i.hvparams());
        return hv;
    }

    private static ArrayNode array(List<Object> values) {
        ArrayNode a = F.arrayNode();
        values.forEach(v -> a.add(Json.tree(v)));
        return a;
    }
}
