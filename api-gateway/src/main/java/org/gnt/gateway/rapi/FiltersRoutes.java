package org.gnt.gateway.rapi;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import org.gnt.bus.Json;
import org.gnt.bus.filter.FilterRule;
import org.gnt.bus.filter.FilterSpec;
import org.gnt.bus.filter.FilterStore;
import org.gnt.bus.filter.ReasonEntry;
import org.gnt.gateway.errors.RapiError;
import org.gnt.plugins.PluginException;

/**
 * {@code /2/filters} and {@code /2/filters/[filter_uuid]}: job filter rules, read from and written
 * to ZooKeeper directly. As in Ganeti, a write is not a job (a rule pausing the queue must not
 * queue behind it): {@code POST} and {@code PUT} answer the rule's UUID, {@code DELETE} null.
 */
public final class FiltersRoutes {
    /** The fields of a rule in {@code ?bulk=1} and single-rule answers (Ganeti's FILTER_RULE_FIELDS). */
    public static final List<String> FIELDS = List.of("watermark", "priority", "predicates", "action",
            "reason_trail", "uuid");

    private final FilterStore store;

    public FiltersRoutes(FilterStore store) {
        this.store = store;
    }

    /** {@code GET /2/filters[?bulk=1]}, in evaluation order. */
    public Future<?> list(RapiRequest req) {
        boolean bulk = req.flag("bulk");
        return req.blocking(() -> {
            ArrayNode out = Json.MAPPER.createArrayNode();
            for (FilterRule r : store.list()) {
                if (bulk) {
                    out.add(fields(r));
                } else {
                    out.addObject().put("uuid", r.uuid()).put("uri", "/2/filters/" + r.uuid());
                }
            }
            return out;
        });
    }

    /** {@code GET /2/filters/[filter_uuid]}: 404 for an unknown rule. */
    public Future<?> get(RapiRequest req) {
        String uuid = req.param("uuid");
        return req.blocking(() -> fields(store.get(uuid)));
    }

    /** {@code POST /2/filters}: adds a rule; answers its UUID. */
    public Future<?> add(RapiRequest req) {
        FilterSpec spec = spec(req);
        return req.blocking(() -> store.add(spec).uuid());
    }

    /** {@code PUT /2/filters/[filter_uuid]}: replaces the rule, or creates it under that UUID; answers the UUID. */
    public Future<?> replace(RapiRequest req) {
        String uuid = req.param("uuid");
        FilterSpec spec = spec(req);
        return req.blocking(() -> store.replace(uuid, spec).uuid());
    }

    /** {@code DELETE /2/filters/[filter_uuid]}: 404 for an unknown rule. */
    public Future<?> delete(RapiRequest req) {
        String uuid = req.param("uuid");
        return req.blocking(() -> {
            store.delete(uuid);
            return Json.MAPPER.nullNode();
        });
    }

    /** A rule with Ganeti's field names (no schema version). */
    public static ObjectNode fields(FilterRule r) {
        return r.ganetiFields();
    }

    /**
     * The body as a rule request, with the gateway's own reason-trail entry appended as for jobs
     * ({@code ?reason=} or the request line).
     */
    private static FilterSpec spec(RapiRequest req) {
        JsonNode body = req.body();
        FilterSpec spec;
        try {
            spec = FilterSpec.fromJson(body);
        } catch (PluginException e) {
            throw RapiError.badRequest("Invalid body parameters: " + e.getMessage());
        }
        String text = req.query("reason").orElse(req.method() + " " + req.path());
        return spec.withReason(ReasonEntry.now(OpcodeInput.REASON_SOURCE, text));
    }
}
