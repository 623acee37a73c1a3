package org.gnt.coordinator.lu.network;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.gnt.bus.config.NetworkConfig;
import org.gnt.bus.opcode.OpNetworkRemove;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockLevel;
import org.gnt.coordinator.locks.LockRequest;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * OP_NETWORK_REMOVE (LUNetworkRemove): refused while the network is connected to a node group or
 * an instance NIC is on it ({@code force} does not override either, as in Ganeti).
 */
public final class LuNetworkRemove implements LogicalUnit<OpNetworkRemove> {
    @Override
    public List<LockRequest> locks(OpNetworkRemove op, ConfigStore config) {
        return List.of(LockRequest.exclusive(LockLevel.NETWORK, op.networkName()));
    }

    @Override
    public void checkPrereq(OpNetworkRemove op, LuContext ctx) {
        if (ctx.resumed() && ctx.config().networkByName(op.networkName()).isEmpty()) {
            return; // removed by the run that died
        }
        NetworkConfig n = Networks.lookup(ctx.config(), op.networkName());
        List<String> groups = Networks.connectedGroups(ctx.config(), n);
        if (!groups.isEmpty()) {
            throw new PluginException(ErrorKind.STATE, "Network '" + n.name()
                    + "' is still connected to the following node group(s): " + String.join(", ", groups));
        }
        List<String> users = Networks.users(ctx.config(), n, null);
        if (!users.isEmpty()) {
            throw new PluginException(ErrorKind.STATE, "Network '" + n.name()
                    + "' is in use by the following instance(s): " + String.join(", ", users));
        }
    }

    @Override
    public JsonNode exec(OpNetworkRemove op, LuContext ctx) {
        ctx.config().networkByName(op.networkName()).or(() -> ctx.config().network(op.networkName())).ifPresent(n -> {
            ctx.config().removeNetwork(n);
            ctx.log("Network " + n.name() + " removed");
        });
        return NullNode.instance;
    }
}
