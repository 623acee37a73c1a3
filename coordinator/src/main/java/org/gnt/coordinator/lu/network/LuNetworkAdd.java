package org.gnt.coordinator.lu.network;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.gnt.bus.config.AddressPool;
import org.gnt.bus.config.Ipv4Net;
import org.gnt.bus.config.NetworkConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.opcode.OpNetworkAdd;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockLevel;
import org.gnt.coordinator.locks.LockRequest;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * OP_NETWORK_ADD (LUNetworkAdd): a new network with its pool; network address, broadcast and
 * gateway are reserved externally, as are the requested addresses and (with {@code conflicts_check},
 * the default) the addresses of nodes inside the network. The name must be free.
 */
public final class LuNetworkAdd implements LogicalUnit<OpNetworkAdd> {
    @Override
    public List<LockRequest> locks(OpNetworkAdd op, ConfigStore config) {
        // the name is locked so two jobs adding the same name are serialised and the second refused
        return List.of(LockRequest.exclusive(LockLevel.NETWORK, op.networkName()));
    }

    @Override
    public void checkPrereq(OpNetworkAdd op, LuContext ctx) {
        ctx.config().networkByName(op.networkName()).ifPresent(n -> {
            if (!(ctx.resumed() && n.uuid().equals(ctx.stableUuid("network")))) {
                throw new PluginException(ErrorKind.EXISTS, "Network '" + op.networkName()
                        + "' already exists (UUID: " + n.uuid() + ")");
            }
        });
    }

    @Override
    public JsonNode exec(OpNetworkAdd op, LuContext ctx) {
        if (ctx.config().networkByName(op.networkName()).isPresent()) {
            return NullNode.instance; // committed by a master that died before finishing the job
        }
        Ipv4Net net = Ipv4Net.parse("network", op.network());
        List<String> ext = new java.util.ArrayList<>(AddressPool.initialExternal(net, op.gateway(),
                op.addReservedIps() == null ? List.of() : op.addReservedIps()));
        if (op.conflictsCheck() == null || op.conflictsCheck()) {
            reserveNodeAddresses(net, ext, ctx);
        }
        Instant now = Instant.now();
        NetworkConfig n = new NetworkConfig(NetworkConfig.VERSION, ctx.stableUuid("network"), op.networkName(),
                net.toString(), op.gateway(), op.network6(), op.gateway6(),
                op.macPrefix() == null ? null : Ipv4Net.macPrefix("mac_prefix", op.macPrefix()), List.of(), ext,
                op.tags(), now, now, 1);
        ctx.config().addNetwork(n);
        ctx.log("Network " + n.name() + " (" + n.network() + ") added (" + n.uuid() + ")");
        return NullNode.instance;
    }

    /** Ganeti's conflicts check on add: node addresses inside the new network are reserved externally. */
    private static void reserveNodeAddresses(Ipv4Net net, List<String> ext, LuContext ctx) {
        ctx.config().nodes().stream().sorted(java.util.Comparator.comparing(NodeConfig::name)).forEach(node -> {
            for (String ip : new java.util.LinkedHashSet<>(java.util.Arrays.asList(node.primaryIp(), node.secondaryIp()))) {
                if (ip != null && Ipv4Net.isAddress(ip) && net.contains(Ipv4Net.address("ip", ip)) && !ext.contains(ip)) {
                    ext.add(ip);
                    ctx.log("Reserved IP address of node '" + node.name() + "' (" + ip + ")");
                }
            }
        });
    }
}
