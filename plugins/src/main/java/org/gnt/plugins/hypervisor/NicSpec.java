package org.gnt.plugins.hypervisor;

import java.util.Objects;

/**
 * One NIC as a hypervisor plugs it (Ganeti's NIC object with its filled nicparams). {@code uuid}
 * names the device for its whole life, so a NIC can be unplugged whatever its index became;
 * {@code mode} is {@code bridged}, {@code routed} or {@code openvswitch} and {@code link} the
 * bridge, routing table or switch it joins.
 */
public record NicSpec(String uuid, int index, String mac, String mode, String link, String ip) {
    public NicSpec {
        Objects.requireNonNull(uuid, "uuid is null");
        Objects.requireNonNull(mac, "mac is null");
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative");
        }
        mode = mode == null ? "bridged" : mode;
        link = link == null ? "" : link;
        ip = ip == null ? "" : ip;
    }
}
