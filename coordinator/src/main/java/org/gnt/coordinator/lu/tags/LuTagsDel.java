package org.gnt.coordinator.lu.tags;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.gnt.bus.config.Tags;
import org.gnt.bus.opcode.OpTagsDel;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockRequest;

/** OP_TAGS_DEL (LUTagsDel): removes tags; naming a tag the object lacks refuses the whole job. */
public final class LuTagsDel implements LogicalUnit<OpTagsDel> {
    @Override
    public List<LockRequest> locks(OpTagsDel op, ConfigStore config) {
        return List.of(target(op).lock());
    }

    private static TagTarget target(OpTagsDel op) {
        return new TagTarget(op.kind(), op.name());
    }

    @Override
    public void checkPrereq(OpTagsDel op, LuContext ctx) {
        if (ctx.resumed()) {
            return; // the run that died may have removed them already; exec removes what is left
        }
        Tags.removed(target(op).tags(ctx.config()), op.tags());
    }

    @Override
    public JsonNode exec(OpTagsDel op, LuContext ctx) {
        TagTarget t = target(op);
        List<String> current = t.tags(ctx.config());
        t.write(ctx.config(), Tags.removed(current, op.tags().stream().filter(current::contains).toList()));
        ctx.log("Tags " + String.join(", ", op.tags()) + " removed from " + t.describe());
        return NullNode.instance;
    }
}
