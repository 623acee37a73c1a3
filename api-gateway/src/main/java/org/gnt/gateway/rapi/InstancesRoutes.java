package org.gnt.gateway.rapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.gnt.bus.view.NameOrder;
import org.gnt.bus.Json;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.opcode.OpInstanceCreate;
import org.gnt.bus.opcode.OpInstanceRemove;
import org.gnt.bus.opcode.OpInstanceShutdown;
import org.gnt.bus.opcode.OpInstanceStartup;
import org.gnt.bus.view.ClusterRead;
import org.gnt.bus.view.InstanceFields;
import org.gnt.gateway.errors.RapiError;

/**
 * {@code /2/instances} and its per-instance resources. Reads come from the config mirror; every
 * write is one opcode submitted as a job, answered with the job id. A write naming an unknown
 * instance is submitted all the same (the job fails with unknown_entity, as in Ganeti), so a
 * mirror lagging a just-created instance never refuses a valid request.
 */
public final class InstancesRoutes {
    /** Body version of instance-create-reqv1. */
    public static final String VERSION_FIELD = "__version__";

    private final ClusterRead read;
    private final JobSubmitter submitter;

    public InstancesRoutes(ClusterRead read, JobSubmitter submitter) {
        this.read = read;
        this.submitter = submitter;
    }

    /**
     * {@code GET /2/instances[?bulk=1]}. Bulk output is written straight from the mirror to one
     * buffer on a worker thread: no ZooKeeper calls and no intermediate document for the whole list.
     */
    public Future<?> list(RapiRequest req) {
        boolean bulk = req.flag("bulk");
        return req.blocking(() -> {
            List<InstanceConfig> all = read.config().instances().stream()
                    .sorted(Comparator.comparing(InstanceConfig::name, NameOrder.INSTANCE)).toList();
            ByteArrayOutputStream out = new ByteArrayOutputStream(bulk ? all.size() * 1024 + 64 : all.size() * 64 + 64);
            try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
                g.writeStartArray();
                for (InstanceConfig i : all) {
                    if (bulk) {
                        Json.MAPPER.writeTree(g, InstanceFields.fields(read, i, InstanceFields.BULK));
                    } else {
                        g.writeStartObject();
                        g.writeStringField("id", i.name());
                        g.writeStringField("uri", "/2/instances/" + i.name());
                        g.writeEndObject();
                    }
                }
                g.writeEndArray();
            } catch (IOException e) {
                throw new IllegalStateException("cannot serialise the instance list", e);
            }
            return Buffer.buffer(out.toByteArray());
        });
    }

    /** {@code GET /2/instances/[instance_name]}: the bulk fields of one instance; 404 when unknown. */
    public Future<?> get(RapiRequest req) {
        String name = req.param("name");
        InstanceConfig i = read.config().instance(name)
                .orElseThrow(() -> RapiError.notFound("Instance '" + name + "' not known"));
        return Future.succeededFuture(InstanceFields.fields(read, i, InstanceFields.BULK));
    }

    /**
     * {@code POST /2/instances}: instance-create-reqv1. The body holds OP_INSTANCE_CREATE's
     * parameters and {@code "__version__": 1}; the old names {@code name} and {@code os} are
     * accepted for {@code instance_name} and {@code os_type}.
     */
    public Future<?> create(RapiRequest req) {
        JsonNode body = req.body();
        if (!body.isObject()) {
            throw RapiError.badRequest("Instance creation needs a JSON object body with \"" + VERSION_FIELD + "\": 1");
        }
        JsonNode version = body.get(VERSION_FIELD);
        if (version == null) {
            throw RapiError.badRequest("Required body parameter '" + VERSION_FIELD + "' is missing");
        }
        if (!version.isIntegralNumber() || version.asLong() != 1) {
            throw RapiError.badRequest("Unsupported request data version " + version
                    + "; this server accepts version 1");
        }
        ObjectNode params = ((ObjectNode) body).deepCopy();
        params.remove(VERSION_FIELD);
        ObjectNode op = OpcodeInput.fromBody(OpInstanceCreate.OP_ID, params)
                .rename("name", "instance_name")
                .rename("os", "os_type")
                .build(req);
        return submitter.submit(req, op);
    }

    /** {@code DELETE /2/instances/[instance_name]}: OP_INSTANCE_REMOVE; the body may give {@code shutdown_timeout}. */
    public Future<?> delete(RapiRequest req) {
        ObjectNode op = OpcodeInput.fromBody(OpInstanceRemove.OP_ID, req.body())
                .fixed("instance_name", req.param("name"))
                .build(req);
        return submitter.submit(req, op);
    }

    /**
     * {@code PUT /2/instances/[instance_name]/startup}: OP_INSTANCE_STARTUP. {@code ?force=} and
     * {@code ?no_remember=} as in Ganeti; other opcode parameters may come in the body.
     */
    public Future<?> startup(RapiRequest req) {
        ObjectNode op = OpcodeInput.fromBody(OpInstanceStartup.OP_ID, req.body())
                .fixed("instance_name", req.param("name"))
                .flagFromQuery(req, "force", "force")
                .flagFromQuery(req, "no_remember", "no_remember")
                .build(req);
        return submitter.submit(req, op);
    }

    /**
     * {@code PUT /2/instances/[instance_name]/shutdown}: OP_INSTANCE_SHUTDOWN with the body's
     * parameters ({@code timeout}, {@code force}, ...) and {@code ?no_remember=}.
     */
    public Future<?> shutdown(RapiRequest req) {
        ObjectNode op = OpcodeInput.fromBody(OpInstanceShutdown.OP_ID, req.body())
                .fixed("instance_name", req.param("name"))
                .flagFromQuery(req, "no_remember", "no_remember")
                .build(req);
        return submitter.submit(req, op);
    }
}
