package org.gnt.bus.filter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.bus.Json;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * One entry of a reason trail, Ganeti's {@code [source, reason, timestamp]} triple: who acted
 * (e.g. {@code gnt:client:rapi}), why, and when, in nanoseconds since the epoch.
 */
public record ReasonEntry(String source, String reason, long timestamp) {
    public ReasonEntry {
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(reason, "reason is null");
    }

    /** An entry stamped now. */
    public static ReasonEntry now(String source, String reason) {
        Instant t = Instant.now();
        return new ReasonEntry(source, reason, t.getEpochSecond() * 1_000_000_000L + t.getNano());
    }

    /** A trail as a request gives it; {@code where} names the field in errors (Ganeti's field is {@code reason}). */
    public static List<ReasonEntry> parseTrail(JsonNode json, String where) {
        if (json == null || json.isMissingNode() || json.isNull()) {
            return List.of();
        }
        if (!json.isArray()) {
            throw new PluginException(ErrorKind.INVAL, where + ": must be a list of [source, reason, timestamp], got "
                    + json);
        }
        List<ReasonEntry> out = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            JsonNode e = json.get(i);
            out.add(of(e).orElseThrow(() -> new PluginException(ErrorKind.INVAL, where + "[" + out.size()
                    + "]: must be [source, reason, timestamp] with two strings and an integer (nanoseconds), got " + e)));
        }
        return List.copyOf(out);
    }

    /** The entry a JSON triple holds, if it is one (opcodes' trails are read leniently). */
    public static Optional<ReasonEntry> of(JsonNode e) {
        if (e == null || !e.isArray() || e.size() != 3 || !e.get(0).isTextual() || !e.get(1).isTextual()
                || !e.get(2).isIntegralNumber() || !e.get(2).canConvertToLong()) {
            return Optional.empty();
        }
        return Optional.of(new ReasonEntry(e.get(0).textValue(), e.get(1).textValue(), e.get(2).longValue()));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ReasonEntry fromJson(JsonNode json) {
        return of(json).orElseThrow(() -> new IllegalArgumentException("not a reason entry: " + json));
    }

    @JsonValue
    public JsonNode toJson() {
        return Json.MAPPER.createArrayNode().add(source).add(reason).add(timestamp);
    }
}
