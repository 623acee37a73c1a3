package org.gnt.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/** Turns a field value (JSON, as the bus views return it) into the text of a table cell. */
public final class Cells {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    /** C's ctime(3), which Ganeti uses before each job log line: {@code Sun Nov  9 10:00:00 2026}. */
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy",
            Locale.ENGLISH);

    private Cells() {
    }

    public static String render(JsonNode v, Field.Kind kind, Field.Missing missing, String units, boolean verbose) {
        if (kind == Field.Kind.UNKNOWN) {
            return Field.Missing.UNKNOWN.text(verbose);
        }
        if (v == null || v.isNull() || v.isMissingNode()) {
            return missing.text(verbose);
        }
        return switch (kind) {
            case UNIT -> v.isNumber() ? Units.format(v.asDouble(), units) : v.asText();
            case BOOL -> v.isBoolean() ? (v.asBoolean() ? "Y" : "N") : v.asText();
            case UNIT_LIST -> join(v, e -> e.isNumber() ? Units.format(e.asDouble(), units) : scalar(e));
            case LIST -> join(v, Cells::scalar);
            case TIME -> time(v);
            default -> scalar(v);
        };
    }

    private static String join(JsonNode v, java.util.function.Function<JsonNode, String> each) {
        if (!v.isArray()) {
            return scalar(v);
        }
        List<String> parts = new ArrayList<>();
        v.forEach(e -> parts.add(e == null || e.isNull() ? "-" : each.apply(e)));
        return String.join(",", parts);
    }

    static String scalar(JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isBoolean()) {
            return v.asBoolean() ? "True" : "False";
        }
        if (v.isFloatingPointNumber() && v.asDouble() == Math.rint(v.asDouble())) {
            return Long.toString(v.asLong());
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    /** A time as seconds (a number) or Ganeti's {@code [seconds, microseconds]}. */
    static String time(JsonNode v) {
        if (v.isArray() && v.size() == 2) {
            Instant t = Instant.ofEpochSecond(v.get(0).asLong(), v.get(1).asLong() * 1000);
            return TIME.format(t.atZone(ZoneId.systemDefault())) + String.format(Locale.ROOT, ".%06d", v.get(1).asLong());
        }
        if (v.isNumber()) {
            Instant t = Instant.ofEpochMilli(Math.round(v.asDouble() * 1000));
            return TIME.format(t.atZone(ZoneId.systemDefault()));
        }
        return scalar(v);
    }

    public static String time(Instant t) {
        return t == null ? "N/A" : TIME.format(t.atZone(ZoneId.systemDefault()))
                + String.format(Locale.ROOT, ".%06d", t.getNano() / 1000);
    }

    public static String ctime(Instant t) {
        return CTIME.format(t.atZone(ZoneId.systemDefault()));
    }
}
