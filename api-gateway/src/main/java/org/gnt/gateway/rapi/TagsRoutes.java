package org.gnt.gateway.rapi;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import org.gnt.bus.Json;
import org.gnt.bus.opcode.OpTagsDel;
import org.gnt.bus.opcode.OpTagsSet;
import org.gnt.bus.view.ClusterRead;
import org.gnt.gateway.errors.RapiError;

/**
 * The tags resources of the cluster ({@code /2/tags}), a node, a group, an instance and a network. GET reads
 * the config mirror (404 for an unknown object); PUT and DELETE take the tags as {@code ?tag=}
 * arguments, as Ganeti's client sends them, and answer the id of an OP_TAGS_SET/OP_TAGS_DEL job.
 */
public final class TagsRoutes {
    private final ClusterRead read;
    private final JobSubmitter submitter;
    /** Ganeti's tag kind: cluster, node, nodegroup, instance or network. */
    private final String kind;

    public TagsRoutes(ClusterRead read, JobSubmitter submitter, String kind) {
        this.read = read;
        this.submitter = submitter;
        this.kind = kind;
    }

    /** {@code GET}: the object's tags. */
    public Future<?> get(RapiRequest req) {
        return Future.succeededFuture(Json.tree(current(req)));
    }

    private List<String> current(RapiRequest req) {
        return switch (kind) {
            case "cluster" -> read.config().cluster().orElseThrow(() ->
                    RapiError.notFound("The cluster is not initialised")).tags();
            case "node" -> read.config().node(req.param("name")).orElseThrow(() ->
                    RapiError.notFound("Node '" + req.param("name") + "' not known")).tags();
            case "nodegroup" -> GroupsRoutes.known(read, req.param("name")).tags();
            case "network" -> NetworksRoutes.known(read, req.param("name")).tags();
            default -> read.config().instance(req.param("name")).orElseThrow(() ->
                    RapiError.notFound("Instance '" + req.param("name") + "' not known")).tags();
        };
    }

    /** {@code PUT ?tag=a&tag=b}: OP_TAGS_SET. */
    public Future<?> add(RapiRequest req) {
        return submitter.submit(req, opcode(req, OpTagsSet.OP_ID, "add"));
    }

    /** {@code DELETE ?tag=a&tag=b}: OP_TAGS_DEL. */
    public Future<?> delete(RapiRequest req) {
        return submitter.submit(req, opcode(req, OpTagsDel.OP_ID, "delete"));
    }

    private ObjectNode opcode(RapiRequest req, String opId, String verb) {
        // a set: Ganeti's client sends node tags both as ?tag= and as the body
        Set<String> tags = new LinkedHashSet<>(req.queryAll("tag"));
        JsonNode body = req.body();
        if (body != null && body.isArray()) { // the RAPI documentation's form: the tags as a JSON list
            body.forEach(t -> {
                if (!t.isTextual()) {
                    throw RapiError.badRequest("Invalid body parameters: tags must be strings, got " + t);
                }
                tags.add(t.asText());
            });
        } else if (body != null && !body.isNull() && !body.isMissingNode()) {
            throw RapiError.badRequest("Invalid body parameters: give the tags as ?tag= arguments or a JSON list");
        }
        if (tags.isEmpty()) {
            throw RapiError.badRequest("Please specify tag(s) to " + verb + " using the 'tag' parameter");
        }
        OpcodeInput in = OpcodeInput.fromBody(opId, null).fixed("kind", kind).fixed("tags", Json.tree(tags));
        if (!kind.equals("cluster")) {
            in.fixed("name", req.param("name"));
        }
        return in.build(req);
    }
}
