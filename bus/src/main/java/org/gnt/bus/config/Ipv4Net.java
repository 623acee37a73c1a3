package org.gnt.bus.config;

import java.net.InetAddress;
import java.util.Objects;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * An IPv4 network in CIDR notation ({@code 10.0.0.0/24}), as Ganeti's network pool accepts it:
 * from a /16 (Ganeti's performance limit, IPV4_NETWORK_MAX_SIZE) down to a /30 (the smallest
 * with a host besides network, broadcast and gateway), host bits zero. Also the address checks
 * of the network opcodes (IPv4, IPv6, MAC prefix), each refusing with INVAL naming the field.
 */
public record Ipv4Net(int base, int prefix) {
    /** The largest network accepted (fewest prefix bits). */
    public static final int LARGEST_PREFIX = 16;
    /** The smallest network accepted. */
    public static final int SMALLEST_PREFIX = 30;
    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    public Ipv4Net {
        if (prefix < LARGEST_PREFIX || prefix > SMALLEST_PREFIX) {
            throw new IllegalArgumentException("prefix out of range: " + prefix);
        }
    }

    /** Parses {@code a.b.c.d/n}; {@code field} names the parameter in the error. */
    public static Ipv4Net parse(String field, String cidr) {
        if (cidr == null || !cidr.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}")) {
            throw invalid(field, "must be an IPv4 network in CIDR notation (like 10.0.0.0/24), got '" + cidr + "'");
        }
        String[] parts = cidr.split("/");
        if (!IPV4.matcher(parts[0]).matches()) {
            throw invalid(field, "must be an IPv4 network in CIDR notation (like 10.0.0.0/24), got '" + cidr + "'");
        }
        int addr = address(field, parts[0]);
        int prefix = Integer.parseInt(parts[1]);
        if (prefix > 32) {
            throw invalid(field, "'" + cidr + "' has a prefix length over 32");
        }
        long hosts = 1L << (32 - prefix);
        if (prefix < LARGEST_PREFIX) {
            throw invalid(field, "a network with " + hosts + " addresses ('" + cidr + "') is not supported;"
                    + " give at most a /" + LARGEST_PREFIX + " network");
        }
        if (prefix > SMALLEST_PREFIX) {
            throw invalid(field, "a network with only " + hosts + " address(es) ('" + cidr + "') is too small;"
                    + " give at least a /" + SMALLEST_PREFIX + " network");
        }
        int mask = (int) (0xFFFFFFFFL << (32 - prefix));
        if ((addr & ~mask) != 0) {
            throw invalid(field, "'" + cidr + "' has host bits set; the network address is "
                    + format(addr & mask) + "/" + prefix);
        }
        return new Ipv4Net(addr, prefix);
    }

    /** A dotted-quad IPv4 address as an int; INVAL naming {@code field} otherwise. */
    public static int address(String field, String ip) {
        if (ip == null || !IPV4.matcher(ip).matches()) {
            throw invalid(field, "must be an IPv4 address, got '" + ip + "'");
        }
        int v = 0;
        for (String octet : ip.split("\\.")) {
            v = (v << 8) | Integer.parseInt(octet);
        }
        return v;
    }

    public static boolean isAddress(String s) {
        return s != null && IPV4.matcher(s).matches();
    }

    public static String format(int addr) {
        return ((addr >>> 24) & 255) + "." + ((addr >>> 16) & 255) + "." + ((addr >>> 8) & 255) + "." + (addr & 255);
    }

    /** Checks an IPv6 network ({@code 2001:db8::/64}), without name lookups. */
    public static void checkIpv6Network(String field, String cidr) {
        String[] parts = cidr == null ? new String[0] : cidr.split("/", -1);
        if (parts.length != 2 || !parts[1].matches("\\d{1,3}") || Integer.parseInt(parts[1]) > 128
                || !isIpv6(parts[0])) {
            throw invalid(field, "must be an IPv6 network in CIDR notation (like 2001:db8::/64), got '" + cidr + "'");
        }
    }

    public static void checkIpv6Address(String field, String ip) {
        if (!isIpv6(ip)) {
            throw invalid(field, "must be an IPv6 address, got '" + ip + "'");
        }
    }

    private static boolean isIpv6(String s) {
        // a literal with ':' is parsed by InetAddress without any name lookup
        if (s == null || !s.contains(":") || !s.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(s) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** Ganeti's three-octet MAC prefix ({@code aa:00:00}), returned lower-case. */
    public static String macPrefix(String field, String prefix) {
        if (prefix == null || !prefix.matches("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){2}")) {
            throw invalid(field, "must be a MAC prefix of three octets (like aa:00:00), got '" + prefix + "'");
        }
        return prefix.toLowerCase(java.util.Locale.ROOT);
    }

    public int size() {
        return 1 << (32 - prefix);
    }

    public boolean contains(int addr) {
        return Integer.toUnsignedLong(addr) - Integer.toUnsignedLong(base) >= 0
                && Integer.toUnsignedLong(addr) - Integer.toUnsignedLong(base) < size();
    }

    /** The position of an address in the network; INVAL naming {@code field} when it lies outside. */
    public int index(String field, String ip) {
        int a = address(field, ip);
        if (!contains(a)) {
            throw invalid(field, "address " + ip + " is not inside the network " + this);
        }
        return (int) (Integer.toUnsignedLong(a) - Integer.toUnsignedLong(base));
    }

    public String at(int index) {
        Objects.checkIndex(index, size());
        return format(base + index);
    }

    @Override
    public String toString() {
        return format(base) + "/" + prefix;
    }

    static PluginException invalid(String field, String why) {
        return new PluginException(ErrorKind.INVAL, "Invalid '" + field + "': " + why);
    }
}
