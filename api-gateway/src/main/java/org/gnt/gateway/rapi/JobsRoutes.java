package org.gnt.gateway.rapi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import org.gnt.bus.Json;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.LogEntry;
import org.gnt.bus.job.OpState;
import org.gnt.bus.view.JobInfo;
import org.gnt.bus.view.JobView;
import org.gnt.gateway.Backend;
import org.gnt.gateway.errors.RapiError;

/**
 * {@code /2/jobs}, {@code /2/jobs/[job_id]} and {@code /2/jobs/[job_id]/wait}, from the
 * {@code jobs.state} mirror, and from the {@code jobs.archive} mirror for an archived job (Ganeti
 * still answers those). A job id that was handed out but is not in the mirror yet (the coordinator
 * has not picked the submission up) is waited for briefly, so reading a job right after
 * submitting it works; an id never handed out is 404. {@code POST /2/jobs} submits several jobs at
 * once, a gnt extension.
 */
public final class JobsRoutes {
    /** Fields of {@code GET /2/jobs?bulk=1} (Ganeti's J_FIELDS_BULK). */
    public static final List<String> FIELDS_BULK = List.of("id", "ops", "status", "summary", "opstatus",
            "received_ts", "start_ts", "end_ts");
    /** Fields of {@code GET /2/jobs/[job_id]} (Ganeti's J_FIELDS). */
    public static final List<String> FIELDS = List.of("id", "ops", "status", "summary", "opstatus",
            "received_ts", "start_ts", "end_ts", "oplog", "opresult");
    /** How long a wait request blocks when nothing changes (Ganeti: about 10 s). */
    public static final Duration WAIT_TIMEOUT = Duration.ofMillis(Long.getLong("gnt.rapi.wait.ms", 10_000));
    /** How long to wait for a handed-out job id to appear in the mirror. */
    static final Duration APPEAR_TIMEOUT = Duration.ofSeconds(5);

    private final Backend backend;
    private final JobSubmitter submitter;

    public JobsRoutes(Backend backend, JobSubmitter submitter) {
        this.backend = backend;
        this.submitter = submitter;
    }

    private JobView view() {
        return backend.jobs().view();
    }

    /** {@code GET /2/jobs[?bulk=1]}, ascending by id. */
    public Future<?> list(RapiRequest req) {
        boolean bulk = req.flag("bulk");
        return req.blocking(() -> {
            List<JobState> all = new ArrayList<>(view().all());
            all.sort(Comparator.comparingLong(JobState::id));
            ArrayNode out = Json.MAPPER.createArrayNode();
            for (JobState j : all) {
                if (bulk) {
                    out.add(JobInfo.fields(j, FIELDS_BULK));
                } else {
                    out.addObject().put("id", j.id()).put("uri", "/2/jobs/" + j.id());
                }
            }
            return out;
        });
    }

    /**
     * {@code POST /2/jobs} with {@code {"jobs": [[opcode, ...], ...]}}: a gnt extension (Ganeti's
     * RAPI submits one job per request; its LUXI SubmitManyJobs takes several). The jobs go in one
     * submission, so an opcode's {@code depends} may name an earlier job of it by a relative id
     * ({@code [[-1, ["success"]]]}). Answers the job ids in order. {@code ?dry-run} and
     * {@code ?reason} apply to every opcode, as on other writes. Nothing is submitted when any job
     * is refused.
     */
    public Future<?> submitMany(RapiRequest req) {
        if (req.requestKey().isPresent()) {
            // one key would have to name several jobs; refused rather than silently not idempotent
            throw RapiError.badRequest("Invalid body parameters: " + RapiRequest.REQUEST_KEY_HEADER
                    + " is not supported when submitting several jobs");
        }
        JsonNode body = req.body();
        if (!body.isObject()) {
            throw RapiError.badRequest("Invalid body parameters: the body must be a JSON object"
                    + " {\"jobs\": [[opcode, ...], ...]}");
        }
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("jobs")) {
                throw RapiError.badRequest("Invalid body parameters: unknown parameter '" + f + "' (only 'jobs' is taken)");
            }
        }
        JsonNode jobsNode = body.path("jobs");
        if (!jobsNode.isArray() || jobsNode.isEmpty()) {
            throw RapiError.badRequest("Invalid body parameters: 'jobs' must be a non-empty list of jobs,"
                    + " each a non-empty list of opcodes");
        }
        List<List<JsonNode>> jobList = new ArrayList<>();
        for (int i = 0; i < jobsNode.size(); i++) {
            JsonNode job = jobsNode.get(i);
            if (!job.isArray() || job.isEmpty()) {
                throw RapiError.badRequest("Invalid body parameters: 'jobs[" + i + "]' must be a non-empty list of opcodes");
            }
            List<JsonNode> ops = new ArrayList<>();
            for (int k = 0; k < job.size(); k++) {
                if (!job.get(k).isObject()) {
                    throw RapiError.badRequest("Invalid body parameters: 'jobs[" + i + "][" + k
                            + "]' must be an opcode (a JSON object with OP_ID)");
                }
                ObjectNode op = ((ObjectNode) job.get(k)).deepCopy();
                if (req.hasQuery("dry-run")) {
                    if (op.has("dry_run")) {
                        throw RapiError.badRequest("Invalid body parameters: 'jobs[" + i + "][" + k
                                + "]' sets dry_run, which ?dry-run sets too; give only one of them");
                    }
                    op.put("dry_run", req.flag("dry-run"));
                }
                ops.add(OpcodeInput.addReason(op, req));
            }
            jobList.add(ops);
        }
        return submitter.submitMany(req, jobList);
    }

    /** {@code GET /2/jobs/[job_id]}. */
    public Future<?> get(RapiRequest req) {
        long id = jobId(req);
        return find(req, id).map(j -> JobInfo.fields(j, FIELDS));
    }

    /**
     * {@code DELETE /2/jobs/[job_id]}: cancels a job that has not started; answers Ganeti's
     * {@code [success, message]} pair (false with the reason for a running, finished or unknown job).
     * gnt extension: {@code ?kill=1} also stops a running job, as {@code gnt-job cancel --kill}.
     */
    public Future<?> cancel(RapiRequest req) {
        long id = jobId(req);
        boolean kill = req.flag("kill");
        return req.blocking(() -> {
            var r = backend.jobs().cancel(id, kill, Duration.ofSeconds(10));
            ArrayNode out = Json.MAPPER.createArrayNode();
            out.add(r.canceled()).add(r.message());
            return out;
        });
    }

    /**
     * {@code GET} or {@code PUT /2/jobs/[job_id]/wait} with body {@code {"fields": [...],
     * "previous_job_info": [...] or null, "previous_log_serial": n or null}}: answers as soon as
     * the fields' values differ from {@code previous_job_info}, there are log entries newer than
     * {@code previous_log_serial} or the job is finished; otherwise after {@link #WAIT_TIMEOUT}
     * with the unchanged values. The answer is {@code {"job_info": [...], "log_entries": [...]}}.
     */
    public Future<?> waitForChange(RapiRequest req) {
        long id = jobId(req);
        JsonNode body = req.body();
        if (!body.isObject()) {
            throw RapiError.badRequest("The body must be a JSON object with 'fields', 'previous_job_info'"
                    + " and 'previous_log_serial'");
        }
        JsonNode fieldsNode = body.path("fields");
        if (!fieldsNode.isArray()) {
            throw RapiError.badRequest("The 'fields' parameter must be a list of job field names");
        }
        List<String> fields = new ArrayList<>();
        for (JsonNode f : fieldsNode) {
            if (!f.isTextual()) {
                throw RapiError.badRequest("The 'fields' parameter must be a list of job field names");
            }
            fields.add(f.asText());
        }
        JsonNode prevInfo = body.path("previous_job_info");
        if (!(prevInfo.isMissingNode() || prevInfo.isNull() || prevInfo.isArray())) {
            throw RapiError.badRequest("The 'previous_job_info' parameter must be a list or null");
        }
        JsonNode prevSerialNode = body.path("previous_log_serial");
        if (!(prevSerialNode.isMissingNode() || prevSerialNode.isNull() || prevSerialNode.isIntegralNumber())) {
            throw RapiError.badRequest("The 'previous_log_serial' parameter must be a number or null");
        }
        JsonNode previous = prevInfo.isArray() ? prevInfo : null;
        // log serials start at 1, so "none seen yet" is 0
        long prevSerial = prevSerialNode.isIntegralNumber() ? prevSerialNode.asLong() : 0;
        Predicate<JobState> changed = j -> j.status().isFinal() || j.lastLogSerial() > prevSerial
                || previous == null || !JobChange.sameValues(values(j, fields), previous);
        return find(req, id).compose(now -> {
            if (changed.test(now)) {
                return Future.succeededFuture(answer(now, fields, prevSerial));
            }
            return req.on(view().await(id, changed, WAIT_TIMEOUT))
                    .map(next -> answer(next.or(() -> view().get(id)).orElse(now), fields, prevSerial));
        });
    }

    private static ArrayNode values(JobState j, List<String> fields) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        fields.forEach(f -> a.add(JobInfo.field(j, f)));
        return a;
    }

    private static ObjectNode answer(JobState j, List<String> fields, long prevSerial) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.set("job_info", values(j, fields));
        ArrayNode log = o.putArray("log_entries");
        for (OpState op : j.ops()) {
            for (LogEntry e : op.log()) {
                if (e.serial() > prevSerial) {
                    log.addArray().add(e.serial()).add(JobInfo.ts(e.time())).add(e.type()).add(e.message());
                }
            }
        }
        return o;
    }

    private static long jobId(RapiRequest req) {
        String raw = req.param("id");
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw RapiError.notFound("No job " + raw);
        }
    }

    /**
     * The job, live or archived, waiting briefly for one handed out but not yet mirrored (or
     * archived a moment ago, with the archive mirror a little behind); 404 otherwise.
     */
    private Future<JobState> find(RapiRequest req, long id) {
        Optional<JobState> now = view().get(id).or(() -> backend.archive().get(id));
        if (now.isPresent()) {
            return Future.succeededFuture(now.get());
        }
        return req.blocking(backend::lastJobId).compose(last -> {
            if (id <= 0 || id > last) {
                return Future.failedFuture(RapiError.notFound("Job " + id + " not found"));
            }
            return req.on(view().await(id, j -> true, APPEAR_TIMEOUT))
                    .map(j -> j.or(() -> backend.archive().get(id))
                            .orElseThrow(() -> RapiError.notFound("Job " + id + " not found (lost)")));
        });
    }
}
