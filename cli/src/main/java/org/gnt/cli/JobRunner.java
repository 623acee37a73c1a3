package org.gnt.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.job.LogEntry;
import org.gnt.bus.job.OpState;
import org.gnt.bus.view.JobView;

/**
 * Submits jobs for a command and follows them as Ganeti's CLI does: {@code Submitted jobs N},
 * {@code Waiting for job N for …}, each log line with its time as it arrives, then the failure (if
 * any) and an exit code of 1 for a job that did not succeed. With {@code --submit} it only prints
 * {@code JobID: N}.
 */
final class JobRunner {
    private static final Duration POLL = Duration.ofMillis(100);

    /** One job to submit: its opcodes and what to call it while waiting (an instance name, …). */
    record Job(List<ObjectNode> ops, String label) {
        Job {
            ops = List.copyOf(ops);
        }

        static Job of(ObjectNode op, String label) {
            return new Job(List.of(op), label);
        }
    }

    private final Session session;
    private final PrintStream out;
    private final PrintStream err;
    /** The jobs followed to the end, in order, for commands that print their results. */
    private final List<JobState> finished = new ArrayList<>();

    JobRunner(Session session, PrintStream out, PrintStream err) {
        this.session = session;
        this.out = out;
        this.err = err;
    }

    int run(List<Job> jobs, JobOptions opts, String program) {
        return run(jobs, opts, program, j -> true);
    }

    /** As above; a job that succeeded but whose result {@code ok} rejects (a failed verification) also exits 1. */
    int run(List<Job> jobs, JobOptions opts, String program, java.util.function.Predicate<JobState> ok) {
        List<Long> ids = new ArrayList<>();
        for (int n = 0; n < jobs.size(); n++) {
            List<JsonNode> ops = new ArrayList<>();
            jobs.get(n).ops().forEach(op -> ops.add(opts.apply(op, program)));
            // one key per job of the command: a re-run of the same command finds the same jobs
            String key = opts.requestKey == null ? null : jobs.size() == 1 ? opts.requestKey : opts.requestKey + "#" + n;
            ids.add(submit(ops, opts.priorityValue(), key));
        }
        if (opts.submit || opts.printJobId) {
            ids.forEach(id -> out.println("JobID: " + id));
        }
        if (opts.submit) {
            return ExitCodes.SUCCESS;
        }
        out.println("Submitted jobs " + String.join(", ", ids.stream().map(String::valueOf).toList()));
        return followAll(ids, jobs.stream().map(Job::label).toList(), ok);
    }

    /**
     * Waits for each job in turn ({@code Waiting for job N for LABEL ...}), printing its log and
     * failure; 1 when any did not succeed.
     */
    int followAll(List<Long> ids, List<String> labels) {
        return followAll(ids, labels, j -> true);
    }

    private int followAll(List<Long> ids, List<String> labels, java.util.function.Predicate<JobState> ok) {
        if (!session.coordinatorRunning()) {
            err.println("Warning: no coordinator is running; the job stays queued until one is elected master");
        }
        int rc = ExitCodes.SUCCESS;
        for (int i = 0; i < ids.size(); i++) {
            out.println("Waiting for job " + ids.get(i) + " for " + labels.get(i) + " ...");
            JobState done = follow(session.jobs().view(), ids.get(i));
            finished.add(done);
            if (done.status() != JobStatus.SUCCESS || !ok.test(done)) {
                rc = ExitCodes.FAILURE;
            }
        }
        return rc;
    }

    List<JobState> finished() {
        return List.copyOf(finished);
    }

    private long submit(List<JsonNode> ops, int priority, String requestKey) {
        try {
            return session.jobs().submitJson(ops, priority, requestKey).get(Session.READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("Interrupted while submitting the job");
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new CliException("Cannot submit the job to Kafka at " + session.bus().bootstrapServers() + ": "
                    + cause + "\nIs the cluster running?");
        }
    }

    /**
     * Prints the job's log lines as they come until it is final; prints its failure; returns it.
     * It polls the local view (a map lookup) rather than using {@code JobView.await}: completing an
     * await inside the view's update loop trips a ConcurrentModificationException there.
     */
    JobState follow(JobView view, long id) {
        long seen = 0;
        while (true) {
            Optional<JobState> now = view.get(id);
            if (now.isPresent()) {
                JobState j = now.get();
                for (LogEntry e : newEntries(j, seen)) {
                    out.println(logLine(e));
                    seen = Math.max(seen, e.serial());
                }
                if (j.status().isFinal()) {
                    report(j);
                    return j;
                }
            }
            Session.sleep(POLL.toMillis());
            if (Thread.currentThread().isInterrupted()) {
                throw new CliException("Interrupted while waiting for job " + id);
            }
        }
    }

    private void report(JobState j) {
        if (j.status() == JobStatus.CANCELED) {
            err.println("Failure: job " + j.id() + " was canceled");
            return;
        }
        if (j.status() != JobStatus.ERROR) {
            return;
        }
        JsonNode error = j.ops().stream().filter(o -> o.status() == JobStatus.ERROR).findFirst()
                .map(OpState::result).orElse(null);
        err.println(Failures.ofResult(error));
    }

    static List<LogEntry> newEntries(JobState j, long after) {
        List<LogEntry> l = new ArrayList<>();
        for (OpState o : j.ops()) {
            o.log().stream().filter(e -> e.serial() > after).forEach(l::add);
        }
        l.sort(Comparator.comparingLong(LogEntry::serial));
        return l;
    }

    /** {@code Sun Nov 29 10:00:00 2026  - INFO: message}, as Ganeti prints job feedback. */
    static String logLine(LogEntry e) {
        String m = e.message() == null ? "" : e.message();
        if (!m.stripLeading().startsWith("- ") && !m.startsWith("* ")) {
            String level = e.type() != null && e.type().equalsIgnoreCase("warning") ? "WARNING" : "INFO";
            m = " - " + level + ": " + m;
        }
        return (e.time() == null ? "" : Cells.ctime(e.time())) + " " + m;
    }
}
