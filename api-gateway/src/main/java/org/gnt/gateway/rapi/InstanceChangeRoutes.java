package org.gnt.gateway.rapi;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import org.gnt.bus.job.JobClient;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.opcode.OpInstanceConsole;
import org.gnt.bus.opcode.OpInstanceGrowDisk;
import org.gnt.bus.opcode.OpInstanceSetParams;
import org.gnt.bus.view.ClusterRead;
import org.gnt.gateway.errors.RapiError;

/**
 * {@code /2/instances/N/modify} (OP_INSTANCE_SET_PARAMS), {@code .../disk/D/grow}
 * (OP_INSTANCE_GROW_DISK) and {@code .../console}. The console is synchronous in Ganeti (a query,
 * not a job): here the gateway submits OP_INSTANCE_CONSOLE, waits for it and answers its dict; an
 * unknown instance is 404, one that is not running 503 "Instance console unavailable", as Ganeti.
 */
public final class InstanceChangeRoutes {
    static final Duration CONSOLE_WAIT = Duration.ofSeconds(60);
    private final ClusterRead read;
    private final JobClient jobs;
    private final JobSubmitter submitter;

    public InstanceChangeRoutes(ClusterRead read, JobClient jobs) {
        this.read = read;
        this.jobs = jobs;
        this.submitter = new JobSubmitter(jobs);
    }

    /** {@code PUT /2/instances/[instance_name]/modify}: the body is OP_INSTANCE_SET_PARAMS' parameters. */
    public Future<?> modify(RapiRequest req) {
        ObjectNode op = OpcodeInput.fromBody(OpInstanceSetParams.OP_ID, req.body())
                .fixed("instance_name", req.param("name"))
                .build(req);
        return submitter.submit(req, op);
    }

    /** {@code POST /2/instances/[instance_name]/disk/[disk_index]/grow}: body {@code amount}, {@code absolute}, ... */
    public Future<?> growDisk(RapiRequest req) {
        int disk;
        try {
            disk = Integer.parseInt(req.param("disk"));
        } catch (NumberFormatException e) {
            throw RapiError.notFound("Invalid disk index '" + req.param("disk") + "'");
        }
        ObjectNode op = OpcodeInput.fromBody(OpInstanceGrowDisk.OP_ID, req.body())
                .fixed("instance_name", req.param("name"))
                .fixed("disk", IntNode.valueOf(disk))
                .build(req);
        return submitter.submit(req, op);
    }

    /** {@code GET /2/instances/[instance_name]/console}: the InstanceConsole dict. */
    public Future<?> console(RapiRequest req) {
        String name = req.param("name");
        if (read.config().instance(name).isEmpty()) {
            throw RapiError.notFound("Instance '" + name + "' not known");
        }
        ObjectNode op = OpcodeInput.fromBody(OpInstanceConsole.OP_ID, null).fixed("instance_name", name).build(req);
        return req.blocking(() -> {
            long id;
            try {
                id = jobs.submitJson(List.of(op), 0, null).get(CONSOLE_WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw RapiError.badRequest("Invalid body parameters: " + e.getCause().getMessage());
            }
            JobState j = jobs.awaitFinal(id, CONSOLE_WAIT).get().orElseThrow(() ->
                    new RapiError(504, null, "The console job " + id + " did not finish in time"));
            JsonNode result = j.ops().isEmpty() ? null : j.ops().get(0).result();
            if (j.status() == JobStatus.SUCCESS && result != null) {
                return result;
            }
            String text = result == null ? "job " + id + " ended " + j.status() : result.toString();
            if (text.contains("wrong_state")) {
                throw new RapiError(503, null, "Instance console unavailable");
            }
            if (text.contains("unknown_entity")) {
                throw RapiError.notFound("Instance '" + name + "' not known");
            }
            throw RapiError.internal("Console query failed: " + text);
        });
    }
}
