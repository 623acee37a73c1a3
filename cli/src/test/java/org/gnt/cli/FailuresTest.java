package org.gnt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.gnt.bus.Json;
import org.gnt.bus.job.OpErrors;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.junit.jupiter.api.Test;

class FailuresTest {
    @Test
    void prerequisiteErrorWithType() {
        assertEquals("Failure: prerequisites not met for this operation:\nerror type: unknown_entity, error details:\n"
                        + "Node 'n9' not known",
                Failures.ofResult(OpErrors.prereq(new PluginException(ErrorKind.NOENT, "Node 'n9' not known"))));
    }

    @Test
    void executionError() {
        assertEquals("Failure: command execution error:\nDisk creation failed",
                Failures.ofResult(OpErrors.exec("Disk creation failed")));
    }

    @Test
    void otherAndMissingResults() {
        assertEquals("Failure: TypeEnforcementError: Unknown parameter 'x'",
                Failures.ofResult(Json.tree(List.of("TypeEnforcementError", List.of("Unknown parameter 'x'")))));
        assertEquals("Failure: the job failed without saying why", Failures.ofResult(null));
        assertEquals("Failure: odd", Failures.ofResult(Json.tree("odd")));
        assertEquals("Failure: prerequisites not met for this operation:\nno code",
                Failures.ofResult(Json.tree(List.of("OpPrereqError", List.of("no code")))));
    }

    @Test
    void localErrors() {
        assertEquals("Failure: prerequisites not met for this operation:\nerror type: wrong_input, error details:\nbad",
                Failures.of(new PluginException(ErrorKind.INVAL, "bad")));
        assertEquals("Failure: command execution error:\nzk down",
                Failures.of(new PluginException(ErrorKind.ENVIRON, "zk down")));
    }

    @Test
    void briefForm() {
        assertEquals("OpPrereqError: Node 'n9' not known (unknown_entity)",
                Failures.briefOfResult(OpErrors.prereq(new PluginException(ErrorKind.NOENT, "Node 'n9' not known"))));
        assertEquals("OpExecError: boom", Failures.briefOfResult(OpErrors.exec("boom")));
    }
}
