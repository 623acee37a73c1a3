package org.gnt.bus.opcode;

import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.Json;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.ParamType;
import org.gnt.plugins.PluginException;

/** Strict opcode parsing: an unknown OP_ID, unknown field or wrong type is an INVAL error naming it. */
public final class OpCodes {
    private static final ObjectMapper STRICT = Json.MAPPER.copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private OpCodes() {
    }

    /** Parses and validates one opcode. */
    public static OpCode parse(JsonNode input) {
        if (input == null || !input.isObject()) {
            throw new PluginException(ErrorKind.INVAL, "An opcode must be a JSON object");
        }
        ObjectNode specific = ((ObjectNode) input).deepCopy();
        specific.remove(OpCommon.FIELDS);
        String opId = input.path("OP_ID").asText("");
        OpCode op;
        try {
            op = STRICT.treeToValue(specific, OpCode.class);
        } catch (InvalidTypeIdException e) {
            throw new PluginException(ErrorKind.INVAL, opId.isEmpty() ? "Opcode lacks OP_ID" : "Unknown opcode '" + opId + "'");
        } catch (UnrecognizedPropertyException e) {
            throw new PluginException(ErrorKind.INVAL,
                    "Opcode " + opId + " does not accept the parameter '" + e.getPropertyName() + "'");
        } catch (JsonMappingException e) {
            String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "" + r.getIndex())
                    .collect(Collectors.joining("/"));
            throw new PluginException(ErrorKind.INVAL,
                    "Parameter '" + field + "' of " + opId + " has the wrong type: " + e.getOriginalMessage());
        } catch (Exception e) {
            throw new PluginException(ErrorKind.INVAL, "Invalid opcode " + opId + ": " + e.getMessage());
        }
        op.validate();
        return op;
    }

    /** The generic fields of an opcode, from its JSON. */
    public static OpCommon common(JsonNode input) {
        try {
            ObjectNode only = Json.MAPPER.createObjectNode();
            for (String f : OpCommon.FIELDS) {
                if (input.hasNonNull(f) && !f.equals("debug_level")) {
                    only.set(f, input.get(f));
                }
            }
            JsonNode priority = only.path("priority");
            if (!priority.isMissingNode() && (!priority.canConvertToInt() || priority.asInt() < -20 || priority.asInt() > 19)) {
                throw new PluginException(ErrorKind.INVAL, "Parameter 'priority' must be an integer from -20 to 19");
            }
            return new OpCommon(only.path("dry_run").asBoolean(false), priority.asInt(0),
                    Json.MAPPER.convertValue(only.path("depends").isMissingNode() ? null : only.get("depends"),
                            Json.MAPPER.getTypeFactory().constructCollectionType(java.util.List.class, JsonNode.class)),
                    only.path("comment").isTextual() ? only.get("comment").asText() : null,
                    Json.MAPPER.convertValue(only.path("reason").isMissingNode() ? null : only.get("reason"),
                            Json.MAPPER.getTypeFactory().constructCollectionType(java.util.List.class, JsonNode.class)));
        } catch (IllegalArgumentException e) {
            throw new PluginException(ErrorKind.INVAL, "Invalid generic opcode parameter: " + e.getMessage());
        }
    }

    /** JSON of an opcode record, with its OP_ID. */
    public static ObjectNode toJson(OpCode op) {
        return STRICT.valueToTree(op);
    }

    static void require(String op, String field, Object value) {
        if (value == null) {
            throw new PluginException(ErrorKind.INVAL, "Parameter '" + field + "' of " + op + " is required");
        }
    }

    static void requireName(String op, String field, String value) {
        require(op, field, value);
        check(op, field, !value.isBlank() && value.matches("[A-Za-z0-9][A-Za-z0-9._-]*"),
                "must be a host name (letters, digits, '.', '-', '_'), got '" + value + "'");
    }

    static void check(String op, String field, boolean ok, String why) {
        if (!ok) {
            throw new PluginException(ErrorKind.INVAL, "Parameter '" + field + "' of " + op + ": " + why);
        }
    }

    /** A dotted-quad IPv4 address. */
    static boolean isIpv4(String s) {
        return s.matches("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    }

    /** A disk size in MiB from an int or a string with a unit; null when it is neither. */
    public static Long sizeMib(Object v) {
        if (v instanceof Number n) {
            return n.longValue() >= 0 && n.doubleValue() == n.longValue() ? n.longValue() : null;
        }
        return v instanceof String s ? ParamType.parseSizeMib(s) : null;
    }
}
