package org.gnt.coordinator.lu;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.gnt.bus.config.ClusterConfig;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NicConfig;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.hypervisor.NicSpec;

/**
 * NIC MACs and the NIC list a hypervisor gets. A generated MAC is Ganeti's default prefix
 * {@code aa:00:00} plus three bytes derived from the NIC's UUID, so a job resumed by another
 * master generates the same address; a collision with a MAC in the cluster moves to the next
 * derivation.
 */
final class InstanceNics {
    static final String MAC_PREFIX = "aa:00:00";
    private static final String MAC = "([0-9a-f]{2}:){5}[0-9a-f]{2}";

    private InstanceNics() {
    }

    /** Every MAC the cluster's instances use. */
    static Set<String> usedMacs(ConfigStore cfg) {
        Set<String> used = new HashSet<>();
        for (InstanceConfig i : cfg.instances()) {
            for (NicConfig n : i.nics()) {
                used.add(mac(n));
            }
        }
        return used;
    }

    /**
     * The MAC for a NIC being added: {@code given} checked (format, unique) when set, else one
     * generated ({@code null}, {@code auto} and {@code generate} mean generate, as in Ganeti).
     */
    static String macFor(Object given, String nicUuid, Set<String> used, String field) {
        if (given == null || "auto".equals(given) || "generate".equals(given)) {
            for (int n = 0; ; n++) {
                String m = derived(n == 0 ? nicUuid : nicUuid + "/" + n);
                if (!used.contains(m)) {
                    return m;
                }
            }
        }
        String m = String.valueOf(given).toLowerCase(Locale.ROOT);
        if (!m.matches(MAC)) {
            throw new PluginException(ErrorKind.INVAL, "Parameter '" + field + "': invalid MAC address '" + given + "'");
        }
        if (used.contains(m)) {
            throw new PluginException(ErrorKind.NOTUNIQUE, "MAC address " + m + " already in use in the cluster");
        }
        return m;
    }

    /** A NIC's MAC; config written before MACs were generated reads as the derived one. */
    static String mac(NicConfig n) {
        return n.mac() != null && !n.mac().isEmpty() ? n.mac() : derived(n.uuid());
    }

    private static String derived(String seed) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return String.format("%s:%02x:%02x:%02x", MAC_PREFIX, h[0] & 0xff, h[1] & 0xff, h[2] & 0xff);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One NIC as the hypervisor plugs it: its own mode/link, else the cluster's nicparams. */
    static NicSpec spec(ClusterConfig cluster, NicConfig n, int index) {
        Map<String, Object> np = cluster.nicparams();
        String mode = n.mode() != null ? n.mode() : String.valueOf(np.getOrDefault("mode", "bridged"));
        String link = n.link() != null ? n.link() : String.valueOf(np.getOrDefault("link", ""));
        return new NicSpec(n.uuid(), index, mac(n), mode, link, n.ip());
    }

    static List<NicSpec> specs(ClusterConfig cluster, InstanceConfig i) {
        List<NicSpec> out = new ArrayList<>();
        for (int k = 0; k < i.nics().size(); k++) {
            out.add(spec(cluster, i.nics().get(k), k));
        }
        return out;
    }
}
