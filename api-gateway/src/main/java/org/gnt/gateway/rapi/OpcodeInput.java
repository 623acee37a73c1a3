package org.gnt.gateway.rapi;

import java.time.Instant;
import java.util.Iterator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.gnt.bus.Json;
import org.gnt.gateway.errors.RapiError;

/**
 * Builds one opcode's JSON from a RAPI request, as Ganeti's resources fill an opcode: the body's
 * fields as opcode parameters, values the URL fixes (instance name, query flags) on top, and a
 * body naming one of those too is refused. Adds {@code dry_run} from {@code ?dry-run} and an entry
 * to the reason trail ({@code ?reason=} or the request line). Validation is left to
 * {@link org.gnt.bus.opcode.OpCodes#parse}, called on submission.
 */
public final class OpcodeInput {
    /** Source of the reason-trail entries the gateway adds, in the style of Ganeti's {@code gnt:client:*}. */
    public static final String REASON_SOURCE = "gnt:client:rapi";

    private final ObjectNode params;
    private final ObjectNode fromUrl = Json.MAPPER.createObjectNode();

    private OpcodeInput(String opId, ObjectNode params) {
        this.params = params;
        params.remove("OP_ID");
        fromUrl.put("OP_ID", opId);
    }

    /** Starts from the request body: none or {@code null} is no parameters; anything but an object is refused. */
    public static OpcodeInput fromBody(String opId, JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            return new OpcodeInput(opId, Json.MAPPER.createObjectNode());
        }
        if (!body.isObject()) {
            throw RapiError.badRequest("Invalid body parameters: the body must be a JSON object, got "
                    + body.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return new OpcodeInput(opId, ((ObjectNode) body).deepCopy());
    }

    /** Accepts an old parameter name for a new one ({@code name} for {@code instance_name}); both at once is refused. */
    public OpcodeInput rename(String old, String nu) {
        if (params.has(old)) {
            if (params.has(nu)) {
                throw RapiError.badRequest("Invalid body parameters: '" + old + "' is the old name of '" + nu
                        + "'; give only one of them");
            }
            params.set(nu, params.remove(old));
        }
        return this;
    }

    /** A value the URL decides; the body must not give it. */
    public OpcodeInput fixed(String field, JsonNode value) {
        if (params.has(field)) {
            throw RapiError.badRequest("Invalid body parameters: '" + field
                    + "' comes from the URL and cannot be given in the body");
        }
        fromUrl.set(field, value);
        return this;
    }

    public OpcodeInput fixed(String field, String value) {
        return fixed(field, TextNode.valueOf(value));
    }

    /** A boolean query argument, when given, fixes the opcode field; otherwise the body may set it. */
    public OpcodeInput flagFromQuery(RapiRequest req, String queryName, String field) {
        if (req.hasQuery(queryName)) {
            fixed(field, BooleanNode.valueOf(req.flag(queryName)));
        }
        return this;
    }

    /** The opcode: body parameters, URL values, {@code dry_run}, the reason trail and {@code OP_ID}. */
    public ObjectNode build(RapiRequest req) {
        flagFromQuery(req, "dry-run", "dry_run");
        ObjectNode op = params.deepCopy();
        for (Iterator<String> it = fromUrl.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            op.set(f, fromUrl.get(f));
        }
        return addReason(op, req);
    }

    /** Appends this request's entry to the opcode's reason trail (made if absent); returns the opcode. */
    public static ObjectNode addReason(ObjectNode op, RapiRequest req) {
        JsonNode given = op.get("reason");
        ArrayNode trail;
        if (given == null || given.isNull()) {
            trail = op.putArray("reason");
        } else if (given.isArray()) {
            trail = (ArrayNode) given;
        } else {
            throw RapiError.badRequest("Invalid body parameters: 'reason' must be a list of [source, text, time]");
        }
        Instant now = Instant.now();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        String text = req.query("reason").orElse(req.method() + " " + req.path());
        trail.addArray().add(REASON_SOURCE).add(text).add(nanos);
        return op;
    }
}
