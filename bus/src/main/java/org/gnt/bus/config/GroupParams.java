package org.gnt.bus.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * Syntax of a node group's own parameters (Ganeti's ndparams, diskparams and group ipolicy), their
 * update ({@code "default"} or null drops a key, as GetUpdatedParams) and the effective values
 * (cluster defaults filled with the group's). Values are converted to their type: the CLI sends text.
 */
public final class GroupParams {
    public static final List<String> ALLOC_POLICIES = List.of("preferred", "last_resort", "unallocable");
    /** Ganeti's NDC_DEFAULTS; the cluster has no ndparams of its own yet. */
    public static final Map<String, Object> ND_DEFAULTS = sorted(Map.of("cpu_speed", 1.0, "exclusive_storage", false,
            "oob_program", "", "ovs", false, "ovs_link", "", "ovs_name", "switch1", "spindle_count", 1, "ssh_port", 22));
    private static final Map<String, String> ND_TYPES = Map.of("cpu_speed", "float", "exclusive_storage", "bool",
            "oob_program", "string", "ovs", "bool", "ovs_link", "string", "ovs_name", "string",
            "spindle_count", "int", "ssh_port", "int");
    /** Ganeti's DISK_DT_DEFAULTS: the parameters each disk template accepts. */
    public static final Map<String, Map<String, Object>> DISK_DEFAULTS = diskDefaults();
    private static final Map<String, String> DISK_TYPES = Map.ofEntries(Map.entry("access", "string"),
            Map.entry("c-delay-target", "int"), Map.entry("c-fill-target", "int"), Map.entry("c-max-rate", "int"),
            Map.entry("c-min-rate", "int"), Map.entry("c-plan-ahead", "int"), Map.entry("data-stripes", "int"),
            Map.entry("disk-barriers", "string"), Map.entry("disk-custom", "string"),
            Map.entry("dynamic-resync", "bool"), Map.entry("host", "string"), Map.entry("meta-barriers", "bool"),
            Map.entry("meta-stripes", "int"), Map.entry("metavg", "string"), Map.entry("net-custom", "string"),
            Map.entry("pool", "string"), Map.entry("port", "int"), Map.entry("protocol", "string"),
            Map.entry("resync-rate", "int"), Map.entry("stripes", "int"), Map.entry("volume", "string"));
    public static final List<String> ISPEC_KEYS = List.of("cpu-count", "disk-count", "disk-size", "memory-size",
            "nic-count", "spindle-use");
    /** Ganeti's IPOLICY_DEFAULTS (the cluster has no ipolicy of its own yet). */
    public static final Map<String, Object> IPOLICY_DEFAULTS = sorted(Map.of(
            "disk-templates", DISK_DEFAULTS.keySet().stream().sorted().toList(),
            "minmax", List.of(Map.of("min", ispec(1, 1, 1024, 128, 1, 1), "max", ispec(8, 16, 1048576, 32768, 8, 12))),
            "spindle-ratio", 32.0,
            "std", ispec(1, 1, 1024, 128, 1, 1),
            "vcpu-ratio", 4.0));
    /** Keys a group may set: {@code std} is cluster-wide only. */
    private static final Set<String> GROUP_IPOLICY_KEYS = Set.of("disk-templates", "minmax", "spindle-ratio",
            "vcpu-ratio");

    private GroupParams() {
    }

    public static void checkAllocPolicy(String policy) {
        if (policy != null && !ALLOC_POLICIES.contains(policy)) {
            throw invalid("alloc_policy", "must be one of " + String.join(", ", ALLOC_POLICIES) + ", got '" + policy + "'");
        }
    }

    /** The group's ndparams after applying {@code change}; INVAL naming an unknown key or bad value. */
    public static Map<String, Object> updatedNd(Map<String, Object> current, Map<String, Object> change) {
        Map<String, Object> out = new TreeMap<>(current);
        for (var e : change.entrySet()) {
            String type = ND_TYPES.get(e.getKey());
            if (type == null) {
                throw invalid("ndparams", "unknown node parameter '" + e.getKey() + "' (known: "
                        + String.join(", ", ND_DEFAULTS.keySet()) + ")");
            }
            put(out, e.getKey(), e.getValue(), type, "ndparams/" + e.getKey());
        }
        return out;
    }

    /** The group's diskparams after applying {@code change}, per disk template. */
    public static Map<String, Map<String, Object>> updatedDisk(Map<String, Map<String, Object>> current,
                                                               Map<String, ?> change) {
        Map<String, Map<String, Object>> out = new TreeMap<>(current);
        for (var t : change.entrySet()) {
            Map<String, Object> allowed = DISK_DEFAULTS.get(t.getKey());
            if (allowed == null) {
                throw invalid("diskparams", "unknown disk template '" + t.getKey() + "'");
            }
            if (!(t.getValue() instanceof Map<?, ?> params)) {
                throw invalid("diskparams/" + t.getKey(), "must be a dictionary of parameters");
            }
            Map<String, Object> merged = new TreeMap<>(out.getOrDefault(t.getKey(), Map.of()));
            for (var p : params.entrySet()) {
                String key = String.valueOf(p.getKey());
                if (!allowed.containsKey(key)) {
                    throw invalid("diskparams/" + t.getKey(), "unknown parameter '" + key + "' for disk template "
                            + t.getKey() + (allowed.isEmpty() ? " (it has none)" : " (known: "
                            + String.join(", ", new TreeMap<>(allowed).keySet()) + ")"));
                }
                put(merged, key, p.getValue(), DISK_TYPES.get(key), "diskparams/" + t.getKey() + "/" + key);
            }
            if (merged.isEmpty()) {
                out.remove(t.getKey());
            } else {
                out.put(t.getKey(), merged);
            }
        }
        return out;
    }

    /** The group's ipolicy after applying {@code change}; {@code std} and unknown keys are refused. */
    public static Map<String, Object> updatedIpolicy(Map<String, Object> current, Map<String, Object> change) {
        Map<String, Object> out = new TreeMap<>(current);
        for (var e : change.entrySet()) {
            String key = e.getKey();
            if (!GROUP_IPOLICY_KEYS.contains(key)) {
                throw invalid("ipolicy", "invalid key '" + key + "'" + (key.equals("std")
                        ? ": the standard specs are cluster-wide and cannot be set for a group"
                        : " (a group may set: " + String.join(", ", new TreeMap<>(
                                Map.of("disk-templates", 0, "minmax", 0, "spindle-ratio", 0, "vcpu-ratio", 0)).keySet()) + ")"));
            }
            Object v = e.getValue();
            if (v == null || "default".equals(v)) {
                out.remove(key);
            } else if (key.equals("disk-templates")) {
                out.put(key, templates(v));
            } else if (key.equals("minmax")) {
                out.put(key, minmax(v));
            } else {
                double ratio = (Double) convert(v, "float", "ipolicy/" + key);
                if (ratio <= 0) {
                    throw invalid("ipolicy/" + key, "must be positive, got " + v);
                }
                out.put(key, ratio);
            }
        }
        return out;
    }

    static List<String> templates(Object v) {
        List<?> raw = v instanceof List<?> l ? l : List.of(String.valueOf(v).split(","));
        List<String> out = new ArrayList<>();
        for (Object o : raw) {
            String t = String.valueOf(o).strip();
            if (!DISK_DEFAULTS.containsKey(t)) {
                throw invalid("ipolicy/disk-templates", "unknown disk template '" + t + "'");
            }
            out.add(t);
        }
        return out;
    }

    static List<Map<String, Object>> minmax(Object v) {
        if (!(v instanceof List<?> list) || list.isEmpty()) {
            throw invalid("ipolicy/minmax", "must be a non-empty list of {\"min\": {...}, \"max\": {...}}");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> pair) || !pair.keySet().equals(Set.of("min", "max"))) {
                throw invalid("ipolicy/minmax", "each entry must have exactly the keys 'min' and 'max'");
            }
            Map<String, Object> min = ispecs(pair.get("min"), "min");
            Map<String, Object> max = ispecs(pair.get("max"), "max");
            for (String k : ISPEC_KEYS) {
                if (((Number) min.get(k)).longValue() > ((Number) max.get(k)).longValue()) {
                    throw invalid("ipolicy/minmax", "min " + k + " " + min.get(k) + " is larger than max " + max.get(k));
                }
            }
            out.add(Map.of("min", min, "max", max));
        }
        return out;
    }

    private static Map<String, Object> ispecs(Object v, String which) {
        return ispecs(v, "ipolicy/minmax/" + which, true);
    }

    /** One ispec dictionary; {@code complete}: every key must be given. Values are non-negative integers. */
    static Map<String, Object> ispecs(Object v, String where, boolean complete) {
        if (!(v instanceof Map<?, ?> m)) {
            throw invalid(where, "must be a dictionary of " + String.join(", ", ISPEC_KEYS));
        }
        Map<String, Object> out = new TreeMap<>();
        for (var e : m.entrySet()) {
            String k = String.valueOf(e.getKey());
            if (!ISPEC_KEYS.contains(k)) {
                throw invalid(where, "unknown instance spec '" + k + "' (known: " + String.join(", ", ISPEC_KEYS) + ")");
            }
            Object n = convert(e.getValue(), "int", where + "/" + k);
            if (((Number) n).longValue() < 0) {
                throw invalid(where + "/" + k, "must not be negative, got " + n);
            }
            out.put(k, n);
        }
        if (complete && !out.keySet().containsAll(ISPEC_KEYS)) {
            List<String> missing = ISPEC_KEYS.stream().filter(k -> !out.containsKey(k)).toList();
            throw invalid(where, "missing instance specs " + String.join(", ", missing));
        }
        return out;
    }

    /** Effective ndparams: the defaults filled with the group's own. */
    public static Map<String, Object> effectiveNd(GroupConfig g) {
        Map<String, Object> out = new TreeMap<>(ND_DEFAULTS);
        out.putAll(g.ndparams());
        return out;
    }

    public static Map<String, Map<String, Object>> effectiveDisk(GroupConfig g) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        DISK_DEFAULTS.forEach((t, d) -> {
            Map<String, Object> m = new TreeMap<>(d);
            m.putAll(g.diskparams().getOrDefault(t, Map.of()));
            out.put(t, m);
        });
        return out;
    }

    /** Effective diskparams: the cluster's (complete) values filled with the group's own. */
    public static Map<String, Map<String, Object>> effectiveDisk(ClusterConfig c, GroupConfig g) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        c.diskparams().forEach((t, d) -> {
            Map<String, Object> m = new TreeMap<>(d);
            m.putAll(g.diskparams().getOrDefault(t, Map.of()));
            out.put(t, m);
        });
        return out;
    }

    /** Effective ipolicy: the cluster's filled with what the group sets (Ganeti's FillIPolicy). */
    public static Map<String, Object> effectiveIpolicy(ClusterConfig c, GroupConfig g) {
        Map<String, Object> out = new TreeMap<>(c.ipolicy());
        out.putAll(g.ipolicy());
        return out;
    }

    public static Map<String, Object> effectiveIpolicy(GroupConfig g) {
        Map<String, Object> out = new TreeMap<>(IPOLICY_DEFAULTS);
        out.putAll(g.ipolicy());
        return out;
    }

    private static void put(Map<String, Object> into, String key, Object v, String type, String where) {
        if (v == null || "default".equals(v)) {
            into.remove(key);
        } else {
            into.put(key, convert(v, type, where));
        }
    }

    static Object convert(Object v, String type, String where) {
        String s = String.valueOf(v).strip();
        try {
            return switch (type) {
                case "int" -> {
                    if (v instanceof Number n && n.doubleValue() == n.longValue()) {
                        yield n.longValue() == n.intValue() ? (Object) n.intValue() : (Object) n.longValue();
                    }
                    yield Integer.parseInt(s);
                }
                case "float" -> v instanceof Number n ? n.doubleValue() : Double.parseDouble(s);
                case "bool" -> {
                    if (v instanceof Boolean b) {
                        yield b;
                    }
                    yield switch (s.toLowerCase(Locale.ROOT)) {
                        case "true", "yes", "1", "on" -> true;
                        case "false", "no", "0", "off" -> false;
                        default -> throw new NumberFormatException();
                    };
                }
                default -> {
                    if (v instanceof Map || v instanceof List) {
                        throw new NumberFormatException();
                    }
                    yield s;
                }
            };
        } catch (NumberFormatException e) {
            throw invalid(where, "must be " + (type.equals("int") ? "an integer" : type.equals("float") ? "a number"
                    : type.equals("bool") ? "a boolean" : "a string") + ", got '" + v + "'");
        }
    }

    static PluginException invalid(String field, String why) {
        return new PluginException(ErrorKind.INVAL, "Invalid '" + field + "': " + why);
    }

    private static Map<String, Object> ispec(int cpu, int disks, int diskSize, int mem, int nics, int spindles) {
        return sorted(Map.of("cpu-count", cpu, "disk-count", disks, "disk-size", diskSize, "memory-size", mem,
                "nic-count", nics, "spindle-use", spindles));
    }

    private static Map<String, Object> sorted(Map<String, Object> m) {
        return java.util.Collections.unmodifiableMap(new TreeMap<>(m));
    }

    private static Map<String, Map<String, Object>> diskDefaults() {
        Map<String, Map<String, Object>> d = new LinkedHashMap<>();
        d.put("blockdev", Map.of());
        d.put("diskless", Map.of());
        Map<String, Object> drbd = new TreeMap<>();
        drbd.put("c-delay-target", 1);
        drbd.put("c-fill-target", 0);
        drbd.put("c-max-rate", 61440);
        drbd.put("c-min-rate", 4096);
        drbd.put("c-plan-ahead", 20);
        drbd.put("data-stripes", 1);
        drbd.put("disk-barriers", "n");
        drbd.put("disk-custom", "");
        drbd.put("dynamic-resync", false);
        drbd.put("meta-barriers", false);
        drbd.put("meta-stripes", 1);
        drbd.put("metavg", "xenvg");
        drbd.put("net-custom", "");
        drbd.put("protocol", "C");
        drbd.put("resync-rate", 61440);
        d.put("drbd", java.util.Collections.unmodifiableMap(drbd));
        d.put("ext", Map.of("access", "kernelspace"));
        d.put("file", Map.of());
        d.put("gluster", sorted(Map.of("access", "kernelspace", "host", "127.0.0.1", "port", 24007, "volume", "gv0")));
        d.put("plain", Map.of("stripes", 1));
        d.put("rbd", sorted(Map.of("access", "kernelspace", "pool", "rbd")));
        d.put("sharedfile", Map.of());
        return java.util.Collections.unmodifiableMap(d);
    }
}
