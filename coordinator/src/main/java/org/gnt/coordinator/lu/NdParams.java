package org.gnt.coordinator.lu;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * Ganeti's node parameters (constants.NDS_PARAMETER_TYPES) and their syntax check. A null value
 * removes the node's own setting, so the group's or cluster's applies again (Ganeti's "default").
 */
final class NdParams {
    /** Name to kind: s = string, i = non-negative integer, b = boolean, f = number. */
    static final Map<String, Character> TYPES = new TreeMap<>(Map.of("oob_program", 's', "spindle_count", 'i',
            "exclusive_storage", 'b', "ovs", 'b', "ovs_name", 's', "ovs_link", 's', "ssh_port", 'i',
            "cpu_speed", 'f'));

    private NdParams() {
    }

    /** The node's own parameters after applying {@code changes}; refuses unknown names and wrong types. */
    static Map<String, Object> merge(Map<String, Object> own, Map<String, Object> changes) {
        Map<String, Object> out = new LinkedHashMap<>(own);
        for (var e : changes.entrySet()) {
            Character kind = TYPES.get(e.getKey());
            if (kind == null) {
                throw new PluginException(ErrorKind.INVAL, "Unknown node parameter '" + e.getKey()
                        + "' in ndparams (known: " + String.join(", ", TYPES.keySet()) + ")");
            }
            Object v = e.getValue();
            if (v == null || "default".equals(v)) {
                out.remove(e.getKey());
                continue;
            }
            out.put(e.getKey(), convert(e.getKey(), kind, v));
        }
        return out;
    }

    private static Object convert(String name, char kind, Object v) {
        String text = String.valueOf(v).trim();
        try {
            switch (kind) {
                case 'i':
                    long l = v instanceof Number n && n.doubleValue() == n.longValue() ? n.longValue() : Long.parseLong(text);
                    if (l < 0) {
                        throw new NumberFormatException();
                    }
                    return l;
                case 'f':
                    return v instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
                case 'b':
                    if (v instanceof Boolean b) {
                        return b;
                    }
                    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                        return Boolean.parseBoolean(text);
                    }
                    throw new NumberFormatException();
                default:
                    return text;
            }
        } catch (NumberFormatException e) {
            String want = kind == 'i' ? "a non-negative integer" : kind == 'f' ? "a number" : "true or false";
            throw new PluginException(ErrorKind.INVAL, "Node parameter '" + name + "' must be " + want + ", got '"
                    + text + "'");
        }
    }
}
