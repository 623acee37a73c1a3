package org.gnt.bus.filter;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.gnt.bus.Json;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * What a filter rule does to the jobs it applies to, written as Ganeti writes it: the strings
 * {@code "ACCEPT"}, {@code "PAUSE"}, {@code "REJECT"}, {@code "CONTINUE"}, or
 * {@code ["RATE_LIMIT", n]} with a positive {@code n}. Names are case-sensitive, as in Ganeti.
 * {@code limit} is 0 for every kind but {@code RATE_LIMIT}.
 */
public record FilterAction(Kind kind, int limit) {
    public enum Kind {
        ACCEPT, PAUSE, REJECT, CONTINUE, RATE_LIMIT
    }

    public static final FilterAction ACCEPT = new FilterAction(Kind.ACCEPT, 0);
    public static final FilterAction PAUSE = new FilterAction(Kind.PAUSE, 0);
    public static final FilterAction REJECT = new FilterAction(Kind.REJECT, 0);
    public static final FilterAction CONTINUE = new FilterAction(Kind.CONTINUE, 0);

    public FilterAction {
        Objects.requireNonNull(kind, "kind is null");
        if (kind == Kind.RATE_LIMIT ? limit <= 0 : limit != 0) {
            throw new IllegalArgumentException(kind == Kind.RATE_LIMIT ? "RATE_LIMIT needs a positive limit"
                    : kind + " takes no limit");
        }
    }

    public static FilterAction rateLimit(int n) {
        return new FilterAction(Kind.RATE_LIMIT, n);
    }

    /** Reads Ganeti's JSON form; a bad one is {@code PluginException(INVAL)} naming the field {@code action}. */
    public static FilterAction parse(JsonNode json) {
        if (json != null && json.isTextual()) {
            switch (json.textValue()) {
                case "ACCEPT":
                    return ACCEPT;
                case "PAUSE":
                    return PAUSE;
                case "REJECT":
                    return REJECT;
                case "CONTINUE":
                    return CONTINUE;
                case "RATE_LIMIT":
                    throw invalid("RATE_LIMIT needs its limit: [\"RATE_LIMIT\", n] with a positive integer n");
                default:
                    break;
            }
        }
        if (json != null && json.isArray() && !json.isEmpty() && "RATE_LIMIT".equals(json.get(0).textValue())) {
            JsonNode n = json.get(1);
            if (json.size() != 2 || !n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() <= 0) {
                throw invalid("the RATE_LIMIT argument must be a positive integer: [\"RATE_LIMIT\", n], got " + json);
            }
            return rateLimit(n.intValue());
        }
        throw invalid("must be one of \"ACCEPT\", \"PAUSE\", \"REJECT\", \"CONTINUE\" or [\"RATE_LIMIT\", n], got "
                + json);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static FilterAction fromJson(JsonNode json) {
        return parse(json);
    }

    @JsonValue
    public JsonNode toJson() {
        if (kind == Kind.RATE_LIMIT) {
            return Json.MAPPER.createArrayNode().add(kind.name()).add(limit);
        }
        return TextNode.valueOf(kind.name());
    }

    private static PluginException invalid(String why) {
        return new PluginException(ErrorKind.INVAL, "action: " + why);
    }
}
