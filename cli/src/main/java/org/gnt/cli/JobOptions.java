package org.gnt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Option;

/** Ganeti's common options of commands that submit a job: {@code --submit}, {@code --dry-run}, … */
public final class JobOptions {
    @Option(names = "--submit", description = "Submit the job, print its ID and return without waiting")
    boolean submit;

    @Option(names = "--print-jobid", description = "Print the job ID before waiting for the job")
    boolean printJobId;

    @Option(names = "--dry-run", description = "Only check the prerequisites; change nothing")
    boolean dryRun;

    @Option(names = "--priority", paramLabel = "low|normal|high", description = "Job priority")
    String priority;

    @Option(names = "--reason", paramLabel = "REASON", description = "Why the job is run (kept in its reason trail)")
    String reason;

    @Option(names = "--request-key", paramLabel = "KEY",
            description = "Makes the submission idempotent: the same key always yields the same job, never a second one")
    String requestKey;

    /** Ganeti's opcode priorities: high -10, normal 0, low 10. */
    int priorityValue() {
        return priority == null ? 0 : parsePriority(priority);
    }

    static int parsePriority(String priority) {
        return switch (priority) {
            case "high" -> -10;
            case "normal" -> 0;
            case "low" -> 10;
            default -> throw new CliException("Invalid --priority '" + priority + "': use low, normal or high");
        };
    }

    /** Adds the generic opcode fields these options set; the reason entry goes after any the opcode has. */
    ObjectNode apply(ObjectNode op, String program) {
        if (dryRun) {
            op.put("dry_run", true);
        }
        int p = priorityValue();
        if (p != 0) {
            op.put("priority", p);
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        long nanos = System.currentTimeMillis() * 1_000_000L;
        ArrayNode entry = f.arrayNode().add("gnt:client:" + program).add(reason == null ? "" : reason).add(nanos);
        JsonNode given = op.get("reason");
        ArrayNode trail = given instanceof ArrayNode a ? a : f.arrayNode();
        trail.add(entry);
        op.set("reason", trail);
        return op;
    }
}
