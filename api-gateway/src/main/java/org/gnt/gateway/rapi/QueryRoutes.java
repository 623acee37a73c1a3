package org.gnt.gateway.rapi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import org.gnt.bus.Json;
import org.gnt.bus.filter.FilterText;
import org.gnt.bus.filter.QueryFilter;
import org.gnt.bus.filter.UnknownFieldException;
import org.gnt.gateway.Backend;
import org.gnt.gateway.errors.RapiError;
import org.gnt.gateway.rapi.QueryResource.FieldDef;
import org.gnt.plugins.PluginException;

/**
 * {@code /2/query/[resource]} and {@code /2/query/[resource]/fields} for node, instance, group and
 * job (Ganeti's query2 over RAPI). The answer is {@code {"fields": [definitions], "data": [[[status,
 * value], ...], ...]}}; an unknown requested field is defined with kind {@code unknown} and every
 * cell {@code [1, null]}, as Ganeti does. The filter ({@code qfilter}, or the older {@code filter},
 * in the body of a PUT; a gnt extension also takes {@code ?qfilter=JSON} on GET) is Ganeti's JSON
 * list form; a malformed filter or one naming an unknown field is 400 with the reason.
 */
public final class QueryRoutes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final Backend backend;

    public QueryRoutes(Backend backend) {
        this.backend = backend;
    }

    /** {@code GET /2/query/[resource]?fields=a,b}. */
    public Future<?> get(RapiRequest req) {
        QueryResource res = resource(req);
        List<String> fields = split(req.query("fields")
                .orElseThrow(() -> RapiError.badRequest("Missing 'fields' query argument")));
        JsonNode filter = req.query("qfilter").map(QueryRoutes::parseJson).orElse(F.nullNode());
        return run(req, res, fields, filter);
    }

    /** {@code PUT /2/query/[resource]} with {@code {"fields": [...], "qfilter": [...]}}. */
    public Future<?> put(RapiRequest req) {
        QueryResource res = resource(req);
        JsonNode body = req.body();
        if (!body.isMissingNode() && !body.isObject()) {
            throw RapiError.badRequest("Body contents must be an object, got " + body.getNodeType());
        }
        List<String> fields;
        JsonNode given = body.path("fields");
        if (given.isMissingNode()) {
            fields = split(req.query("fields")
                    .orElseThrow(() -> RapiError.badRequest("Missing 'fields' in the body or query arguments")));
        } else if (given.isArray()) {
            fields = new ArrayList<>();
            for (JsonNode f : given) {
                if (!f.isTextual()) {
                    throw RapiError.badRequest("'fields' must be a list of field names, got " + f);
                }
                fields.add(f.textValue());
            }
        } else {
            throw RapiError.badRequest("'fields' must be a list of field names, got " + given);
        }
        JsonNode filter = body.path("qfilter");
        if (filter.isMissingNode() || filter.isNull()) {
            filter = body.path("filter"); // Ganeti's name before 2.7, still read by its RAPI
        }
        return run(req, res, fields, filter.isMissingNode() ? F.nullNode() : filter);
    }

    /** {@code GET /2/query/[resource]/fields[?fields=a,b]}: field definitions. */
    public Future<?> fields(RapiRequest req) {
        QueryResource res = resource(req);
        List<FieldDef> defs = req.query("fields").map(s -> split(s).stream()
                .map(n -> res.field(n).orElse(FieldDef.unknown(n))).toList()).orElse(res.fields());
        ArrayNode out = F.arrayNode();
        defs.forEach(d -> out.add(d.toJson()));
        return Future.succeededFuture(F.objectNode().set("fields", out));
    }

    private Future<?> run(RapiRequest req, QueryResource res, List<String> fields, JsonNode filterJson) {
        QueryFilter filter;
        try {
            filter = FilterText.compile(filterJson, "qfilter", n -> res.field(n).isPresent());
        } catch (UnknownFieldException e) {
            throw RapiError.badRequest(e.getMessage());
        } catch (PluginException e) {
            throw RapiError.badRequest("Invalid filter: " + e.getMessage());
        }
        String name = req.param("resource");
        return req.blocking(() -> {
            QueryResource.Snapshot snap = switch (name) {
                case "node" -> QueryResource.nodes(backend.read());
                case "instance" -> QueryResource.instances(backend.read());
                case "group" -> QueryResource.groups(backend.read());
                case "network" -> QueryResource.networks(backend.read());
                default -> QueryResource.jobs(backend.jobs().view());
            };
            ObjectNode out = F.objectNode();
            ArrayNode defs = out.putArray("fields");
            List<Optional<FieldDef>> known = fields.stream().map(res::field).toList();
            for (int k = 0; k < fields.size(); k++) {
                defs.add(known.get(k).orElse(FieldDef.unknown(fields.get(k))).toJson());
            }
            ArrayNode data = out.putArray("data");
            for (Object item : snap.items()) {
                if (!filter.holds(f -> present(snap.value(item, f)))) {
                    continue;
                }
                ArrayNode row = data.addArray();
                for (int k = 0; k < fields.size(); k++) {
                    if (known.get(k).isEmpty()) {
                        row.addArray().add(QueryResource.RS_UNKNOWN).addNull();
                        continue;
                    }
                    JsonNode v = snap.value(item, fields.get(k));
                    if (present(v).isPresent()) {
                        row.addArray().add(QueryResource.RS_NORMAL).add(v);
                    } else {
                        row.addArray().add(snap.missing(item, fields.get(k))).addNull();
                    }
                }
            }
            return out;
        });
    }

    private static Optional<JsonNode> present(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode() ? Optional.empty() : Optional.of(v);
    }

    private static QueryResource resource(RapiRequest req) {
        String name = req.param("resource");
        return QueryResource.named(name).orElseThrow(() -> RapiError.badRequest("Resource '" + name
                + "' cannot be queried (use one of " + String.join(", ", QueryResource.NAMES) + ")"));
    }

    private static List<String> split(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static JsonNode parseJson(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw RapiError.badRequest("Query argument 'qfilter' is not JSON: " + e.getMessage());
        }
    }
}
