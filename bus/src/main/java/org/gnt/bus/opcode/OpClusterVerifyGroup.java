package org.gnt.bus.opcode;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * OP_CLUSTER_VERIFY_GROUP: checks the nodes and instances of one node group against what the
 * nodes report; the result is true when no error was found.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpClusterVerifyGroup(String groupName, Boolean debugSimulateErrors, Boolean errorCodes,
                                   List<String> skipChecks, List<String> ignoreErrors, Boolean verbose,
                                   Boolean verifyClutter) implements OpCode {
    public static final String OP_ID = "OP_CLUSTER_VERIFY_GROUP";

    public OpClusterVerifyGroup {
        debugSimulateErrors = debugSimulateErrors != null && debugSimulateErrors;
        errorCodes = errorCodes != null && errorCodes;
        skipChecks = skipChecks == null ? List.of() : List.copyOf(skipChecks);
        ignoreErrors = ignoreErrors == null ? List.of() : List.copyOf(ignoreErrors);
        verbose = verbose != null && verbose;
        verifyClutter = verifyClutter != null && verifyClutter;
    }

    @Override
    public void validate() {
        OpCodes.requireName(OP_ID, "group_name", groupName);
        VerifyErrorCodes.check(OP_ID, ignoreErrors);
        for (String s : skipChecks) {
            OpCodes.check(OP_ID, "skip_checks", s.equals("nplusone_mem"), "unknown check '" + s + "'");
        }
    }

    @Override
    public String summary() {
        return "CLUSTER_VERIFY_GROUP(" + groupName + ")";
    }
}
