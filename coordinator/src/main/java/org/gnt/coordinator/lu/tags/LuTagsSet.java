package org.gnt.coordinator.lu.tags;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.gnt.bus.config.Tags;
import org.gnt.bus.opcode.OpTagsSet;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockRequest;

/** OP_TAGS_SET (LUTagsSet): adds tags; adding a tag the object has is a no-op, as a set. */
public final class LuTagsSet implements LogicalUnit<OpTagsSet> {
    @Override
    public List<LockRequest> locks(OpTagsSet op, ConfigStore config) {
        return List.of(target(op).lock());
    }

    private static TagTarget target(OpTagsSet op) {
        return new TagTarget(op.kind(), op.name());
    }

    @Override
    public void checkPrereq(OpTagsSet op, LuContext ctx) {
        Tags.added(target(op).tags(ctx.config()), op.tags());
    }

    @Override
    public JsonNode exec(OpTagsSet op, LuContext ctx) {
        TagTarget t = target(op);
        t.write(ctx.config(), Tags.added(t.tags(ctx.config()), op.tags()));
        ctx.log("Tags " + String.join(", ", op.tags()) + " added to " + t.describe());
        return NullNode.instance;
    }
}
