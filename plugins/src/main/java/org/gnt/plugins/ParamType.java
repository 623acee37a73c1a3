package org.gnt.plugins;

import java.util.Locale;

/** Value types of hypervisor, disk and OS parameters, each knowing how to check and normalise a value. */
public enum ParamType {
    STRING, INT, BOOL, SIZE_MIB;

    /** Returns the value in its canonical Java type, or throws INVAL naming the parameter. */
    public Object coerce(String name, Object value) {
        if (value == null) {
            return null;
        }
        switch (this) {
            case STRING:
                if (value instanceof String) {
                    return value;
                }
                break;
            case BOOL:
                if (value instanceof Boolean) {
                    return value;
                }
                if (value instanceof String s) {
                    String t = s.toLowerCase(Locale.ROOT);
                    if (t.equals("true") || t.equals("yes") || t.equals("1")) {
                        return true;
                    }
                    if (t.equals("false") || t.equals("no") || t.equals("0")) {
                        return false;
                    }
                }
                break;
            case INT:
            case SIZE_MIB:
                if (value instanceof Integer || value instanceof Long) {
                    return ((Number) value).longValue();
                }
                if (value instanceof String s) {
                    Long parsed = this == SIZE_MIB ? parseSizeMib(s) : parseLong(s);
                    if (parsed != null) {
                        return parsed;
                    }
                }
                break;
            default:
                break;
        }
        throw new PluginException(ErrorKind.INVAL,
                "Parameter '" + name + "' must be " + describe() + ", got " + value);
    }

    private String describe() {
        return switch (this) {
            case STRING -> "a string";
            case INT -> "an integer";
            case BOOL -> "a boolean";
            case SIZE_MIB -> "a size (MiB, or with a unit m/g/t)";
        };
    }

    private static Long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Parses Ganeti-style sizes: a bare number is MiB; m, g and t suffixes scale. */
    public static Long parseSizeMib(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        long scale = 1;
        if (t.endsWith("t")) {
            scale = 1024L * 1024;
        } else if (t.endsWith("g")) {
            scale = 1024;
        } else if (!t.endsWith("m")) {
            Long plain = parseLong(t);
            return plain == null || plain < 0 ? null : plain;
        }
        try {
            double d = Double.parseDouble(t.substring(0, t.length() - 1));
            return d < 0 ? null : (long) Math.ceil(d * scale);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
