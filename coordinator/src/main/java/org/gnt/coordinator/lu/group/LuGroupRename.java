package org.gnt.coordinator.lu.group;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.opcode.OpGroupRename;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockLevel;
import org.gnt.coordinator.locks.LockRequest;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/** OP_GROUP_RENAME (LUGroupRename): the new name must be free; the result is the new name. */
public final class LuGroupRename implements LogicalUnit<OpGroupRename> {
    @Override
    public List<LockRequest> locks(OpGroupRename op, ConfigStore config) {
        // both names: an add of the new name cannot slip in between check and commit
        if (op.groupName().equals(op.newName())) {
            return List.of(LockRequest.exclusive(LockLevel.NODEGROUP, op.groupName()));
        }
        return List.of(LockRequest.exclusive(LockLevel.NODEGROUP, op.groupName()),
                LockRequest.exclusive(LockLevel.NODEGROUP, op.newName()));
    }

    @Override
    public void checkPrereq(OpGroupRename op, LuContext ctx) {
        if (ctx.resumed() && ctx.config().groupByName(op.groupName()).isEmpty()
                && ctx.config().groupByName(op.newName()).isPresent()) {
            return; // renamed by the run that died
        }
        Groups.lookup(ctx.config(), op.groupName());
        var clash = ctx.config().groupByName(op.newName());
        if (clash.isPresent()) {
            throw new PluginException(ErrorKind.EXISTS, "Desired new name '" + op.newName()
                    + "' clashes with existing node group (UUID: " + clash.get().uuid() + ")");
        }
    }

    @Override
    public JsonNode exec(OpGroupRename op, LuContext ctx) {
        var g = ctx.config().groupByName(op.groupName());
        if (g.isPresent()) {
            GroupConfig renamed = g.get().withName(op.newName(), Instant.now());
            ctx.config().updateGroup(renamed);
            ctx.log("Node group " + op.groupName() + " renamed to " + op.newName());
        }
        return TextNode.valueOf(op.newName());
    }
}
