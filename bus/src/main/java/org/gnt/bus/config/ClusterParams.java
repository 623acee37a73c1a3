package org.gnt.bus.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Syntax and update rules of the cluster's own parameter dictionaries: the instance policy,
 * nicparams, diskparams and osparams. Unlike a group's, the cluster's values are complete (every
 * key present, Ganeti's defaults filled in), so these functions take the current complete value and
 * a change and return the new complete value, or throw INVAL naming the field and key. Group rules
 * ({@link GroupParams}) are reused for the shared parts (ispecs, disk templates, disk parameters).
 */
public final class ClusterParams {
    /** Ganeti's NICC_DEFAULTS (constants.DEFAULT_BRIDGE is xen-br0). */
    public static final Map<String, Object> NIC_DEFAULTS = Collections.unmodifiableMap(new TreeMap<>(
            Map.of("mode", "bridged", "link", "xen-br0", "vlan", "")));
    /** NIC modes a cluster default may name (Ganeti's NIC_VALID_MODES without the network-only "pool"). */
    public static final List<String> NIC_MODES = List.of("bridged", "openvswitch", "routed");
    /** Ganeti's IPOLICY_ALL_KEYS. */
    public static final List<String> IPOLICY_KEYS = List.of("disk-templates", "minmax", "spindle-ratio", "std",
            "vcpu-ratio");

    private ClusterParams() {
    }

    /** The default instance policy, allowing only the enabled disk templates (Ganeti's init does the same). */
    public static Map<String, Object> defaultIpolicy(List<String> enabledDiskTemplates) {
        Map<String, Object> ip = new TreeMap<>(GroupParams.IPOLICY_DEFAULTS);
        ip.put("disk-templates", GroupParams.DISK_DEFAULTS.keySet().stream().sorted()
                .filter(enabledDiskTemplates::contains).toList());
        return Collections.unmodifiableMap(ip);
    }

    /** Every disk template with its defaults, overlaid with {@code given} (missing templates/keys filled). */
    public static Map<String, Map<String, Object>> completeDisk(Map<String, Map<String, Object>> given) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        GroupParams.DISK_DEFAULTS.forEach((t, d) -> {
            Map<String, Object> m = new TreeMap<>(d);
            if (given != null) {
                m.putAll(given.getOrDefault(t, Map.of()));
            }
            out.put(t, Collections.unmodifiableMap(m));
        });
        return Collections.unmodifiableMap(out);
    }

    /**
     * The cluster ipolicy after {@code change}. {@code std} merges key by key into the current
     * standard specs, {@code minmax} and {@code disk-templates} replace, the ratios replace. As in
     * Ganeti an ipolicy attribute cannot be unset ("default") at cluster level. The result must
     * have every std value within one of the min/max pairs.
     */
    public static Map<String, Object> updatedIpolicy(Map<String, Object> current, Map<String, ?> change) {
        Map<String, Object> out = new TreeMap<>(current);
        for (var e : change.entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            if (!IPOLICY_KEYS.contains(key)) {
                throw GroupParams.invalid("ipolicy", "invalid key '" + key + "' (known: "
                        + String.join(", ", IPOLICY_KEYS) + ")");
            }
            if (v == null || "default".equals(v)) {
                throw GroupParams.invalid("ipolicy/" + key, "can't unset an ipolicy attribute at the cluster level");
            }
            switch (key) {
                case "disk-templates" -> out.put(key, GroupParams.templates(v));
                case "minmax" -> out.put(key, GroupParams.minmax(v));
                case "std" -> {
                    Map<String, Object> std = new TreeMap<>(asMap(out.get("std")));
                    std.putAll(GroupParams.ispecs(v, "ipolicy/std", false));
                    out.put(key, Collections.unmodifiableMap(std));
                }
                default -> {
                    double ratio = (Double) GroupParams.convert(v, "float", "ipolicy/" + key);
                    if (ratio <= 0) {
                        throw GroupParams.invalid("ipolicy/" + key, "must be positive, got " + v);
                    }
                    out.put(key, ratio);
                }
            }
        }
        checkStd(out);
        return Collections.unmodifiableMap(out);
    }

    /** Ganeti's check that the ipolicy allows only enabled disk templates. */
    public static void checkIpolicyTemplates(Map<String, Object> ipolicy, List<String> enabled) {
        List<String> extra = ((List<?>) ipolicy.getOrDefault("disk-templates", List.of())).stream()
                .map(String::valueOf).filter(t -> !enabled.contains(t)).toList();
        if (!extra.isEmpty()) {
            throw GroupParams.invalid("ipolicy/disk-templates", "the disk templates " + String.join(", ", extra)
                    + " are allowed by the ipolicy, but not enabled on the cluster (enabled: "
                    + String.join(", ", enabled) + ")");
        }
    }

    private static void checkStd(Map<String, Object> ipolicy) {
        Map<String, Object> std = asMap(ipolicy.get("std"));
        List<?> minmax = (List<?>) ipolicy.get("minmax");
        String firstBad = null;
        for (Object o : minmax) {
            Map<String, Object> min = asMap(((Map<?, ?>) o).get("min"));
            Map<String, Object> max = asMap(((Map<?, ?>) o).get("max"));
            String bad = null;
            for (String k : GroupParams.ISPEC_KEYS) {
                long s = ((Number) std.get(k)).longValue();
                if (s < ((Number) min.get(k)).longValue() || s > ((Number) max.get(k)).longValue()) {
                    bad = k + " " + s + " is outside [" + min.get(k) + ", " + max.get(k) + "]";
                    break;
                }
            }
            if (bad == null) {
                return;
            }
            firstBad = firstBad == null ? bad : firstBad;
        }
        throw GroupParams.invalid("ipolicy/std", "the standard specs must lie within the min/max bounds: " + firstBad);
    }

    /** The cluster nicparams after {@code change}; {@code "default"} or null restores Ganeti's default. */
    public static Map<String, Object> updatedNic(Map<String, Object> current, Map<String, ?> change) {
        Map<String, Object> out = new TreeMap<>(current);
        for (var e : change.entrySet()) {
            String key = e.getKey();
            if (!NIC_DEFAULTS.containsKey(key)) {
                throw GroupParams.invalid("nicparams", "unknown NIC parameter '" + key + "' (known: "
                        + String.join(", ", NIC_DEFAULTS.keySet()) + ")");
            }
            Object v = e.getValue();
            out.put(key, v == null || "default".equals(v) ? NIC_DEFAULTS.get(key)
                    : GroupParams.convert(v, "string", "nicparams/" + key));
        }
        String mode = String.valueOf(out.get("mode"));
        if (!NIC_MODES.contains(mode)) {
            throw GroupParams.invalid("nicparams/mode", "must be one of " + String.join(", ", NIC_MODES)
                    + ", got '" + mode + "'");
        }
        if (!mode.equals("routed") && String.valueOf(out.get("link")).isEmpty()) {
            throw GroupParams.invalid("nicparams/link", "a " + mode + " NIC needs a link");
        }
        return Collections.unmodifiableMap(out);
    }

    /** The cluster diskparams after {@code change}: the group rules, then every template completed. */
    public static Map<String, Map<String, Object>> updatedDisk(Map<String, Map<String, Object>> current,
                                                               Map<String, ?> change) {
        // the group rule drops a key set to "default": completing afterwards restores Ganeti's default
        return completeDisk(GroupParams.updatedDisk(current, change));
    }

    /**
     * The cluster osparams after {@code change}: per OS a dictionary of text values; a value of
     * null or "default" drops the parameter, an OS left without parameters is dropped. The OS's own
     * parameter list is checked where the OS runs (the node), as Ganeti's master cannot know it either.
     */
    public static Map<String, Map<String, Object>> updatedOs(Map<String, Map<String, Object>> current,
                                                             Map<String, ?> change) {
        Map<String, Map<String, Object>> out = new TreeMap<>(current);
        for (var os : change.entrySet()) {
            String name = os.getKey();
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.+-]*")) {
                throw GroupParams.invalid("osparams", "invalid OS name '" + name + "'");
            }
            if (!(os.getValue() instanceof Map<?, ?> params)) {
                throw GroupParams.invalid("osparams/" + name, "must be a dictionary of parameters");
            }
            Map<String, Object> merged = new TreeMap<>(out.getOrDefault(name, Map.of()));
            for (var p : params.entrySet()) {
                String key = String.valueOf(p.getKey());
                if (!key.matches("[a-z0-9_]+")) {
                    throw GroupParams.invalid("osparams/" + name, "invalid parameter name '" + key + "'");
                }
                if (p.getValue() == null || "default".equals(p.getValue())) {
                    merged.remove(key);
                } else {
                    merged.put(key, GroupParams.convert(p.getValue(), "string", "osparams/" + name + "/" + key));
                }
            }
            if (merged.isEmpty()) {
                out.remove(name);
            } else {
                out.put(name, Collections.unmodifiableMap(merged));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
