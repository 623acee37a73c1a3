package org.gnt.coordinator.lu.group;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.opcode.OpGroupRemove;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockLevel;
import org.gnt.coordinator.locks.LockRequest;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/** OP_GROUP_REMOVE (LUGroupRemove): only an empty group, and never the cluster's last one. */
public final class LuGroupRemove implements LogicalUnit<OpGroupRemove> {
    @Override
    public List<LockRequest> locks(OpGroupRemove op, ConfigStore config) {
        return List.of(LockRequest.exclusive(LockLevel.NODEGROUP, op.groupName()));
    }

    @Override
    public void checkPrereq(OpGroupRemove op, LuContext ctx) {
        if (ctx.resumed() && ctx.config().groupByName(op.groupName()).isEmpty()) {
            return; // removed by the run that died
        }
        GroupConfig g = Groups.lookup(ctx.config(), op.groupName());
        List<NodeConfig> nodes = Groups.members(ctx.config(), g);
        if (!nodes.isEmpty()) {
            throw new PluginException(ErrorKind.STATE, "Group '" + g.name() + "' not empty, has the following node(s): "
                    + String.join(", ", nodes.stream().map(NodeConfig::name).toList()));
        }
        if (ctx.config().groups().size() == 1) {
            throw new PluginException(ErrorKind.STATE, "Group '" + g.name() + "' is the only group, cannot be removed");
        }
    }

    @Override
    public JsonNode exec(OpGroupRemove op, LuContext ctx) {
        ctx.config().groupByName(op.groupName()).ifPresent(g -> {
            ctx.config().removeGroup(g);
            ctx.log("Node group " + g.name() + " removed");
        });
        return NullNode.instance;
    }
}
