package org.gnt.plugins;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** One parameter a plugin accepts: name, type, default and documentation. */
public record ParamSpec(String name, ParamType type, Object defaultValue, String doc) {
    public ParamSpec {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(type, "type is null");
        doc = doc == null ? "" : doc;
    }

    /**
     * Checks every given parameter against the specs: unknown names and wrong types are refused
     * with INVAL naming the parameter. Returns the given values normalised (no defaults added).
     */
    public static Map<String, Object> check(List<ParamSpec> specs, Map<String, ?> given) {
        Map<String, ParamSpec> byName = new HashMap<>();
        for (ParamSpec s : specs) {
            byName.put(s.name(), s);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : given.entrySet()) {
            ParamSpec spec = byName.get(e.getKey());
            if (spec == null) {
                throw new PluginException(ErrorKind.INVAL, "Unknown parameter '" + e.getKey() + "'");
            }
            out.put(e.getKey(), spec.type().coerce(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** The given values on top of the specs' defaults. */
    public static Map<String, Object> fill(List<ParamSpec> specs, Map<String, ?> given) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ParamSpec s : specs) {
            if (s.defaultValue() != null) {
                out.put(s.name(), s.defaultValue());
            }
        }
        out.putAll(check(specs, given));
        return out;
    }
}
