package org.gnt.coordinator.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.job.OpState;
import org.gnt.bus.view.ArchiveView;
import org.gnt.bus.view.JobView;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * Ganeti's job dependencies ({@code depends: [[job_id, [statuses]]]} on an opcode, see
 * design-chained-jobs): a job starts only when every job it depends on has finished with one of
 * the listed statuses (any final status when the list is empty), and fails when one finished
 * otherwise. Waiting costs no worker thread: the job is handed to the executor when ready.
 */
final class Dependencies {
    private static final Duration FOREVER = Duration.ofDays(3650);

    record Dependency(long jobId, Set<JobStatus> statuses) {
        boolean acceptedBy(JobStatus s) {
            return statuses.isEmpty() ? s.isFinal() : statuses.contains(s);
        }
    }

    private Dependencies() {
    }

    /** The dependencies of a job's unfinished opcodes; INVAL when malformed. */
    static List<Dependency> of(JobState job) {
        List<Dependency> out = new ArrayList<>();
        for (OpState op : job.ops()) {
            if (op.status().isFinal()) {
                continue;
            }
            JsonNode depends = op.input().path("depends");
            if (depends.isMissingNode() || depends.isNull()) {
                continue;
            }
            if (!depends.isArray()) {
                throw invalid("must be a list of [job_id, [statuses]]");
            }
            for (JsonNode d : depends) {
                if (!d.isArray() || d.size() != 2 || !d.get(0).canConvertToLong() || !d.get(1).isArray()) {
                    throw invalid("each entry must be [job_id, [statuses]], got " + d);
                }
                long id = d.get(0).asLong();
                if (id <= 0) {
                    // a client resolves relative ids within its multi-job submission before sending
                    throw invalid("job id " + id + " is not valid here; relative (negative) ids are only taken in a"
                            + " submission of several jobs (gnt-debug submit-job, POST /2/jobs with \"jobs\"),"
                            + " which resolves them");
                }
                if (id >= job.id()) {
                    throw invalid("job " + job.id() + " cannot depend on job " + id + ", which is not older");
                }
                Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
                for (JsonNode s : d.get(1)) {
                    JobStatus st;
                    try {
                        st = JobStatus.fromWire(s.asText());
                    } catch (IllegalArgumentException e) {
                        throw invalid("unknown status '" + s.asText() + "'");
                    }
                    if (!st.isFinal()) {
                        throw invalid("status '" + s.asText() + "' is not final (success, error or canceled)");
                    }
                    statuses.add(st);
                }
                out.add(new Dependency(id, statuses));
            }
        }
        return out;
    }

    private static PluginException invalid(String why) {
        return new PluginException(ErrorKind.INVAL, "Parameter 'depends': " + why);
    }

    /**
     * Completes with empty once every dependency is satisfied, or with the reason the job can no
     * longer run. {@code known} tells whether a job id exists at all. Archived jobs are not looked
     * for: see the overload taking the archive.
     */
    static CompletableFuture<Optional<String>> await(JobView view, List<Dependency> deps,
                                                     java.util.function.LongPredicate known) {
        return await(view, Optional.empty(), deps, known);
    }

    /**
     * As above, but a job depended upon may also have been archived (Ganeti looks in its archive
     * too): its final status then comes from {@code archive}, which may keep statuses only. An
     * archived job counts as existing even when {@code known} has never seen it.
     */
    static CompletableFuture<Optional<String>> await(JobView view, Optional<ArchiveView> archive, List<Dependency> deps,
                                                     java.util.function.LongPredicate known) {
        List<CompletableFuture<Optional<String>>> each = new ArrayList<>();
        for (Dependency d : deps) {
            Optional<JobStatus> archived = archive.flatMap(a -> a.status(d.jobId()));
            CompletableFuture<Optional<JobStatus>> ended;
            if (archived.isPresent()) {
                ended = CompletableFuture.completedFuture(archived);
            } else if (!known.test(d.jobId())) {
                return CompletableFuture.completedFuture(Optional.of("Job " + d.jobId() + " does not exist"));
            } else {
                ended = finalStatus(view, archive, d.jobId());
            }
            each.add(ended.thenApply(st -> st.isPresent() && d.acceptedBy(st.get()) ? Optional.<String>empty()
                    : Optional.of("Job " + d.jobId() + " finished with status " + st.map(JobStatus::wire).orElse("unknown")
                    + ", not " + (d.statuses().isEmpty() ? "a final one" : d.statuses().stream().map(JobStatus::wire).toList()))));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(v -> each.stream()
                .map(CompletableFuture::join).filter(Optional::isPresent).map(Optional::get).findFirst());
    }

    /**
     * The final status of a job the queue knows. When the live view does not hold it, it is either
     * not mirrored yet or archived a moment ago; the archive record is written before the live
     * tombstone, so an archive view caught up from now on answers the second case. Whichever
     * answers first wins (the live wait of an archived job then stays registered, unanswered: a
     * few bytes, and only for this rare race).
     */
    private static CompletableFuture<Optional<JobStatus>> finalStatus(JobView view, Optional<ArchiveView> archive,
                                                                      long id) {
        Optional<JobState> now = view.get(id);
        if (now.isPresent() && now.get().status().isFinal()) {
            return CompletableFuture.completedFuture(Optional.of(now.get().status()));
        }
        CompletableFuture<Optional<JobStatus>> live = view.await(id, j -> j.status().isFinal(), FOREVER)
                .thenApply(j -> j.map(JobState::status));
        if (archive.isEmpty()) {
            return live;
        }
        ArchiveView a = archive.get();
        CompletableFuture<Optional<JobStatus>> first = new CompletableFuture<>();
        live.whenComplete((st, e) -> {
            if (e != null) {
                first.completeExceptionally(e);
            } else {
                first.complete(st);
            }
        });
        a.catchUp().thenRun(() -> a.status(id).ifPresent(st -> first.complete(Optional.of(st))));
        return first;
    }
}
