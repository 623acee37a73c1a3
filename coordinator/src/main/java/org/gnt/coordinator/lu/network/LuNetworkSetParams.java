package org.gnt.coordinator.lu.network;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.gnt.bus.config.AddressPool;
import org.gnt.bus.config.Ipv4Net;
import org.gnt.bus.config.NetworkConfig;
import org.gnt.bus.opcode.OpNetworkSetParams;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockLevel;
import org.gnt.coordinator.locks.LockRequest;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * OP_NETWORK_SET_PARAMS (LUNetworkSetParams). A new gateway must lie in the network and be free
 * (the old one is released); reserving an address already reserved, or releasing one that is not
 * or the gateway, is skipped with a warning in the job log, as Ganeti does. The whole change is
 * computed in checkPrereq, so a refusal leaves the network as it was.
 */
public final class LuNetworkSetParams implements LogicalUnit<OpNetworkSetParams> {
    private static final String NONE = OpNetworkSetParams.NONE;

    @Override
    public List<LockRequest> locks(OpNetworkSetParams op, ConfigStore config) {
        return List.of(LockRequest.exclusive(LockLevel.NETWORK, op.networkName()));
    }

    @Override
    public void checkPrereq(OpNetworkSetParams op, LuContext ctx) {
        changed(op, Networks.lookup(ctx.config(), op.networkName()), new ArrayList<>(), Instant.now());
    }

    @Override
    public JsonNode exec(OpNetworkSetParams op, LuContext ctx) {
        List<String> warnings = new ArrayList<>();
        NetworkConfig n = changed(op, Networks.lookup(ctx.config(), op.networkName()), warnings, Instant.now());
        warnings.forEach(w -> ctx.log("WARNING: " + w));
        ctx.config().updateNetwork(n);
        ctx.log("Network " + n.name() + " modified");
        return NullNode.instance;
    }

    static NetworkConfig changed(OpNetworkSetParams op, NetworkConfig n, List<String> warnings, Instant now) {
        AddressPool pool = AddressPool.of(n);
        Ipv4Net net = pool.net();
        Set<String> ext = new LinkedHashSet<>(n.extReservations());
        String gateway = n.gateway();
        if (op.gateway() != null) {
            String wanted = op.gateway().equals(NONE) ? null : op.gateway();
            if (wanted != null && !wanted.equals(gateway)) {
                net.index("gateway", wanted);
                if (pool.isReserved(wanted)) {
                    throw new PluginException(ErrorKind.STATE, "Gateway IP address '" + wanted
                            + "' is already reserved in network '" + n.name() + "'");
                }
            }
            if (gateway != null) {
                ext.remove(gateway);
            }
            if (wanted != null) {
                ext.add(wanted);
            }
            gateway = wanted;
        }
        if (op.addReservedIps() != null) {
            for (String ip : op.addReservedIps()) {
                net.index("add_reserved_ips", ip);
                if (pool.isReserved(ip) || ext.contains(ip)) {
                    warnings.add("IP address " + ip + " is already reserved");
                } else {
                    ext.add(ip);
                }
            }
        }
        if (op.removeReservedIps() != null) {
            for (String ip : op.removeReservedIps()) {
                net.index("remove_reserved_ips", ip);
                if (ip.equals(gateway)) {
                    warnings.add("Cannot unreserve the gateway's IP address " + ip);
                } else if (!ext.remove(ip)) {
                    warnings.add("IP address " + ip + " is not externally reserved");
                }
            }
        }
        return n.withParams(gateway, value(op.network6(), n.network6()), value(op.gateway6(), n.gateway6()),
                op.macPrefix() == null ? n.macPrefix()
                        : op.macPrefix().equals(NONE) ? null : Ipv4Net.macPrefix("mac_prefix", op.macPrefix()),
                ext, now);
    }

    private static String value(String requested, String current) {
        return requested == null ? current : requested.equals(NONE) ? null : requested;
    }
}
