package org.gnt.bus.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.gnt.bus.Json;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.junit.jupiter.api.Test;

class JobArchiveTest {
    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    static JobState job(long id, JobStatus status, Instant received, Instant start, Instant end) {
        OpState op = OpState.queued(Json.MAPPER.createObjectNode().put("OP_ID", "OP_TEST_DELAY"), 0);
        return new JobState(JobState.VERSION, id, status, List.of(op), 0, received, start, end, 1, null);
    }

    static List<Long> ids(List<JobState> jobs) {
        return jobs.stream().map(JobState::id).toList();
    }

    @Test
    void onlyFinishedJobsOlderThanTheAgeAreDue() {
        Instant old = NOW.minusSeconds(7200);
        List<JobState> jobs = List.of(
                job(1, JobStatus.SUCCESS, old, old, old),
                job(2, JobStatus.ERROR, old, old, NOW.minusSeconds(60)),
                job(3, JobStatus.RUNNING, old, old, null),
                job(4, JobStatus.CANCELED, old, null, null),
                job(5, JobStatus.WAITING, old, null, null),
                job(6, JobStatus.SUCCESS, old, old, NOW.minusSeconds(3600)));
        assertEquals(List.of(1L, 4L), ids(JobArchive.olderThan(jobs, NOW, Duration.ofHours(1))),
                "strictly older than the age, as Ganeti compares");
        assertEquals(List.of(1L, 4L, 6L), ids(JobArchive.olderThan(jobs, NOW, Duration.ofMinutes(59))));
        assertEquals(List.of(1L, 2L, 4L, 6L), ids(JobArchive.finished(jobs)));
    }

    @Test
    void ageCountsFromTheEndElseTheStartElseTheReception() {
        Instant r = NOW.minusSeconds(300);
        Instant s = NOW.minusSeconds(200);
        Instant e = NOW.minusSeconds(100);
        assertEquals(e, JobArchive.finishedAt(job(1, JobStatus.SUCCESS, r, s, e)));
        assertEquals(s, JobArchive.finishedAt(job(1, JobStatus.ERROR, r, s, null)));
        assertEquals(r, JobArchive.finishedAt(job(1, JobStatus.CANCELED, r, null, null)));
        assertEquals(Instant.EPOCH, JobArchive.finishedAt(job(1, JobStatus.CANCELED, null, null, null)));
    }

    @Test
    void anUnfinishedJobIsRefusedNamingItsStatus() {
        PluginException e = assertThrows(PluginException.class,
                () -> JobArchive.requireFinal(job(12, JobStatus.RUNNING, NOW, NOW, null)));
        assertEquals(ErrorKind.STATE, e.kind());
        assertEquals("Job 12 is running; only finished jobs (success, error or canceled) can be archived",
                e.getMessage());
        JobArchive.requireFinal(job(12, JobStatus.CANCELED, NOW, null, null));
    }
}
