package org.gnt.bus.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.gnt.bus.Json;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.junit.jupiter.api.Test;

class AddressPoolTest {
    private static void refused(String text, Runnable r) {
        PluginException e = assertThrows(PluginException.class, r::run);
        assertEquals(ErrorKind.INVAL, e.kind());
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }

    @Test
    void cidrLimitsAreGanetis() {
        assertEquals("10.0.0.0/16", Ipv4Net.parse("network", "10.0.0.0/16").toString());
        assertEquals(4, Ipv4Net.parse("network", "10.0.0.4/30").size());
        refused("give at most a /16 network", () -> Ipv4Net.parse("network", "10.0.0.0/15"));
        refused("give at least a /30 network", () -> Ipv4Net.parse("network", "10.0.0.0/31"));
        refused("host bits set; the network address is 10.0.0.0/24", () -> Ipv4Net.parse("network", "10.0.0.7/24"));
        refused("Invalid 'network': must be an IPv4 network", () -> Ipv4Net.parse("network", "10.0.0/24"));
        refused("Invalid 'network': must be an IPv4 network", () -> Ipv4Net.parse("network", "300.0.0.0/24"));
        refused("Invalid 'gateway6'", () -> Ipv4Net.checkIpv6Address("gateway6", "10.0.0.1"));
        Ipv4Net.checkIpv6Network("network6", "2001:db8::/64");
        refused("Invalid 'network6'", () -> Ipv4Net.checkIpv6Network("network6", "2001:db8::/129"));
        assertEquals("aa:0b:00", Ipv4Net.macPrefix("mac_prefix", "AA:0B:00"));
        refused("Invalid 'mac_prefix'", () -> Ipv4Net.macPrefix("mac_prefix", "aa:00"));
    }

    @Test
    void initialReservationsCountsAndMap() {
        Ipv4Net net = Ipv4Net.parse("network", "192.168.1.0/29");
        List<String> ext = AddressPool.initialExternal(net, "192.168.1.1", List.of("192.168.1.4"));
        assertEquals(List.of("192.168.1.0", "192.168.1.1", "192.168.1.4", "192.168.1.7"), ext);
        refused("Invalid 'gateway': address 192.168.2.1 is not inside the network 192.168.1.0/29",
                () -> AddressPool.initialExternal(net, "192.168.2.1", List.of()));
        refused("IP address 192.168.1.1 is already externally reserved",
                () -> AddressPool.initialExternal(net, "192.168.1.1", List.of("192.168.1.1")));

        NetworkConfig n = new NetworkConfig(1, "u", "n", net.toString(), "192.168.1.1", null, null, null,
                List.of("192.168.1.3"), ext, List.of(), Instant.EPOCH, Instant.EPOCH, 1);
        AddressPool pool = AddressPool.of(n);
        assertEquals(5, pool.reservedCount());
        assertEquals(3, pool.freeCount());
        assertEquals("XX.XX..X", pool.map());
        assertTrue(pool.isReserved("192.168.1.3"));
        assertEquals(List.of("192.168.1.0", "192.168.1.1", "192.168.1.4", "192.168.1.5", "192.168.1.7"),
                pool.externalWith(List.of("192.168.1.5"), true, "add_reserved_ips"));
    }

    @Test
    void storedFormsRoundTripAndOldGroupsReadWithoutNetworks() {
        NetworkConfig n = new NetworkConfig(1, "u", "n", "10.0.0.0/24", null, null, null, null, List.of(),
                List.of("10.0.0.255", "10.0.0.10", "10.0.0.0", "10.0.0.9"), List.of("t"), Instant.EPOCH, Instant.EPOCH, 3);
        assertEquals(List.of("10.0.0.0", "10.0.0.9", "10.0.0.10", "10.0.0.255"), n.extReservations(),
                "numeric order, so the stored JSON is stable");
        assertEquals(n, Json.read(Json.bytes(n), NetworkConfig.class));

        GroupConfig old = new GroupConfig(1, "g", "default", "preferred", Instant.EPOCH, Instant.EPOCH);
        String json = new String(Json.bytes(old)).replace(",\"networks\":{}", "");
        assertTrue(!json.contains("networks"), json);
        GroupConfig read = Json.read(json.getBytes(), GroupConfig.class);
        assertEquals(Map.of(), read.networks());
        GroupConfig linked = read.withNetwork("n1", new GroupNetwork("routed", "100", null), Instant.EPOCH);
        assertEquals(new GroupNetwork("routed", "100", ""), Json.read(Json.bytes(linked), GroupConfig.class)
                .networks().get("n1"));
        assertEquals(Map.of(), linked.withNetwork("n1", null, Instant.EPOCH).networks());
    }
}
