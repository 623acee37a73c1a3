package org.gnt.bus.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.gnt.plugins.PluginException;

/** Ganeti's encoding of an opcode failure in {@code opresult}: {@code [class, [message, ecode]]}. */
public final class OpErrors {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private OpErrors() {
    }

    public static JsonNode prereq(PluginException e) {
        return F.arrayNode().add("OpPrereqError").add(F.arrayNode().add(e.getMessage()).add(e.kind().code()));
    }

    public static JsonNode exec(String message) {
        return F.arrayNode().add("OpExecError").add(F.arrayNode().add(message));
    }

    /** The human message of an encoded error, for CLI output. */
    public static String message(JsonNode encoded) {
        if (encoded instanceof ArrayNode a && a.size() == 2 && a.get(1).isArray() && a.get(1).size() > 0) {
            return a.get(0).asText() + ": " + a.get(1).get(0).asText();
        }
        return String.valueOf(encoded);
    }
}
