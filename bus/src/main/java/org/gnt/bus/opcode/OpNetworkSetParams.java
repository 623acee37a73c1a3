package org.gnt.bus.opcode;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.gnt.bus.config.Ipv4Net;

/**
 * OP_NETWORK_SET_PARAMS: changes the gateway, IPv6 data, MAC prefix or external reservations. As
 * in Ganeti, the value {@code none} clears gateway, network6, gateway6 or mac_prefix; the IPv4
 * network itself cannot change.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpNetworkSetParams(String networkName, String gateway, String network6, String gateway6,
                                 String macPrefix, List<String> addReservedIps,
                                 List<String> removeReservedIps) implements OpCode {
    public static final String OP_ID = "OP_NETWORK_SET_PARAMS";
    /** Ganeti's VALUE_NONE: clears a parameter. */
    public static final String NONE = "none";

    public OpNetworkSetParams {
        addReservedIps = addReservedIps == null ? null : List.copyOf(addReservedIps);
        removeReservedIps = removeReservedIps == null ? null : List.copyOf(removeReservedIps);
    }

    @Override
    public void validate() {
        OpCodes.requireName(OP_ID, "network_name", networkName);
        if (gateway != null && !gateway.equals(NONE)) {
            Ipv4Net.address("gateway", gateway);
        }
        if (network6 != null && !network6.equals(NONE)) {
            Ipv4Net.checkIpv6Network("network6", network6);
        }
        if (gateway6 != null && !gateway6.equals(NONE)) {
            Ipv4Net.checkIpv6Address("gateway6", gateway6);
        }
        if (macPrefix != null && !macPrefix.equals(NONE)) {
            Ipv4Net.macPrefix("mac_prefix", macPrefix);
        }
        if (addReservedIps != null) {
            addReservedIps.forEach(ip -> Ipv4Net.address("add_reserved_ips", ip));
        }
        if (removeReservedIps != null) {
            removeReservedIps.forEach(ip -> Ipv4Net.address("remove_reserved_ips", ip));
        }
        OpCodes.check(OP_ID, "gateway", gateway != null || network6 != null || gateway6 != null || macPrefix != null
                || addReservedIps != null || removeReservedIps != null, "please pass at least one modification");
    }

    @Override
    public String summary() {
        return "NETWORK_SET_PARAMS(" + networkName + ")";
    }
}
