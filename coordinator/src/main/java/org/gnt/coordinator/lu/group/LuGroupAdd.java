package org.gnt.coordinator.lu.group;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.config.GroupParams;
import org.gnt.bus.opcode.OpGroupAdd;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockLevel;
import org.gnt.coordinator.locks.LockRequest;

/** OP_GROUP_ADD (Ganeti's LUGroupAdd): a new group with no nodes; its name must be free. */
public final class LuGroupAdd implements LogicalUnit<OpGroupAdd> {
    @Override
    public List<LockRequest> locks(OpGroupAdd op, ConfigStore config) {
        // the name is locked so two jobs adding the same name are serialised and the second refused
        return List.of(LockRequest.exclusive(LockLevel.NODEGROUP, op.groupName()));
    }

    @Override
    public void checkPrereq(OpGroupAdd op, LuContext ctx) {
        var existing = ctx.config().groupByName(op.groupName());
        if (existing.isPresent() && !(ctx.resumed() && existing.get().uuid().equals(ctx.stableUuid("group")))) {
            Groups.requireNewName(ctx.config(), op.groupName());
        }
    }

    @Override
    public JsonNode exec(OpGroupAdd op, LuContext ctx) {
        if (ctx.config().groupByName(op.groupName()).isPresent()) {
            return NullNode.instance; // committed by a master that died before finishing the job
        }
        Instant now = Instant.now();
        GroupConfig g = new GroupConfig(GroupConfig.VERSION, ctx.stableUuid("group"), op.groupName(),
                op.allocPolicy() == null ? "preferred" : op.allocPolicy(), now, now,
                GroupParams.updatedNd(Map.of(), op.ndparams() == null ? Map.of() : op.ndparams()),
                GroupParams.updatedDisk(Map.of(), op.diskparams() == null ? Map.of() : op.diskparams()),
                GroupParams.updatedIpolicy(Map.of(), op.ipolicy() == null ? Map.of() : op.ipolicy()),
                List.of(), 1);
        ctx.config().addGroup(g);
        ctx.log("Node group " + g.name() + " added (" + g.uuid() + ")");
        return NullNode.instance;
    }
}
