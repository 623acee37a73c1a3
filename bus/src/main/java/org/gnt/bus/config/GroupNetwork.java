package org.gnt.bus.config;

import java.util.List;
import java.util.Objects;

/**
 * How a node group reaches a connected network (Ganeti's group {@code networks[uuid]} NIC
 * parameters): the NIC mode, the link (bridge, routing table or vswitch) and an optional VLAN.
 */
public record GroupNetwork(String mode, String link, String vlan) {
    /** OP_NETWORK_CONNECT's {@code network_mode} values. */
    public static final List<String> MODES = List.of("bridged", "routed", "openvswitch", "pool");

    public GroupNetwork {
        Objects.requireNonNull(mode, "mode is null");
        Objects.requireNonNull(link, "link is null");
        vlan = vlan == null ? "" : vlan;
    }

    /** Ganeti's group_list entry: {@code group(mode, link)}, the VLAN added when set. */
    public String describe(String group) {
        return group + "(" + mode + ", " + link + (vlan.isEmpty() ? "" : ", " + vlan) + ")";
    }
}
