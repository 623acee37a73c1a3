package org.gnt.bus.opcode;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** OP_CLUSTER_VERIFY_CONFIG: checks the configuration's consistency; the result is true when no error was found. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpClusterVerifyConfig(Boolean debugSimulateErrors, Boolean errorCodes, List<String> ignoreErrors,
                                    Boolean verbose) implements OpCode {
    public static final String OP_ID = "OP_CLUSTER_VERIFY_CONFIG";

    public OpClusterVerifyConfig {
        debugSimulateErrors = debugSimulateErrors != null && debugSimulateErrors;
        errorCodes = errorCodes != null && errorCodes;
        ignoreErrors = ignoreErrors == null ? List.of() : List.copyOf(ignoreErrors);
        verbose = verbose != null && verbose;
    }

    @Override
    public void validate() {
        VerifyErrorCodes.check(OP_ID, ignoreErrors);
    }

    @Override
    public String summary() {
        return "CLUSTER_VERIFY_CONFIG";
    }
}
