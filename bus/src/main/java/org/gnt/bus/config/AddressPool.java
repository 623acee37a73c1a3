package org.gnt.bus.config;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * The IPv4 address pool of one network (Ganeti's network.AddressPool): which addresses are
 * reserved by instances or externally, the free and reserved counts and Ganeti's map ({@code X}
 * reserved, {@code .} free). Built from a {@link NetworkConfig}'s address lists; changes return
 * new lists, so a refused change leaves nothing half done.
 */
public final class AddressPool {
    private final Ipv4Net net;
    private final BitSet instances = new BitSet();
    private final BitSet external = new BitSet();

    private AddressPool(Ipv4Net net) {
        this.net = net;
    }

    public static AddressPool of(NetworkConfig n) {
        AddressPool p = new AddressPool(n.net());
        n.reservations().forEach(ip -> p.instances.set(p.net.index("reservations", ip)));
        n.extReservations().forEach(ip -> p.external.set(p.net.index("ext_reservations", ip)));
        return p;
    }

    /**
     * The external reservations of a new network: its network address, broadcast, gateway and the
     * requested addresses. Refuses (INVAL) an address outside the network or asked twice.
     */
    public static List<String> initialExternal(Ipv4Net net, String gateway, Collection<String> add) {
        AddressPool p = new AddressPool(net);
        p.external.set(0);
        p.external.set(net.size() - 1);
        if (gateway != null) {
            p.external.set(net.index("gateway", gateway));
        }
        for (String ip : add) {
            int i = net.index("add_reserved_ips", ip);
            if (p.external.get(i)) {
                throw new PluginException(ErrorKind.INVAL, "Invalid 'add_reserved_ips': IP address " + ip
                        + " is already externally reserved");
            }
            p.external.set(i);
        }
        return p.externalList();
    }

    public Ipv4Net net() {
        return net;
    }

    public boolean isReserved(String ip) {
        int i = net.index("ip", ip);
        return instances.get(i) || external.get(i);
    }

    public boolean isExternal(String ip) {
        return external.get(net.index("ip", ip));
    }

    public int reservedCount() {
        BitSet all = (BitSet) instances.clone();
        all.or(external);
        return all.cardinality();
    }

    public int freeCount() {
        return net.size() - reservedCount();
    }

    /** Ganeti's map: one character per address, {@code X} reserved, {@code .} free. */
    public String map() {
        StringBuilder sb = new StringBuilder(net.size());
        for (int i = 0; i < net.size(); i++) {
            sb.append(instances.get(i) || external.get(i) ? 'X' : '.');
        }
        return sb.toString();
    }

    /** The external reservations with these set ({@code reserve}) or cleared. */
    public List<String> externalWith(Collection<String> ips, boolean reserve, String field) {
        BitSet next = (BitSet) external.clone();
        for (String ip : ips) {
            next.set(net.index(field, ip), reserve);
        }
        return list(next);
    }

    public List<String> externalList() {
        return list(external);
    }

    private List<String> list(BitSet bits) {
        List<String> out = new ArrayList<>();
        bits.stream().forEach(i -> out.add(net.at(i)));
        return out;
    }
}
