package org.gnt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.job.LogEntry;
import org.gnt.bus.job.OpState;
import org.junit.jupiter.api.Test;

class JobRunnerTest {
    @Test
    void logLinesLookLikeGanetis() {
        String line = JobRunner.logLine(new LogEntry(1, Instant.parse("2026-11-29T10:00:00Z"), "message", "Creating disk 0"));
        assertTrue(line.matches("[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d 2026  - INFO: Creating disk 0"),
                line);
        String warn = JobRunner.logLine(new LogEntry(2, Instant.now(), "warning", "disk left behind"));
        assertTrue(warn.endsWith("  - WARNING: disk left behind"), warn);
        String own = JobRunner.logLine(new LogEntry(3, Instant.now(), "message", "* creating instance disks..."));
        assertTrue(own.endsWith(" * creating instance disks..."), own);
    }

    @Test
    void newEntriesAcrossOpcodesInSerialOrder() {
        var input = JsonNodeFactory.instance.objectNode().put("OP_ID", "OP_TEST_DELAY");
        Instant t = Instant.now();
        OpState a = new OpState(input, JobStatus.SUCCESS, null,
                List.of(new LogEntry(1, t, "message", "a1"), new LogEntry(3, t, "message", "a3")), t, t, 0);
        OpState b = new OpState(input, JobStatus.RUNNING, null, List.of(new LogEntry(2, t, "message", "b2"),
                new LogEntry(4, t, "message", "b4")), t, null, 0);
        JobState j = new JobState(JobState.VERSION, 7, JobStatus.RUNNING, List.of(a, b), 0, t, t, null, 1, null);
        assertEquals(List.of("b2", "a3", "b4"), JobRunner.newEntries(j, 1).stream().map(LogEntry::message).toList());
    }
}
