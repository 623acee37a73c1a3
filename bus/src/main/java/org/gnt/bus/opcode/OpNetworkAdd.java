package org.gnt.bus.opcode;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.gnt.bus.config.AddressPool;
import org.gnt.bus.config.Ipv4Net;
import org.gnt.bus.config.Tags;

/** OP_NETWORK_ADD: a new IPv4 network (optionally with IPv6 data), not yet connected to any group. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpNetworkAdd(String networkName, String network, String gateway, String network6, String gateway6,
                           String macPrefix, List<String> addReservedIps, Boolean conflictsCheck,
                           List<String> tags) implements OpCode {
    public static final String OP_ID = "OP_NETWORK_ADD";

    public OpNetworkAdd {
        addReservedIps = addReservedIps == null ? null : List.copyOf(addReservedIps);
        tags = tags == null ? null : List.copyOf(tags);
    }

    public static OpNetworkAdd of(String name, String network, String gateway) {
        return new OpNetworkAdd(name, network, gateway, null, null, null, null, null, null);
    }

    @Override
    public void validate() {
        OpCodes.requireName(OP_ID, "network_name", networkName);
        OpCodes.require(OP_ID, "network", network);
        Ipv4Net net = Ipv4Net.parse("network", network);
        if (network6 != null) {
            Ipv4Net.checkIpv6Network("network6", network6);
        }
        if (gateway6 != null) {
            Ipv4Net.checkIpv6Address("gateway6", gateway6);
        }
        if (macPrefix != null) {
            Ipv4Net.macPrefix("mac_prefix", macPrefix);
        }
        // the gateway inside the network, reserved addresses inside it and not given twice
        AddressPool.initialExternal(net, gateway, addReservedIps == null ? List.of() : addReservedIps);
        if (tags != null) {
            tags.forEach(Tags::validate);
        }
    }

    @Override
    public String summary() {
        return "NETWORK_ADD(" + networkName + ")";
    }
}
