package org.gnt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * Renders failures the way Ganeti's command line tools print them: a refused prerequisite with its
 * error type, an execution error, or the job's own error class.
 */
public final class Failures {
    private Failures() {
    }

    public static String prereq(String message, String errorType) {
        if (errorType == null || errorType.isEmpty()) {
            return "Failure: prerequisites not met for this operation:\n" + message;
        }
        return "Failure: prerequisites not met for this operation:\nerror type: " + errorType
                + ", error details:\n" + message;
    }

    public static String exec(String message) {
        return "Failure: command execution error:\n" + message;
    }

    /** A local refusal (bad option value, cluster already initialised, …). */
    public static String of(PluginException e) {
        if (e.kind() == ErrorKind.FAULT || e.kind() == ErrorKind.ENVIRON) {
            return exec(e.getMessage());
        }
        return prereq(e.getMessage(), e.kind().code());
    }

    /** An opcode's encoded error result: {@code ["OpPrereqError", [msg, ecode]]}, {@code ["OpExecError", [msg]]}, … */
    public static String ofResult(JsonNode result) {
        if (result == null || result.isNull()) {
            return "Failure: the job failed without saying why";
        }
        if (!result.isArray() || result.size() != 2 || !result.get(1).isArray()) {
            return "Failure: " + text(result);
        }
        String type = result.get(0).asText();
        JsonNode args = result.get(1);
        String message = args.size() > 0 ? text(args.get(0)) : "";
        return switch (type) {
            case "OpPrereqError" -> prereq(message, args.size() > 1 ? args.get(1).asText() : null);
            case "OpExecError" -> exec(message);
            case "JobCanceled" -> "Failure: the job was canceled: " + message;
            default -> "Failure: " + type + ": " + message;
        };
    }

    /** The bare message of an encoded error result, for one-line displays. */
    public static String briefOfResult(JsonNode result) {
        if (result != null && result.isArray() && result.size() == 2 && result.get(1).isArray()
                && result.get(1).size() > 0) {
            JsonNode args = result.get(1);
            String code = args.size() > 1 ? " (" + args.get(1).asText() + ")" : "";
            return result.get(0).asText() + ": " + text(args.get(0)) + code;
        }
        return result == null ? "None" : text(result);
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : n.toString();
    }
}
