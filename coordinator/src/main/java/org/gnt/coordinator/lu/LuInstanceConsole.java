package org.gnt.coordinator.lu;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.Json;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.opcode.OpInstanceConsole;
import org.gnt.bus.rpc.NodeCommand;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockLevel;
import org.gnt.coordinator.locks.LockRequest;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.hypervisor.ConsoleInfo;

/**
 * OP_INSTANCE_CONSOLE: asks the primary node's hypervisor how to reach the console and answers
 * Ganeti's InstanceConsole dict, with only the keys that apply to its kind (Ganeti leaves the
 * others out). An ssh console without a host gets the primary node's name.
 */
public final class LuInstanceConsole implements LogicalUnit<OpInstanceConsole> {
    @Override
    public List<LockRequest> locks(OpInstanceConsole op, ConfigStore config) {
        // read-only: shared, so a console query never waits behind another reader
        return InstanceLocks.instanceAndPrimary(op.instanceName(), config, false).stream()
                .map(l -> l.level() == LockLevel.INSTANCE ? LockRequest.shared(LockLevel.INSTANCE, l.name()) : l)
                .toList();
    }

    @Override
    public void checkPrereq(OpInstanceConsole op, LuContext ctx) {
        InstanceConfig i = LuSupport.instance(ctx.config(), op.instanceName());
        NodeConfig node = LuSupport.primaryNode(ctx.config(), i);
        LuSupport.requireOnline(node);
        if (!InstanceRuntime.isRunning(ctx, node, i)) {
            String state = switch (i.adminState()) {
                case "up" -> "ERROR_down";
                case "offline" -> "ADMIN_offline";
                default -> "ADMIN_down";
            };
            throw new PluginException(ErrorKind.STATE, "Instance " + i.name() + " is not running (state " + state + ")");
        }
    }

    @Override
    public JsonNode exec(OpInstanceConsole op, LuContext ctx) {
        InstanceConfig i = LuSupport.instance(ctx.config(), op.instanceName());
        NodeConfig node = LuSupport.primaryNode(ctx.config(), i);
        ConsoleInfo c = ctx.rpc(node.name(), new NodeCommand.InstanceConsole(i.hypervisor(),
                LuSupport.spec(ctx.config().cluster(), i)), Duration.ofSeconds(30), ConsoleInfo.class);
        if (c == null) {
            throw new PluginException(ErrorKind.FAULT, "Node " + node.name() + " gave no console information");
        }
        String host = c.host().isEmpty() && !c.kind().equals(ConsoleInfo.MESSAGE) ? node.name() : c.host();
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("instance", i.name());
        out.put("kind", c.kind());
        switch (c.kind()) {
            case ConsoleInfo.MESSAGE -> out.put("message", c.message());
            case ConsoleInfo.SSH -> {
                out.put("host", host);
                out.put("user", c.user().isEmpty() ? "root" : c.user());
                out.set("command", Json.tree(c.command()));
            }
            default -> {
                out.put("host", host);
                out.put("port", c.port());
                if (c.kind().equals(ConsoleInfo.VNC)) {
                    out.put("display", c.display());
                }
            }
        }
        return out;
    }
}
