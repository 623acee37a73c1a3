package org.gnt.coordinator.lu.group;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.bus.Json;
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.config.GroupParams;
import org.gnt.bus.opcode.OpGroupSetParams;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockLevel;
import org.gnt.coordinator.locks.LockRequest;

/**
 * OP_GROUP_SET_PARAMS (LUGroupSetParams): merges the changes into the group's own parameters;
 * the result lists each change as {@code [name, new value]}, as Ganeti's.
 */
public final class LuGroupSetParams implements LogicalUnit<OpGroupSetParams> {
    @Override
    public List<LockRequest> locks(OpGroupSetParams op, ConfigStore config) {
        return List.of(LockRequest.exclusive(LockLevel.NODEGROUP, op.groupName()));
    }

    @Override
    public void checkPrereq(OpGroupSetParams op, LuContext ctx) {
        updated(op, Groups.lookup(ctx.config(), op.groupName()));
    }

    private static GroupConfig updated(OpGroupSetParams op, GroupConfig g) {
        return g.withParams(op.allocPolicy() == null ? g.allocPolicy() : op.allocPolicy(),
                op.ndparams() == null ? g.ndparams() : GroupParams.updatedNd(g.ndparams(), op.ndparams()),
                op.diskparams() == null ? g.diskparams() : GroupParams.updatedDisk(g.diskparams(), op.diskparams()),
                op.ipolicy() == null ? g.ipolicy() : GroupParams.updatedIpolicy(g.ipolicy(), op.ipolicy()),
                Instant.now());
    }

    @Override
    public JsonNode exec(OpGroupSetParams op, LuContext ctx) {
        GroupConfig g = Groups.lookup(ctx.config(), op.groupName());
        GroupConfig nu = updated(op, g);
        // idempotent: applying the same change again after a master failover gives the same group
        ctx.config().updateGroup(nu);
        List<List<Object>> changes = new ArrayList<>();
        if (op.allocPolicy() != null) {
            changes.add(List.of("alloc_policy", nu.allocPolicy()));
        }
        if (op.ndparams() != null) {
            changes.add(List.of("ndparams", nu.ndparams()));
        }
        if (op.diskparams() != null) {
            changes.add(List.of("diskparams", nu.diskparams()));
        }
        if (op.ipolicy() != null) {
            changes.add(List.of("ipolicy", nu.ipolicy()));
        }
        ctx.log("Node group " + g.name() + " modified: " + String.join(", ",
                changes.stream().map(c -> (String) c.get(0)).toList()));
        return Json.tree(changes);
    }
}
