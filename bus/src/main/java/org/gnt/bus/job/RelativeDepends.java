package org.gnt.bus.job;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * Relative job ids in an opcode's {@code depends} (Ganeti's SubmitManyJobs, design-chained-jobs):
 * in a submission of several jobs, {@code -1} names the job just before this one, {@code -2} the
 * one before that. The client resolves them to absolute ids before anything is sent, because the
 * ids are only known once the whole block is reserved; the master never sees a relative id from a
 * correct client and refuses one it receives.
 */
public final class RelativeDepends {
    private RelativeDepends() {
    }

    /**
     * Checks that every relative id reaches a job of the submission. {@code jobs.get(i)} is the
     * i-th job's opcodes. INVAL naming the job, the opcode and the value otherwise.
     */
    public static void check(List<List<JsonNode>> jobs) {
        for (int job = 0; job < jobs.size(); job++) {
            List<JsonNode> ops = jobs.get(job);
            for (int op = 0; op < ops.size(); op++) {
                for (JsonNode entry : depends(ops.get(op))) {
                    long rel = relative(entry);
                    if (rel < 0 && job + rel < 0) {
                        throw new PluginException(ErrorKind.INVAL, "Job " + (job + 1) + " of the submission, opcode "
                                + (op + 1) + " (" + ops.get(op).path("OP_ID").asText("?") + "): relative job id "
                                + rel + " in 'depends' reaches before the first job of the submission");
                    }
                }
            }
        }
    }

    /**
     * Copies of the jobs with each relative id replaced by the absolute id of the job it names;
     * {@code ids.get(i)} is the id of job i. The input is not changed.
     */
    public static List<List<JsonNode>> resolve(List<List<JsonNode>> jobs, List<Long> ids) {
        if (ids.size() != jobs.size()) {
            throw new IllegalArgumentException(jobs.size() + " jobs but " + ids.size() + " ids");
        }
        check(jobs);
        List<List<JsonNode>> out = new ArrayList<>();
        for (int job = 0; job < jobs.size(); job++) {
            List<JsonNode> ops = new ArrayList<>();
            for (JsonNode op : jobs.get(job)) {
                ops.add(resolveOne(op, job, ids));
            }
            out.add(ops);
        }
        return out;
    }

    private static JsonNode resolveOne(JsonNode op, int job, List<Long> ids) {
        if (depends(op).isEmpty()) {
            return op;
        }
        ObjectNode copy = ((ObjectNode) op).deepCopy();
        for (JsonNode entry : copy.get("depends")) {
            long rel = relative(entry);
            if (rel < 0) {
                ((ArrayNode) entry).set(0, ids.get(job + (int) rel));
            }
        }
        return copy;
    }

    /** The entries of an opcode's depends list; none when absent or not a list (the master reports that). */
    private static List<JsonNode> depends(JsonNode op) {
        JsonNode d = op.path("depends");
        if (!op.isObject() || !d.isArray()) {
            return List.of();
        }
        List<JsonNode> l = new ArrayList<>();
        d.forEach(l::add);
        return l;
    }

    /** The entry's job id when it is a relative (negative) one, else 0. Malformed entries are left to the master. */
    private static long relative(JsonNode entry) {
        if (!entry.isArray() || entry.isEmpty() || !entry.get(0).isIntegralNumber()) {
            return 0;
        }
        long id = entry.get(0).asLong();
        return Math.min(id, 0);
    }
}
