package org.gnt.bundle.hypervisor.kvm;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.hypervisor.NicSpec;

/**
 * Host side of NICs: one persistent tap per NIC (named from its uuid), created before QEMU opens
 * it and joined to the NIC's network by mode: {@code bridged} enslaves it to the bridge
 * {@code link}; {@code routed} brings it up with proxy ARP and, when the NIC has an ip, a host
 * route to it (in table {@code link} when set); {@code openvswitch} adds it as a port of switch
 * {@code link}. Everything is checked before the first tap is made, and a failure removes what
 * was made, so nothing is left behind.
 */
final class Taps {
    private static final System.Logger LOG = System.getLogger(Taps.class.getName());
    private static final Path NET = Path.of("/sys/class/net");
    private static final String OVS = "/usr/bin/ovs-vsctl";
    /** ip(8) by full path: a service's PATH may lack /usr/sbin. */
    private static final String IP = Files.isExecutable(Path.of("/usr/sbin/ip")) ? "/usr/sbin/ip" : "ip";

    private Taps() {
    }

    /** Creates and connects the taps of {@code nics}; returns their names. */
    static List<String> create(Path runtimeDir, String instance, List<NicSpec> nics) {
        for (NicSpec nic : nics) {
            check(runtimeDir, instance, nic);
        }
        List<String> made = new ArrayList<>();
        try {
            for (NicSpec nic : nics) {
                String tap = DeviceArgs.tapName(runtimeDir, nic.uuid());
                run(IP, "tuntap", "add", "dev", tap, "mode", "tap");
                made.add(tap);
                connect(nic, tap);
            }
            return made;
        } catch (RuntimeException e) {
            remove(made);
            throw e;
        }
    }

    private static void check(Path runtimeDir, String instance, NicSpec nic) {
        String tap = DeviceArgs.tapName(runtimeDir, nic.uuid());
        String what = "NIC " + nic.index() + " (" + nic.uuid() + ") of " + instance;
        if (exists(tap)) {
            throw new PluginException(ErrorKind.EXISTS, "Tap " + tap + " for " + what + " already exists");
        }
        switch (nic.mode()) {
            case "bridged" -> {
                if (nic.link().isEmpty()) {
                    throw new PluginException(ErrorKind.INVAL, what + ": bridged mode needs a link (bridge)");
                }
                if (!Files.isDirectory(NET.resolve(nic.link()).resolve("bridge"))) {
                    throw new PluginException(ErrorKind.ENVIRON, what + ": bridge " + nic.link()
                            + " does not exist on this node");
                }
            }
            case "routed" -> {
                // the routing table (link) and ip are checked by ip(8) itself
            }
            case "openvswitch" -> {
                if (!Files.isExecutable(Path.of(OVS))) {
                    throw new PluginException(ErrorKind.ENVIRON, what + ": openvswitch mode needs " + OVS
                            + ", which is not installed on this node");
                }
                if (nic.link().isEmpty()) {
                    throw new PluginException(ErrorKind.INVAL, what + ": openvswitch mode needs a link (switch)");
                }
            }
            default -> throw new PluginException(ErrorKind.INVAL, what + ": mode must be bridged, routed or"
                    + " openvswitch, not '" + nic.mode() + "'");
        }
    }

    private static void connect(NicSpec nic, String tap) {
        switch (nic.mode()) {
            case "bridged" -> run(IP, "link", "set", tap, "master", nic.link(), "up");
            case "openvswitch" -> {
                run(OVS, "add-port", nic.link(), tap);
                run(IP, "link", "set", tap, "up");
            }
            default -> { // routed, as Ganeti's kvm-ifup does
                run(IP, "link", "set", tap, "up");
                try {
                    Files.writeString(Path.of("/proc/sys/net/ipv4/conf", tap, "proxy_arp"), "1");
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "Cannot enable proxy ARP on {0}: {1}", tap, e.getMessage());
                }
                if (!nic.ip().isEmpty()) {
                    List<String> cmd = new ArrayList<>(List.of(IP, "route", "replace", nic.ip(), "dev", tap));
                    if (!nic.link().isEmpty()) {
                        cmd.addAll(List.of("table", nic.link()));
                    }
                    run(cmd.toArray(String[]::new));
                }
            }
        }
    }

    /** Removes taps (routes through them go with them); missing ones are fine, failures only logged. */
    static void remove(Collection<String> taps) {
        for (String tap : taps) {
            if (!exists(tap)) {
                continue;
            }
            try {
                if (Files.isExecutable(Path.of(OVS)) && Files.exists(NET.resolve(tap).resolve("master"))
                        && NET.resolve(tap).resolve("master").toRealPath().getFileName().toString().equals("ovs-system")) {
                    run(OVS, "--if-exists", "del-port", tap);
                }
                run(IP, "link", "delete", tap);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "Cannot remove tap {0}: {1}", tap, e.getMessage());
            }
        }
    }

    static boolean exists(String tap) {
        return Files.exists(NET.resolve(tap));
    }

    private static void run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new PluginException(ErrorKind.ENVIRON, String.join(" ", cmd) + " did not finish in 30 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                throw new PluginException(ErrorKind.ENVIRON, String.join(" ", cmd) + " failed (exit "
                        + p.exitValue() + "): " + out);
            }
        } catch (IOException e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot run " + cmd[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException(ErrorKind.ENVIRON, "Interrupted running " + cmd[0], e);
        }
    }
}
