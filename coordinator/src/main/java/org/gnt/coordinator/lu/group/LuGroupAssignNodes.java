package org.gnt.coordinator.lu.group;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.opcode.OpGroupAssignNodes;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockLevel;
import org.gnt.coordinator.locks.LockRequest;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * OP_GROUP_ASSIGN_NODES (LUGroupAssignNodes): moves nodes into a group, all in one config
 * transaction. As Ganeti, a move that would leave an instance with nodes in two groups is refused
 * unless {@code force}; instances that were split already only get a warning.
 */
public final class LuGroupAssignNodes implements LogicalUnit<OpGroupAssignNodes> {
    @Override
    public List<LockRequest> locks(OpGroupAssignNodes op, ConfigStore config) {
        List<LockRequest> l = new ArrayList<>();
        Set<String> groups = new TreeSet<>(List.of(op.groupName()));
        for (String n : op.nodes()) {
            config.nodeByName(n).flatMap(c -> config.group(c.group())).ifPresent(g -> groups.add(g.name()));
            l.add(LockRequest.exclusive(LockLevel.NODE, n));
        }
        groups.forEach(g -> l.add(LockRequest.exclusive(LockLevel.NODEGROUP, g)));
        return l;
    }

    @Override
    public void checkPrereq(OpGroupAssignNodes op, LuContext ctx) {
        ConfigStore cfg = ctx.config();
        GroupConfig target = Groups.lookup(cfg, op.groupName());
        Map<String, String> after = new HashMap<>();
        cfg.nodes().forEach(n -> after.put(n.uuid(), n.group()));
        Map<String, String> before = Map.copyOf(after);
        for (NodeConfig n : nodes(op, cfg)) {
            after.put(n.uuid(), target.uuid());
        }
        List<String> newSplits = new ArrayList<>();
        List<String> oldSplits = new ArrayList<>();
        for (InstanceConfig i : cfg.instances()) {
            boolean wasSplit = groupsOf(i, before).size() > 1;
            if (groupsOf(i, after).size() > 1) {
                (wasSplit ? oldSplits : newSplits).add(i.name());
            }
        }
        if (!newSplits.isEmpty()) {
            String names = String.join(", ", newSplits.stream().sorted().toList());
            if (!op.force()) {
                throw new PluginException(ErrorKind.STATE, "The following instances get split by this change and"
                        + " --force was not given: " + names);
            }
            ctx.log("WARNING: This operation will split the following instances: " + names);
        }
        if (!oldSplits.isEmpty()) {
            ctx.log("WARNING: These already-split instances continue to be split across groups: "
                    + String.join(", ", oldSplits.stream().sorted().toList()));
        }
    }

    private static List<NodeConfig> nodes(OpGroupAssignNodes op, ConfigStore cfg) {
        List<NodeConfig> out = new ArrayList<>();
        for (String name : op.nodes()) {
            out.add(cfg.nodeByName(name).orElseThrow(() ->
                    new PluginException(ErrorKind.NOENT, "Node '" + name + "' not known")));
        }
        return out;
    }

    /**
     * The groups an instance's nodes are in. Only the primary node is modelled so far (no DRBD
     * secondaries), so today an instance is never split; the check is here for when they are.
     */
    private static Set<String> groupsOf(InstanceConfig i, Map<String, String> groupOfNode) {
        Set<String> g = new TreeSet<>();
        String primary = groupOfNode.get(i.primaryNode());
        if (primary != null) {
            g.add(primary);
        }
        return g;
    }

    @Override
    public JsonNode exec(OpGroupAssignNodes op, LuContext ctx) {
        GroupConfig target = Groups.lookup(ctx.config(), op.groupName());
        Instant now = Instant.now();
        List<NodeConfig> moved = nodes(op, ctx.config()).stream()
                .filter(n -> !target.uuid().equals(n.group()))
                .map(n -> n.withGroup(target.uuid(), now)).toList();
        if (!moved.isEmpty()) {
            ctx.config().updateNodes(moved);
        }
        ctx.log("Assigned " + moved.size() + " node(s) to group " + target.name());
        return NullNode.instance;
    }
}
