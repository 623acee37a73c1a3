package org.gnt.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.Json;
import org.gnt.bus.job.RelativeDepends;
import org.gnt.bus.opcode.OpCodes;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gnt-debug}: Ganeti's debugging commands; so far {@code submit-job}. */
@Command(name = "gnt-debug", description = "Debug commands", subcommands = {DebugCommands.SubmitJob.class})
public final class DebugCommands extends GroupCommand {

    /**
     * {@code gnt-debug submit-job [--each] [--verbose] [--op-repeat N] [--job-repeat N] FILE...}:
     * each file is a JSON list of opcodes, one job. All jobs go in one submission, so an opcode
     * may depend on an earlier job of it with a relative id ({@code "depends": [[-1, ["success"]]]});
     * with {@code --each} every job is a submission of its own, as Ganeti's option does.
     */
    @Command(name = "submit-job", description = "Submit jobs built from files of JSON opcodes, one job per file")
    static final class SubmitJob extends GntCommand {
        @Mixin
        JobOptions job = new JobOptions();

        @Option(names = {"-v", "--verbose"}, description = "Also print the ids of the submitted jobs")
        boolean verbose;

        @Option(names = "--each", description = "Submit each job separately instead of all in one submission"
                + " (relative job ids then have no earlier job to name)")
        boolean each;

        @Option(names = "--op-repeat", paramLabel = "N", defaultValue = "1",
                description = "Repeat the opcodes of each file N times in its job")
        int opRepeat;

        @Option(names = "--job-repeat", paramLabel = "N", defaultValue = "1",
                description = "Submit the jobs of all files N times")
        int jobRepeat;

        @Parameters(paramLabel = "OPCODES_FILE", arity = "1..*", description = "Files with a JSON list of opcodes")
        List<Path> files;

        @Override
        protected int run() {
            if (job.requestKey != null) {
                throw new CliException("--request-key is not supported by submit-job");
            }
            if (opRepeat < 1 || jobRepeat < 1) {
                throw new CliException("--op-repeat and --job-repeat must be at least 1");
            }
            List<List<JsonNode>> jobs = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (int rep = 0; rep < jobRepeat; rep++) {
                for (Path f : files) {
                    List<JsonNode> ops = new ArrayList<>();
                    for (int n = 0; n < opRepeat; n++) {
                        for (ObjectNode op : read(f)) {
                            ops.add(job.apply(op, program()));
                        }
                    }
                    jobs.add(ops);
                    labels.add("file " + f + "/" + rep);
                }
            }
            // everything is checked before the first job is sent, also when sent one by one
            if (each) {
                jobs.forEach(j -> RelativeDepends.check(List.of(j)));
            } else {
                RelativeDepends.check(jobs);
            }
            try (Session s = session()) {
                List<Long> ids = new ArrayList<>();
                if (each) {
                    for (List<JsonNode> j : jobs) {
                        ids.addAll(submit(s, List.of(j)));
                    }
                } else {
                    ids.addAll(submit(s, jobs));
                }
                if (job.submit || job.printJobId) {
                    ids.forEach(id -> out().println("JobID: " + id));
                }
                if (job.submit) {
                    return ExitCodes.SUCCESS;
                }
                if (verbose) {
                    out().println("Submitted jobs " + String.join(", ", ids.stream().map(String::valueOf).toList()));
                }
                return new JobRunner(s, out(), err()).followAll(ids, labels);
            }
        }

        /** The opcodes of one file, each checked, a bad one named by file and position. */
        private static List<ObjectNode> read(Path f) {
            JsonNode list;
            try {
                list = Json.MAPPER.readTree(Files.readString(f));
            } catch (NoSuchFileException e) {
                throw new CliException("opcode file " + f + " does not exist");
            } catch (JsonProcessingException e) {
                throw new CliException("" + f + " is not valid JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new CliException("cannot read " + f + ": " + e.getMessage());
            }
            if (list == null || !list.isArray() || list.isEmpty()) {
                throw new PluginException(ErrorKind.INVAL, "File " + f + " must hold a non-empty JSON list of opcodes");
            }
            List<ObjectNode> ops = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                try {
                    OpCodes.parse(list.get(i));
                    OpCodes.common(list.get(i));
                } catch (PluginException e) {
                    throw new PluginException(e.kind(), "File " + f + ", opcode " + (i + 1) + ": " + e.getMessage(), e);
                }
                ops.add((ObjectNode) list.get(i));
            }
            return ops;
        }

        private static List<Long> submit(Session s, List<List<JsonNode>> jobs) {
            try {
                return s.jobs().submitMany(jobs).get(Session.READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("Interrupted while submitting the jobs");
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                throw new CliException("Cannot submit the jobs to Kafka at " + s.bus().bootstrapServers() + ": "
                        + cause + "\nIs the cluster running?");
            }
        }
    }
}
