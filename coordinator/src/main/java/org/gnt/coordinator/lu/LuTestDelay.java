package org.gnt.coordinator.lu;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.gnt.bus.opcode.OpTestDelay;
import org.gnt.bus.rpc.NodeCommand;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockLevel;
import org.gnt.coordinator.locks.LockRequest;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/** OP_TEST_DELAY: sleeps on the master and/or the named nodes, {@code repeat} + 1 times. */
public final class LuTestDelay implements LogicalUnit<OpTestDelay> {
    @Override
    public List<LockRequest> locks(OpTestDelay op, ConfigStore config) {
        if (op.noLocks()) {
            return List.of();
        }
        List<LockRequest> l = new java.util.ArrayList<>();
        op.onInstances().forEach(i -> l.add(LockRequest.exclusive(LockLevel.INSTANCE, i)));
        op.onNodes().forEach(n -> l.add(LockRequest.exclusive(LockLevel.NODE, n)));
        return l;
    }

    @Override
    public void checkPrereq(OpTestDelay op, LuContext ctx) {
        op.onInstances().forEach(i -> LuSupport.instance(ctx.config(), i));
        op.onNodes().forEach(n -> LuSupport.requireOnline(LuSupport.node(ctx.config(), n)));
    }

    @Override
    public JsonNode exec(OpTestDelay op, LuContext ctx) {
        for (int i = 0; i <= op.repeat(); i++) {
            if (op.repeat() > 0) {
                ctx.log("Test delay iteration " + i + "/" + op.repeat());
            }
            if (op.onMaster() && op.duration() > 0) {
                ctx.step("delay-" + i + "-master", () -> {
                    sleep(op.duration());
                    return null;
                });
            }
            for (String n : op.onNodes()) {
                ctx.rpcStep("delay-" + i + "-" + n, n, new NodeCommand.TestDelay(op.duration()),
                        Duration.ofMillis((long) (op.duration() * 1000) + 30_000));
            }
        }
        return NullNode.instance;
    }

    private static void sleep(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException(ErrorKind.ENVIRON, "Delay interrupted");
        }
    }
}
