package org.gnt.coordinator.lu.network;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.config.NetworkConfig;
import org.gnt.bus.opcode.OpNetworkDisconnect;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockLevel;
import org.gnt.coordinator.locks.LockRequest;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * OP_NETWORK_DISCONNECT (LUNetworkDisconnect): refused while instances of the group have a NIC on
 * the network; disconnecting a network that is not connected is a no-op with a warning.
 */
public final class LuNetworkDisconnect implements LogicalUnit<OpNetworkDisconnect> {
    @Override
    public List<LockRequest> locks(OpNetworkDisconnect op, ConfigStore config) {
        return List.of(LockRequest.exclusive(LockLevel.NODEGROUP, op.groupName()),
                LockRequest.shared(LockLevel.NETWORK, op.networkName()));
    }

    @Override
    public void checkPrereq(OpNetworkDisconnect op, LuContext ctx) {
        NetworkConfig n = Networks.lookup(ctx.config(), op.networkName());
        GroupConfig g = Networks.group(ctx.config(), op.groupName());
        if (!g.networks().containsKey(n.uuid())) {
            return;
        }
        List<String> users = Networks.users(ctx.config(), n, g);
        if (!users.isEmpty()) {
            throw new PluginException(ErrorKind.STATE, "Network '" + n.name() + "' is in use by instance(s) of group '"
                    + g.name() + "': " + String.join(", ", users) + "; remove or modify their network interfaces");
        }
    }

    @Override
    public JsonNode exec(OpNetworkDisconnect op, LuContext ctx) {
        NetworkConfig n = Networks.lookup(ctx.config(), op.networkName());
        GroupConfig g = Networks.group(ctx.config(), op.groupName());
        if (!g.networks().containsKey(n.uuid())) {
            ctx.log("WARNING: Network '" + n.name() + "' is not mapped to group '" + g.name() + "'");
            return NullNode.instance;
        }
        ctx.config().updateGroup(g.withNetwork(n.uuid(), null, Instant.now()));
        ctx.log("Network " + n.name() + " disconnected from group " + g.name());
        return NullNode.instance;
    }
}
