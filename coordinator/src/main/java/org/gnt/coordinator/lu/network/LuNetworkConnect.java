package org.gnt.coordinator.lu.network;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.config.GroupNetwork;
import org.gnt.bus.config.NetworkConfig;
import org.gnt.bus.opcode.OpNetworkConnect;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockLevel;
import org.gnt.coordinator.locks.LockRequest;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * OP_NETWORK_CONNECT (LUNetworkConnect): stores the mode, link and VLAN in the group's
 * {@code networks}. Connecting again with the same parameters is a no-op with a warning; with
 * different ones it is refused (disconnect first). With {@code conflicts_check} (the default), a
 * NIC of the group's instances holding an address inside the network refuses the connection.
 */
public final class LuNetworkConnect implements LogicalUnit<OpNetworkConnect> {
    @Override
    public List<LockRequest> locks(OpNetworkConnect op, ConfigStore config) {
        return List.of(LockRequest.exclusive(LockLevel.NODEGROUP, op.groupName()),
                LockRequest.shared(LockLevel.NETWORK, op.networkName()));
    }

    @Override
    public void checkPrereq(OpNetworkConnect op, LuContext ctx) {
        NetworkConfig n = Networks.lookup(ctx.config(), op.networkName());
        GroupConfig g = Networks.group(ctx.config(), op.groupName());
        GroupNetwork existing = g.networks().get(n.uuid());
        if (existing != null) {
            if (!existing.equals(op.link()) && !ctx.resumed()) {
                throw new PluginException(ErrorKind.STATE, "Network '" + n.name() + "' is already connected to group '"
                        + g.name() + "' as " + existing.describe(g.name()) + "; disconnect it first");
            }
            return;
        }
        if (op.checkConflicts()) {
            List<String> conflicts = Networks.conflicts(ctx.config(), n, g);
            if (!conflicts.isEmpty()) {
                throw new PluginException(ErrorKind.STATE, "Conflicting IP addresses found in group '" + g.name()
                        + "': " + String.join(", ", conflicts) + "; remove or modify these network interfaces");
            }
        }
    }

    @Override
    public JsonNode exec(OpNetworkConnect op, LuContext ctx) {
        NetworkConfig n = Networks.lookup(ctx.config(), op.networkName());
        GroupConfig g = Networks.group(ctx.config(), op.groupName());
        if (g.networks().containsKey(n.uuid())) {
            ctx.log("WARNING: Network '" + n.name() + "' is already mapped to group '" + g.name() + "'");
            return NullNode.instance;
        }
        ctx.config().updateGroup(g.withNetwork(n.uuid(), op.link(), Instant.now()));
        ctx.log("Network " + n.name() + " connected to group " + g.name() + " (" + op.networkMode() + ", "
                + op.networkLink() + ")");
        return NullNode.instance;
    }
}
