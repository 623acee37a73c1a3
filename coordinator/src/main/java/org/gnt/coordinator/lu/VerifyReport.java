package org.gnt.coordinator.lu;

import java.util.List;

import org.gnt.coordinator.exec.LuContext;

/**
 * The feedback of a cluster verification, in the line format admins' scripts parse: {@code * }
 * for a section, {@code   - ERROR: node node3: message}, or with {@code --error-codes}
 * {@code   - ERROR:ENODENET:node:node3:message}. An error whose code is in {@code ignore} is
 * reported as a warning and does not fail the verification.
 */
final class VerifyReport {
    private final LuContext ctx;
    private final boolean errorCodes;
    private final List<String> ignore;
    private boolean failed;

    VerifyReport(LuContext ctx, boolean errorCodes, List<String> ignore) {
        this.ctx = ctx;
        this.errorCodes = errorCodes;
        this.ignore = ignore;
    }

    void section(String what) {
        ctx.log("* " + what);
    }

    void error(String code, String domain, String item, String message) {
        report(ignore.contains(code) ? "WARNING" : "ERROR", code, domain, item, message);
    }

    void warning(String code, String domain, String item, String message) {
        report("WARNING", code, domain, item, message);
    }

    private void report(String type, String code, String domain, String item, String message) {
        if (type.equals("ERROR")) {
            failed = true;
        }
        ctx.log("  - " + (errorCodes ? type + ":" + code + ":" + domain + ":" + item + ":" + message
                : type + ": " + domain + " " + item + ": " + message));
    }

    /** The opcode's result: true when nothing failed. */
    boolean passed() {
        return !failed;
    }
}
