package org.gnt.coordinator.lu;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.Json;
import org.gnt.bus.config.DiskConfig;
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.opcode.OpGroupVerifyDisks;
import org.gnt.bus.state.NodeState;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockRequest;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * OP_GROUP_VERIFY_DISKS (LUGroupVerifyDisks): the disks of the group's instances that should be
 * active (admin state up) against the disks each node reports on the bus. The result is Ganeti's
 * triple {@code [{node: error}, [instance needing activate-disks], {instance: [[node, volume]]}]}.
 *
 * <p>Our disks have no "inactive" state to repair (a file needs no assembly), so the middle list
 * is always empty; a disk not present on its node is missing. Unlike Ganeti, which silently skips
 * offline nodes (their disks then show as missing), an offline node is listed with the nodes that
 * could not be asked, so its instances read "cannot be verified" rather than "missing volumes".
 */
public final class LuGroupVerifyDisks implements LogicalUnit<OpGroupVerifyDisks> {
    @Override
    public List<LockRequest> locks(OpGroupVerifyDisks op, ConfigStore config) {
        return List.of(); // reads one config snapshot and the nodes' inventories, changes nothing
    }

    @Override
    public void checkPrereq(OpGroupVerifyDisks op, LuContext ctx) {
        group(op, ctx);
    }

    private static GroupConfig group(OpGroupVerifyDisks op, LuContext ctx) {
        return ctx.config().groupByName(op.groupName()).orElseThrow(() -> new PluginException(ErrorKind.NOENT,
                "Group '" + op.groupName() + "' not found"));
    }

    @Override
    public JsonNode exec(OpGroupVerifyDisks op, LuContext ctx) {
        ConfigStore cfg = ctx.config();
        GroupConfig group = group(op, ctx);
        List<NodeConfig> nodes = cfg.nodes().stream().filter(n -> n.group().equals(group.uuid())).toList();
        Map<String, String> nodeOfUuid = new HashMap<>();
        nodes.forEach(n -> nodeOfUuid.put(n.uuid(), n.name()));
        Map<String, String> nodeErrors = new TreeMap<>();
        Map<String, NodeState> reported = new HashMap<>();
        Instant now = Instant.now();
        for (NodeConfig n : nodes) {
            Optional<String> problem = problem(n, ctx, now);
            if (problem.isPresent()) {
                nodeErrors.put(n.name(), problem.get());
            } else {
                reported.put(n.name(), ctx.inventory().get(n.name()).orElseThrow());
            }
        }
        Map<String, ArrayNode> missing = new TreeMap<>();
        for (InstanceConfig i : cfg.instances()) {
            if (!"up".equals(i.adminState())) {
                continue; // Ganeti looks only at instances whose disks should be active
            }
            for (String node : VerifyGroupChecks.nodesOf(i, nodeOfUuid)) {
                NodeState st = reported.get(node);
                for (DiskConfig d : i.disks()) {
                    if (d.ref() == null) {
                        continue;
                    }
                    boolean absent = st == null
                            || st.volumes().containsKey(d.ref().driver())
                            && !st.volumes().get(d.ref().driver()).contains(d.ref().id());
                    if (absent) {
                        missing.computeIfAbsent(i.name(), k -> Json.MAPPER.createArrayNode())
                                .add(Json.MAPPER.createArrayNode().add(node).add(VerifyGroupChecks.volumeName(d)));
                    }
                }
            }
        }
        ArrayNode result = Json.MAPPER.createArrayNode();
        ObjectNode errors = result.addObject();
        nodeErrors.forEach(errors::put);
        result.addArray();
        ObjectNode miss = result.addObject();
        missing.forEach(miss::set);
        ctx.log("Verified disks of group " + group.name() + ": " + nodeErrors.size() + " node(s) with errors, "
                + missing.size() + " instance(s) with missing disks");
        return result;
    }

    /** Why this node's disks cannot be listed, if they cannot. */
    private static Optional<String> problem(NodeConfig n, LuContext ctx, Instant now) {
        if (n.offline()) {
            return Optional.of("Node is marked offline");
        }
        if (!ctx.isLive(n.name())) {
            return Optional.of("node is not reachable: its node service is not running");
        }
        Optional<NodeState> st = ctx.inventory().get(n.name());
        if (st.isEmpty() || st.get().time() == null) {
            return Optional.of("node has not reported its inventory");
        }
        long age = Duration.between(st.get().time(), now).toSeconds();
        if (age > LuClusterVerifyGroup.STALE.toSeconds()) {
            return Optional.of("node's last inventory is " + age + " s old");
        }
        return Optional.empty();
    }
}
