package org.gnt.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.ParamType;
import org.gnt.plugins.PluginException;

/**
 * Parsing of Ganeti's option value syntaxes: {@code key=value,...} lists (a bare {@code key} is true,
 * {@code no_key} false, {@code \,} a literal comma), {@code ident:key=value,...} ({@code -H}),
 * indexed specs ({@code --disk 0:size=10G,mode=rw}) and sizes with units. Every refusal is a
 * {@code wrong_input} error naming the option.
 */
public final class OptionValues {
    private static final Set<String> SIZE_BE = Set.of("memory", "minmem", "maxmem");
    private static final Set<String> INT_BE = Set.of("vcpus", "spindle_use");
    private static final Set<String> BOOL_BE = Set.of("auto_balance", "always_failover");

    private OptionValues() {
    }

    /** {@code a=1,b=x,no_c,d} to an ordered map; values are strings, or booleans for the bare forms. */
    public static Map<String, Object> keyValues(String text, String option) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String item : splitEscaped(text)) {
            if (item.isEmpty()) {
                continue;
            }
            String key;
            Object value;
            int eq = item.indexOf('=');
            if (eq >= 0) {
                key = item.substring(0, eq);
                value = item.substring(eq + 1);
            } else if (item.startsWith("no_")) {
                key = item.substring(3);
                value = Boolean.FALSE;
            } else if (item.startsWith("-")) {
                throw invalid(option, "resetting '" + item.substring(1) + "' to its default is not possible here");
            } else {
                key = item;
                value = Boolean.TRUE;
            }
            if (key.isEmpty()) {
                throw invalid(option, "missing parameter name in '" + item + "'");
            }
            if (out.put(key, value) != null) {
                throw invalid(option, "parameter '" + key + "' given twice");
            }
        }
        return out;
    }

    /** A name and its parameters: {@code kvm:kernel_path=/vmlinuz,acpi} or just {@code kvm}. */
    public record Ident(String name, Map<String, Object> params) {
    }

    public static Ident ident(String text, String option) {
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        if (name.isBlank()) {
            throw invalid(option, "expected NAME[:key=value,...], got '" + text + "'");
        }
        return new Ident(name.trim(), colon < 0 ? Map.of() : keyValues(text.substring(colon + 1), option));
    }

    /** Indexed specs ({@code 0:size=1G}, {@code 1:size=2G}) as a list ordered by index, which must run from 0 without gaps. */
    public static List<Map<String, Object>> indexed(List<String> specs, String option, String what) {
        Map<Integer, Map<String, Object>> byIndex = new TreeMap<>();
        for (String spec : specs) {
            int colon = spec.indexOf(':');
            String idx = colon < 0 ? spec : spec.substring(0, colon);
            int index;
            try {
                index = Integer.parseInt(idx.trim());
            } catch (NumberFormatException e) {
                throw invalid(option, "expected N:key=value,... with N the " + what + " index, got '" + spec + "'");
            }
            if (index < 0) {
                throw invalid(option, what + " index must not be negative: '" + spec + "'");
            }
            Map<String, Object> params = colon < 0 ? new LinkedHashMap<>() : keyValues(spec.substring(colon + 1), option);
            if (byIndex.put(index, params) != null) {
                throw invalid(option, what + " " + index + " is given twice");
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < byIndex.size(); i++) {
            Map<String, Object> p = byIndex.get(i);
            if (p == null) {
                throw invalid(option, what + "s must be numbered from 0 without gaps; " + what + " " + i + " is missing");
            }
            out.add(p);
        }
        return out;
    }

    /** Disk specs from {@code --disk}: sizes become MiB, spindles an integer. */
    public static List<Map<String, Object>> disks(List<String> specs) {
        List<Map<String, Object>> disks = indexed(specs, "--disk", "disk");
        for (int i = 0; i < disks.size(); i++) {
            Map<String, Object> d = disks.get(i);
            if (!d.containsKey("size") && !d.containsKey("adopt")) {
                throw invalid("--disk", "disk " + i + " needs a size (size=SIZE) or an adoption source (adopt=LV)");
            }
            if (d.containsKey("size")) {
                d.put("size", sizeMib(String.valueOf(d.get("size")), "--disk " + i + " size"));
            }
            if (d.containsKey("spindles")) {
                d.put("spindles", integer(d.get("spindles"), "--disk " + i + " spindles"));
            }
            Object mode = d.get("mode");
            if (mode != null && !mode.equals("rw") && !mode.equals("ro")) {
                throw invalid("--disk", "disk " + i + " mode must be rw or ro, got '" + mode + "'");
            }
        }
        return disks;
    }

    /** A size in MiB: a plain number is MiB, or with a unit m, g or t ({@code 512}, {@code 1.5g}, {@code 2T}). */
    public static long sizeMib(String text, String what) {
        Long v = text == null ? null : ParamType.parseSizeMib(text);
        if (v == null) {
            throw new PluginException(ErrorKind.INVAL, "Invalid size for " + what + ": '" + text
                    + "' (use a number of MiB, or a number with unit m, g or t)");
        }
        return v;
    }

    /**
     * Ganeti's time specification ({@code cli.ParseTimespec}): whole seconds, or a whole number with
     * a suffix s, m, h, d or w ({@code 3600}, {@code 1d}, {@code 2w}). Unlike Ganeti, a negative
     * value is refused rather than meaning "everything".
     */
    public static java.time.Duration timespec(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new PluginException(ErrorKind.INVAL, "Empty time specification passed");
        }
        long unit = switch (t.charAt(t.length() - 1)) {
            case 's' -> 1;
            case 'm' -> 60;
            case 'h' -> 3600;
            case 'd' -> 86_400;
            case 'w' -> 604_800;
            default -> 0;
        };
        String digits = unit == 0 ? t : t.substring(0, t.length() - 1);
        if (digits.isEmpty()) {
            throw new PluginException(ErrorKind.INVAL, "Invalid time specification (only suffix passed)");
        }
        if (!digits.matches("\\d{1,12}")) {
            throw new PluginException(ErrorKind.INVAL, "Invalid time specification '" + text
                    + "' (use whole seconds, or a whole number with s, m, h, d or w)");
        }
        return java.time.Duration.ofSeconds(Long.parseLong(digits) * Math.max(unit, 1));
    }

    /**
     * Backend parameters with their types: memory sizes in MiB, integers, booleans. The legacy
     * {@code memory} becomes {@code minmem} and {@code maxmem} (unless those are given), as in Ganeti.
     */
    public static Map<String, Object> backendParams(Map<String, Object> raw, String option) {
        Map<String, Object> out = typedBackendParams(raw, option);
        Object memory = out.remove("memory");
        if (memory != null) {
            out.putIfAbsent("minmem", memory);
            out.putIfAbsent("maxmem", memory);
        }
        return out;
    }

    private static Map<String, Object> typedBackendParams(Map<String, Object> raw, String option) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            String k = e.getKey();
            Object v = e.getValue();
            if (SIZE_BE.contains(k)) {
                out.put(k, v instanceof String s ? sizeMib(s, option + " " + k) : bad(option, k, v, "a size"));
            } else if (INT_BE.contains(k)) {
                out.put(k, integer(v, option + " " + k));
            } else if (BOOL_BE.contains(k)) {
                out.put(k, bool(v, option + " " + k));
            } else {
                throw new PluginException(ErrorKind.INVAL, "Unknown backend parameter '" + k + "' in " + option
                        + " (known: always_failover, auto_balance, maxmem, memory, minmem, spindle_use, vcpus)");
            }
        }
        return out;
    }

    /** A comma list: {@code file,diskless}. */
    public static List<String> list(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    public static int integer(Object v, String what) {
        if (v instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new PluginException(ErrorKind.INVAL, "Invalid value for " + what + ": '" + v + "' is not an integer");
    }

    public static boolean bool(Object v, String what) {
        if (v instanceof Boolean b) {
            return b;
        }
        String t = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new PluginException(ErrorKind.INVAL, "Invalid value for " + what + ": '" + v
                    + "' is not a boolean (yes/no, true/false)");
        };
    }

    private static Object bad(String option, String key, Object v, String expected) {
        throw new PluginException(ErrorKind.INVAL, "Invalid value for " + option + " " + key + ": '" + v
                + "' is not " + expected);
    }

    private static PluginException invalid(String option, String why) {
        return new PluginException(ErrorKind.INVAL, "Invalid " + option + " value: " + why);
    }

    private static List<String> splitEscaped(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == ',') {
                cur.append(',');
                i++;
            } else if (c == ',') {
                parts.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString().trim());
        return parts;
    }
}
