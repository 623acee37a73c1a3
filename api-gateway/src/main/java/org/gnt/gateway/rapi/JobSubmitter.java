package org.gnt.gateway.rapi;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import org.gnt.bus.job.JobClient;
import org.gnt.bus.opcode.OpCodes;
import org.gnt.gateway.errors.RapiError;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * Submits a job for a write request and answers its id. An opcode the bus refuses (unknown
 * field, wrong type, failed validation) is a 400 naming the problem, as Ganeti answers
 * "Invalid body parameters"; anything the cluster decides later is the job's own failure.
 */
public final class JobSubmitter {
    private final JobClient jobs;

    public JobSubmitter(JobClient jobs) {
        this.jobs = jobs;
    }

    /**
     * Submits several jobs in one submission ({@code JobClient.submitMany}: relative ids in
     * {@code depends} resolved, nothing submitted when one is refused); answers their ids in order.
     */
    public Future<List<Long>> submitMany(RapiRequest req, List<List<JsonNode>> jobList) {
        return req.blocking(() -> {
            try {
                return jobs.submitMany(jobList);
            } catch (PluginException e) {
                throw refusal(e);
            }
        }).compose(req::on);
    }

    private static RapiError refusal(PluginException e) {
        if (e.kind() == ErrorKind.STATE) {
            // the request is fine but the queue takes no jobs now (drained): retry later
            return new RapiError(503, null, e.getMessage());
        }
        return RapiError.badRequest("Invalid body parameters: " + e.getMessage());
    }

    /** Submits the opcodes as one job; the job's priority is the most urgent of its opcodes'. */
    public Future<Long> submit(RapiRequest req, ObjectNode... ops) {
        List<JsonNode> list = List.of(ops);
        return req.blocking(() -> {
            try {
                int priority = Integer.MAX_VALUE;
                for (JsonNode op : list) {
                    // the opcodes themselves are checked once, by submitJson
                    priority = Math.min(priority, OpCodes.common(op).priority());
                }
                return jobs.submitJson(list, priority, req.requestKey().orElse(null));
            } catch (PluginException e) {
                throw refusal(e);
            }
        }).compose(req::on);
    }
}
