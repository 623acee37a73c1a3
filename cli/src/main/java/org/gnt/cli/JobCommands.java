package org.gnt.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.bus.job.JobClient;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.job.LogEntry;
import org.gnt.bus.job.OpState;
import org.gnt.bus.view.ArchiveView;
import org.gnt.bus.view.JobView;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gnt-job}: looking at the job queue. */
@Command(name = "gnt-job", description = "Job queue commands",
        subcommands = {JobCommands.ListJobs.class, JobCommands.Info.class, JobCommands.Watch.class,
                JobCommands.Cancel.class, JobCommands.ChangePriority.class, JobCommands.Archive.class,
                JobCommands.AutoArchive.class})
public final class JobCommands extends GroupCommand {

    /** {@code gnt-job list}. */
    @Command(name = "list", description = "List jobs")
    static final class ListJobs extends GntCommand {
        @Mixin
        ListOptions list = new ListOptions();

        @Option(names = "--pending", description = "Only queued and waiting jobs")
        boolean pending;

        @Option(names = "--running", description = "Only running jobs")
        boolean running;

        @Option(names = "--error", description = "Only failed jobs")
        boolean error;

        @Option(names = "--finished", description = "Only finished jobs")
        boolean finished;

        @Option(names = "--archived", description = "Include archived jobs (and show the 'archived' field)")
        boolean archived;

        @Parameters(paramLabel = "JOB_ID", arity = "0..*", description = "Only these jobs")
        List<String> ids = new ArrayList<>();

        @Override
        protected int run() {
            List<Field> fields = new ArrayList<>(JobColumns.CATALOG.select(list.output));
            if (archived && fields.stream().noneMatch(f -> f.name().equals("archived"))) {
                fields.add(JobColumns.CATALOG.find("archived").orElseThrow()); // as Ganeti does
            }
            list.units();
            ListFilter filter = list.filterIds(ids, JobColumns.CATALOG, "id");
            Set<Long> wanted = filter.byName() ? Set.copyOf(parseIds(ids)) : Set.of();
            try (Session s = session()) {
                SortedMap<Long, JobState> all = new TreeMap<>();
                Set<Long> inArchive = new HashSet<>();
                if (archived) {
                    for (JobState j : s.archiveView().all()) {
                        all.put(j.id(), j);
                        inArchive.add(j.id());
                    }
                }
                // a job caught between the archive write and the live tombstone counts as live
                s.jobView().all().forEach(j -> {
                    all.put(j.id(), j);
                    inArchive.remove(j.id());
                });
                JobColumns columns = new JobColumns(inArchive::contains);
                List<JobState> jobs = all.values().stream()
                        .filter(j -> wanted.isEmpty() || wanted.contains(j.id()))
                        .filter(this::statusWanted)
                        .filter(j -> filter.holds(j, columns)).toList();
                return list.print(out(), err(), fields, jobs, columns);
            }
        }

        private boolean statusWanted(JobState j) {
            if (!pending && !running && !error && !finished) {
                return true;
            }
            JobStatus st = j.status();
            return pending && (st == JobStatus.QUEUED || st == JobStatus.WAITING)
                    || running && (st == JobStatus.RUNNING || st == JobStatus.CANCELING)
                    || error && st == JobStatus.ERROR
                    || finished && st.isFinal();
        }
    }

    /** {@code gnt-job info}: status, times, opcodes with their input, result and log; archived jobs too. */
    @Command(name = "info", description = "Show detailed information about jobs")
    static final class Info extends GntCommand {
        @Parameters(paramLabel = "JOB_ID", arity = "0..*", description = "Job IDs (default: all jobs)")
        List<String> ids = new ArrayList<>();

        @Override
        protected int run() {
            List<Long> wanted = parseIds(ids);
            try (Session s = session()) {
                JobView view = s.jobView();
                if (wanted.isEmpty()) {
                    wanted = view.all().stream().map(JobState::id).toList();
                }
                ArchiveView archive = null;
                for (long id : wanted) {
                    Optional<JobState> j = view.get(id);
                    if (j.isEmpty()) {
                        archive = archive == null ? s.archiveView() : archive; // read only when needed
                        j = archive.get(id);
                    }
                    if (j.isEmpty()) {
                        out().println("Job ID " + id + " not found");
                    } else {
                        print(out(), j.get());
                    }
                }
            }
            return ExitCodes.SUCCESS;
        }

        static void print(PrintStream out, JobState j) {
            out.println("Job ID: " + j.id());
            out.println("  Status: " + j.status().wire());
            out.println("  Priority: " + j.priority());
            out.println("  Received:         " + Cells.time(j.receivedTs()));
            out.println("  Processing start: " + Cells.time(j.startTs()) + delta(j.receivedTs(), j.startTs()));
            out.println("  Processing end:   " + Cells.time(j.endTs()) + delta(j.startTs(), j.endTs()));
            if (j.startTs() != null && j.endTs() != null) {
                out.println("  Total processing time: " + seconds(j.receivedTs(), j.endTs()) + " seconds");
            }
            out.println("  Opcodes:");
            for (OpState o : j.ops()) {
                out.println("    - Opcode: " + o.input().path("OP_ID").asText("?"));
                out.println("      Status: " + o.status().wire());
                out.println("      Processing start: " + Cells.time(o.startTs()));
                out.println("      Processing end:   " + Cells.time(o.endTs()));
                out.println("      Input fields:");
                for (Iterator<Map.Entry<String, JsonNode>> it = o.input().fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getKey().equals("OP_ID")) {
                        out.println("        " + e.getKey() + ": " + Cells.scalar(e.getValue()));
                    }
                }
                if (o.status() == JobStatus.ERROR) {
                    out.println("      Result:");
                    out.println("        " + Failures.briefOfResult(o.result()));
                } else if (o.result() == null || o.result().isNull()) {
                    out.println("      No output data");
                } else {
                    out.println("      Result:");
                    out.println("        " + Cells.scalar(o.result()));
                }
                if (o.log().isEmpty()) {
                    out.println("      No execution log");
                } else {
                    out.println("      Execution log:");
                    for (LogEntry e : o.log()) {
                        out.println("        - Time: " + Cells.time(e.time()) + ", Type: " + e.type() + ", Message: "
                                + e.message());
                    }
                }
            }
        }

        private static String delta(Instant from, Instant to) {
            return from == null || to == null ? "" : " (delta " + seconds(from, to) + "s)";
        }

        private static String seconds(Instant from, Instant to) {
            return String.format(Locale.ROOT, "%.6f", Duration.between(from, to).toNanos() / 1e9);
        }
    }

    /** {@code gnt-job watch}: follows a job's log until it ends; the exit code says how it ended. */
    @Command(name = "watch", description = "Follow a job's output until it finishes")
    static final class Watch extends GntCommand {
        @Parameters(paramLabel = "JOB_ID", description = "The job to follow")
        String id;

        @Override
        protected int run() {
            long jobId = parseIds(List.of(id)).get(0);
            try (Session s = session()) {
                JobView view = s.jobView();
                if (view.get(jobId).isEmpty()) {
                    throw new PluginException(ErrorKind.NOENT, "Job ID " + jobId + " not found");
                }
                out().println("Output from job " + jobId + " follows");
                out().println("-----------------------");
                JobState j = new JobRunner(s, out(), err()).follow(view, jobId);
                return j.status() == JobStatus.SUCCESS ? ExitCodes.SUCCESS : ExitCodes.FAILURE;
            }
        }
    }

    /** {@code gnt-job cancel ID...}: cancels jobs that have not started; exit 1 if any could not be. */
    @Command(name = "cancel", description = "Cancel jobs that have not started running")
    static final class Cancel extends GntCommand {
        @Parameters(paramLabel = "JOB_ID", arity = "1..*", description = "Jobs to cancel")
        List<String> ids;

        @picocli.CommandLine.Option(names = "--kill", description = "Also stop jobs that are running")
        boolean kill;

        @picocli.CommandLine.Option(names = {"-f", "--force"}, description = "Do not ask for confirmation")
        boolean force;

        @Override
        protected int run() {
            List<Long> jobIds = parseIds(ids);
            int rc = ExitCodes.SUCCESS;
            try (Session s = session()) {
                s.jobView();
                for (long id : jobIds) {
                    JobClient.CancelResult r = s.jobs().cancel(id, kill, Duration.ofSeconds(10));
                    out().println(r.message());
                    if (!r.canceled()) {
                        rc = ExitCodes.FAILURE;
                    }
                }
            }
            return rc;
        }
    }

    /** {@code gnt-job change-priority --priority P ID...}: for jobs still queued. */
    @Command(name = "change-priority", description = "Change the priority of queued jobs")
    static final class ChangePriority extends GntCommand {
        @picocli.CommandLine.Option(names = "--priority", required = true, paramLabel = "low|normal|high",
                description = "The new priority")
        String priority;

        @Parameters(paramLabel = "JOB_ID", arity = "1..*", description = "Jobs to change")
        List<String> ids;

        @Override
        protected int run() {
            int p = JobOptions.parsePriority(priority);
            List<Long> jobIds = parseIds(ids);
            try (Session s = session()) {
                s.jobView();
                for (long id : jobIds) {
                    s.jobs().changePriority(id, p);
                    out().println("Requested priority " + priority + " for job " + id);
                }
            }
            return ExitCodes.SUCCESS;
        }
    }

    /** {@code gnt-job archive ID...}: moves finished jobs to the archive; exit 1 if any could not be. */
    @Command(name = "archive", description = "Archive finished jobs")
    static final class Archive extends GntCommand {
        @Parameters(paramLabel = "JOB_ID", arity = "1..*", description = "Jobs to archive")
        List<String> ids;

        @Override
        protected int run() {
            List<Long> jobIds = parseIds(ids);
            int rc = ExitCodes.SUCCESS;
            try (Session s = session()) {
                for (long id : jobIds) {
                    try {
                        s.jobs().archive(id);
                    } catch (PluginException e) {
                        err().println("Failed to archive job with ID '" + id + "': " + e.getMessage());
                        rc = ExitCodes.FAILURE;
                    }
                }
            }
            return rc;
        }
    }

    /** {@code gnt-job autoarchive AGE|all}: archives finished jobs older than AGE (Ganeti's time spec). */
    @Command(name = "autoarchive", description = "Archive finished jobs older than the given age")
    static final class AutoArchive extends GntCommand {
        @Parameters(paramLabel = "AGE|all", description = "Seconds, or a number with s, m, h, d or w (1d, 4w); all = every finished job")
        String age;

        @Override
        protected int run() {
            Optional<Duration> olderThan = age.equals("all") ? Optional.empty() : Optional.of(OptionValues.timespec(age));
            try (Session s = session()) {
                JobClient jobs = s.jobs();
                int n = olderThan.map(jobs::autoArchive).orElseGet(jobs::autoArchiveAll);
                // every job is looked at, so none is left unchecked (Ganeti can stop at a timeout)
                out().println("Archived " + n + " jobs, 0 unchecked left");
            }
            return ExitCodes.SUCCESS;
        }
    }

    static List<Long> parseIds(List<String> ids) {
        List<Long> out = new ArrayList<>();
        for (String s : ids) {
            try {
                long id = Long.parseLong(s.trim());
                if (id <= 0) {
                    throw new NumberFormatException();
                }
                out.add(id);
            } catch (NumberFormatException e) {
                throw new PluginException(ErrorKind.INVAL, "Invalid job ID '" + s + "'");
            }
        }
        return out;
    }
}
