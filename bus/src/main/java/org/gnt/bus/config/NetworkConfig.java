package org.gnt.bus.config;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * A network object at {@code config/networks/<uuid>} (Ganeti's objects.Network). Reservations are
 * kept as sorted lists of addresses, not Ganeti's bit string of one character per address: a /16
 * would write 64 KiB twice on every change, while clusters reserve a few addresses per network.
 * {@code reservations} are addresses held by instance NICs, {@code extReservations} the external
 * ones (network address, broadcast, gateway and {@code --add-reserved-ips}); {@link AddressPool}
 * turns both into counts and Ganeti's map.
 */
public record NetworkConfig(int v, String uuid, String name, String network, String gateway, String network6,
                            String gateway6, String macPrefix, List<String> reservations,
                            List<String> extReservations, List<String> tags, Instant ctime, Instant mtime,
                            long serial) {
    public static final int VERSION = 1;

    @JsonCreator
    public NetworkConfig {
        Objects.requireNonNull(uuid, "uuid is null");
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(network, "network is null");
        reservations = sortedAddresses(reservations);
        extReservations = sortedAddresses(extReservations);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public Ipv4Net net() {
        return Ipv4Net.parse("network", network);
    }

    public NetworkConfig withTags(List<String> newTags, Instant now) {
        return new NetworkConfig(v, uuid, name, network, gateway, network6, gateway6, macPrefix, reservations,
                extReservations, newTags, ctime, now, serial + 1);
    }

    /** The parameters OP_NETWORK_SET_PARAMS changes, all at once. */
    public NetworkConfig withParams(String newGateway, String newNetwork6, String newGateway6, String newMacPrefix,
                                    Collection<String> newExt, Instant now) {
        return new NetworkConfig(v, uuid, name, network, newGateway, newNetwork6, newGateway6, newMacPrefix,
                reservations, List.copyOf(newExt), tags, ctime, now, serial + 1);
    }

    /** Addresses in numeric order without duplicates, so the stored JSON is stable. */
    static List<String> sortedAddresses(Collection<String> ips) {
        if (ips == null) {
            return List.of();
        }
        return ips.stream().distinct()
                .sorted(java.util.Comparator.comparingLong(ip -> Integer.toUnsignedLong(Ipv4Net.address("ip", ip))))
                .toList();
    }
}
