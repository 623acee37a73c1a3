package org.gnt.bundle.hypervisor.kvm;

import static org.gnt.bundle.hypervisor.kvm.KvmParams.flag;
import static org.gnt.bundle.hypervisor.kvm.KvmParams.num;
import static org.gnt.bundle.hypervisor.kvm.KvmParams.str;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.hypervisor.ConsoleInfo;

/**
 * Ganeti's {@code spice_*} hvparams: checks, the {@code -spice} argv part, the password (over QMP,
 * as Ganeti does, so it never appears in the argv or the record) and the console. SPICE has no
 * "pick a free display" like VNC's {@code to=}, so each launch (start, reboot, migration target)
 * takes a free TCP port on the bind address; the argv in the runtime record says which.
 */
final class KvmSpice {
    private static final Set<String> IMAGE_COMPRESSION = Set.of("auto_glz", "auto_lz", "quic", "glz", "lz", "off");
    private static final Set<String> WAN_COMPRESSION = Set.of("auto", "never", "always");
    private static final Set<String> STREAMING_VIDEO = Set.of("off", "all", "filter");
    /** As Ganeti: these mean nothing without spice_bind, so setting one alone is refused. */
    private static final List<String> NEED_BIND = List.of("spice_ip_version", "spice_password_file",
            "spice_image_compression", "spice_jpeg_wan_compression", "spice_zlib_glz_wan_compression",
            "spice_streaming_video", "spice_use_tls");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern IFACE = Pattern.compile("[A-Za-z0-9_.@-]{1,15}");
    private static final Pattern PORT = Pattern.compile("(?<=^|,)port=\\d+");

    private KvmSpice() {
    }

    /** Ganeti's CheckParameterSyntax/ValidateParameters for SPICE, without touching the node. */
    static void validate(Map<String, Object> hv, List<String> problems) {
        oneOfOrEmpty(problems, hv, "spice_image_compression", IMAGE_COMPRESSION);
        oneOfOrEmpty(problems, hv, "spice_jpeg_wan_compression", WAN_COMPRESSION);
        oneOfOrEmpty(problems, hv, "spice_zlib_glz_wan_compression", WAN_COMPRESSION);
        oneOfOrEmpty(problems, hv, "spice_streaming_video", STREAMING_VIDEO);
        long version = num(hv, "spice_ip_version");
        if (version != 0 && version != 4 && version != 6) {
            problems.add("spice_ip_version must be 0 (any), 4 or 6, not " + version);
        }
        String pw = str(hv, "spice_password_file");
        if (!pw.isEmpty() && !pw.startsWith("/")) {
            problems.add("spice_password_file must be an absolute path, not '" + pw + "'");
        }
        String bind = str(hv, "spice_bind");
        if (bind.isEmpty()) {
            for (String p : NEED_BIND) {
                Object v = hv.get(p);
                boolean set = v instanceof Number n ? n.longValue() != 0 : v instanceof Boolean b ? b
                        : v != null && !v.toString().isEmpty();
                if (set) {
                    problems.add(p + " requires spice_bind to be set");
                }
            }
            return;
        }
        if (!str(hv, "vnc_bind_address").isEmpty()) {
            problems.add("spice_bind and vnc_bind_address are both set, but only one of SPICE and VNC can be"
                    + " used at a time");
        }
        Optional<InetAddress> literal = literal(bind);
        if (literal.isEmpty() && !IFACE.matcher(bind).matches()) {
            problems.add("spice_bind must be an IP address or a network interface name, not '" + bind + "'");
        }
        if (literal.isPresent() && version != 0 && version != family(literal.get())) {
            problems.add("spice_bind " + bind + " is an IPv" + family(literal.get()) + " address, but spice_ip_version"
                    + " is " + version);
        }
        if (flag(hv, "spice_use_tls")) {
            problems.add("spice_use_tls is not supported by this kvm bundle yet (the cluster has no SPICE"
                    + " certificates)");
        }
    }

    /**
     * {@code -spice} with a free port on the bind address, the QXL display (with -nodefaults there
     * is no VGA, and a SPICE client wants a screen) and, with spice_use_vdagent, the vdagent channel.
     * Empty without spice_bind.
     */
    static List<String> args(Map<String, Object> hv) {
        String bind = str(hv, "spice_bind");
        if (bind.isEmpty()) {
            return List.of();
        }
        InetAddress addr = address(bind, (int) num(hv, "spice_ip_version"));
        StringBuilder s = new StringBuilder("addr=").append(addr.getHostAddress())
                .append(",port=").append(freePort(addr))
                .append(addr instanceof Inet6Address ? ",ipv6=on" : ",ipv4=on");
        if (str(hv, "spice_password_file").isEmpty()) {
            s.append(",disable-ticketing=on");
        } // else ticketing stays on and no one gets in until setPassword
        option(s, "image-compression", str(hv, "spice_image_compression"));
        option(s, "jpeg-wan-compression", str(hv, "spice_jpeg_wan_compression"));
        option(s, "zlib-glz-wan-compression", str(hv, "spice_zlib_glz_wan_compression"));
        option(s, "streaming-video", str(hv, "spice_streaming_video"));
        if (!flag(hv, "spice_playback_compression")) {
            s.append(",playback-compression=off"); // QEMU's default is on
        }
        List<String> a = new ArrayList<>(List.of("-spice", s.toString()));
        if (str(hv, "vga").isEmpty()) { // a SPICE client needs a screen; hvparam vga may name another
            a.addAll(List.of("-device", "qxl-vga,id=video0"));
        }
        if (flag(hv, "spice_use_vdagent")) {
            a.addAll(List.of("-device", "virtio-serial-pci,id=vdagentbus",
                    "-chardev", "spicevmc,id=vdagent,name=vdagent",
                    "-device", "virtserialport,bus=vdagentbus.0,chardev=vdagent,name=com.redhat.spice.0"));
        } else {
            s.append(",agent-mouse=off");
            a.set(1, s.toString());
        }
        return a;
    }

    /**
     * The argv with its {@code -spice} port replaced by one free now (relaunch, migration target:
     * the old port may be taken, e.g. by the source on the same host). The address is spice_bind
     * of {@code hv} resolved again (an interface has other addresses on another node), else the
     * recorded one.
     */
    static List<String> withFreePort(List<String> argv, Map<String, Object> hv) {
        List<String> out = new ArrayList<>(argv);
        for (int i = 1; i < out.size(); i++) {
            if (out.get(i - 1).equals("-spice")) {
                String v = out.get(i);
                String recorded = DeviceArgs.option(v, "addr").orElse("");
                InetAddress addr = !str(hv, "spice_bind").isEmpty()
                        ? address(str(hv, "spice_bind"), (int) num(hv, "spice_ip_version"))
                        : literal(recorded).orElseThrow(() -> new PluginException(ErrorKind.INVAL,
                                "The recorded SPICE address '" + recorded + "' is no IP address"));
                v = v.replace("addr=" + recorded + ",", "addr=" + addr.getHostAddress() + ",");
                out.set(i, PORT.matcher(v).replaceFirst("port=" + freePort(addr)));
            }
        }
        return out;
    }

    /** Ganeti reads one line of spice_password_file and gives it to QEMU with set_password. */
    static void setPassword(RuntimeRecord r) throws IOException {
        String pwFile = str(r.hvParams(), "spice_password_file");
        if (!str(r.hvParams(), "spice_bind").isEmpty() && !pwFile.isEmpty()) {
            String pw = Files.readString(Path.of(pwFile)).strip();
            QmpClient.call(r.qmp(), KvmHypervisor.QMP_TIMEOUT, "set_password",
                    Map.of("protocol", "spice", "password", pw));
        }
    }

    /** Where SPICE listens, as QEMU reports it ({@code query-spice}). */
    static ConsoleInfo console(RuntimeRecord r) {
        Object q = KvmControl.qmp(r, "query-spice", Map.of());
        Map<?, ?> m = q instanceof Map<?, ?> mm ? mm : Map.of();
        if (!Boolean.TRUE.equals(m.get("enabled")) || !(m.get("port") instanceof Number port)) {
            throw new PluginException(ErrorKind.ENVIRON, "QEMU of " + r.name() + " reports no SPICE port: "
                    + Json.write(q));
        }
        String host = m.get("host") instanceof String h && !h.isEmpty() ? h : str(r.hvParams(), "spice_bind");
        return new ConsoleInfo(ConsoleInfo.SPICE, "", host, port.intValue(), "", List.of(), 0);
    }

    /**
     * spice_bind as an address: an IP literal, or an address of the named interface of the IP
     * version asked for (Ganeti takes the cluster's primary family when an interface has both and
     * no version is asked for; we take IPv4). Link-local IPv6 addresses are skipped.
     */
    static InetAddress address(String bind, int version) {
        Optional<InetAddress> literal = literal(bind);
        if (literal.isPresent()) {
            return literal.get();
        }
        NetworkInterface nic;
        try {
            nic = NetworkInterface.getByName(bind);
        } catch (SocketException e) {
            nic = null;
        }
        if (nic == null) {
            throw new PluginException(ErrorKind.INVAL, "spice_bind '" + bind + "' is neither an IP address nor a"
                    + " network interface of this node");
        }
        List<InetAddress> all = Collections.list(nic.getInetAddresses()).stream()
                .filter(a -> !a.isLinkLocalAddress()).toList();
        for (int v : version == 0 ? List.of(4, 6) : List.of(version)) {
            for (InetAddress a : all) {
                if (family(a) == v) {
                    try {
                        return InetAddress.getByAddress(a.getAddress()); // without the interface's scope
                    } catch (UnknownHostException e) {
                        throw new IllegalStateException(e); // a 4 or 16 byte address is always fine
                    }
                }
            }
        }
        throw new PluginException(ErrorKind.INVAL, "spice_bind: network interface " + bind + " has no "
                + (version == 0 ? "IP" : "IPv" + version) + " address");
    }

    /** An IP literal, parsed without any name lookup. */
    static Optional<InetAddress> literal(String s) {
        if (!IPV4.matcher(s).matches() && !IPV6_CHARS.matcher(s).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(s)); // a literal: no DNS
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static int family(InetAddress a) {
        return a instanceof Inet4Address ? 4 : 6;
    }

    /** A port nobody listens on at {@code addr} right now (QEMU binds it a moment later). */
    static int freePort(InetAddress addr) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(addr, 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot find a free SPICE port on " + addr.getHostAddress()
                    + ": " + e.getMessage(), e);
        }
    }

    private static void option(StringBuilder s, String name, String value) {
        if (!value.isEmpty()) {
            s.append(',').append(name).append('=').append(value);
        }
    }

    private static void oneOfOrEmpty(List<String> problems, Map<String, Object> hv, String name, Set<String> allowed) {
        String v = str(hv, name);
        if (!v.isEmpty() && !allowed.contains(v)) {
            problems.add(name + " must be one of " + new TreeSet<>(allowed) + " or empty, not '" + v + "'");
        }
    }
}
