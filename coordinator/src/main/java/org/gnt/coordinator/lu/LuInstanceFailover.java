package org.gnt.coordinator.lu;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.opcode.OpInstanceFailover;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockRequest;

/**
 * OP_INSTANCE_FAILOVER: stop, switch primary, start (when marked up) for an externally mirrored
 * instance. An offline primary is not called (as Ganeti proceeds when it cannot shut it down).
 */
public final class LuInstanceFailover implements LogicalUnit<OpInstanceFailover> {
    @Override
    public List<LockRequest> locks(OpInstanceFailover op, ConfigStore config) {
        return MigrationChecks.locks(op.instanceName(), op.targetNode(), config);
    }

    @Override
    public void checkPrereq(OpInstanceFailover op, LuContext ctx) {
        InstanceConfig i = LuSupport.instance(ctx.config(), op.instanceName());
        MigrationChecks.requireMovableTemplate(i, "failovers");
        NodeConfig target = MigrationChecks.target(ctx, i, op.targetNode(), op.iallocator(),
                "up".equals(i.adminState()));
        MigrationChecks.requireDisksVisible(ctx, i, target);
    }

    @Override
    public JsonNode exec(OpInstanceFailover op, LuContext ctx) {
        InstanceConfig i = LuSupport.instance(ctx.config(), op.instanceName());
        NodeConfig source = LuSupport.primaryNode(ctx.config(), i);
        NodeConfig target = LuSupport.node(ctx.config(), op.targetNode());
        if (op.cleanup()) {
            ctx.log("cleanup has no effect on a failover");
        }
        InstanceFailover.run(ctx, i, source, target, (long) op.shutdownTimeout().doubleValue(), op.ignoreConsistency());
        return NullNode.instance;
    }
}
