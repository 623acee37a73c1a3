package org.gnt.bus.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.bus.TopicAdmin;
import org.gnt.bus.view.ArchiveView;
import org.gnt.bus.view.TopicView;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.testkit.BusServersExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link JobClient}'s archiving and multi-job submission against real Kafka and ZooKeeper. No
 * master runs: job states are written to {@code jobs.state} directly, with the times a test needs,
 * and submissions are read back from {@code jobs.submit}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobClientIT {
    @RegisterExtension
    static final BusServersExtension SERVERS = new BusServersExtension();

    static BusConfig bus;
    static CuratorFramework curator;
    static KafkaProducer<String, byte[]> raw;
    static JobClient jobs;
    static ArchiveView archive;
    static TopicView submitted;
    static final Map<Long, JobSubmission> SUBMISSIONS = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        bus = new BusConfig(SERVERS.bootstrapServers(), SERVERS.zkConnect(), "jobclient");
        TopicAdmin.ensureClusterTopics(bus);
        curator = BusClients.curator(bus);
        raw = BusClients.producer(bus, "it-raw");
        jobs = new JobClient(bus, curator);
        archive = ArchiveView.full(bus).start();
        submitted = new TopicView(bus, bus.topics().jobsSubmit(), (k, v) -> {
            JobSubmission s = Json.read(v, JobSubmission.class);
            SUBMISSIONS.put(s.id(), s);
        }).start();
    }

    @AfterAll
    static void stop() {
        submitted.close();
        archive.close();
        jobs.close();
        raw.close();
        curator.close();
    }

    static JobState state(long id, JobStatus status, Instant end) throws Exception {
        JobState j = JobArchiveTest.job(id, status, end == null ? Instant.now() : end.minusSeconds(2),
                end == null ? Instant.now() : end.minusSeconds(1), end);
        raw.send(new ProducerRecord<>(bus.topics().jobsState(), Long.toString(id), Json.bytes(j))).get();
        assertTrue(jobs.view().await(id, x -> x.status() == status, Duration.ofSeconds(30)).get().isPresent());
        return j;
    }

    static void awaitArchived(long id) throws Exception {
        archive.catchUp().get(30, TimeUnit.SECONDS);
        jobs.view().catchUp().get(30, TimeUnit.SECONDS);
        assertTrue(archive.contains(id), "job " + id + " is in the archive");
        assertTrue(jobs.view().get(id).isEmpty(), "job " + id + " left the live view");
    }

    @Test
    @Order(1)
    void archivingMovesAFinishedJobAndRefusesAnUnfinishedOne() throws Exception {
        JobState done = state(101, JobStatus.ERROR, Instant.now());
        state(102, JobStatus.RUNNING, null);

        PluginException running = assertThrows(PluginException.class, () -> jobs.archive(102));
        assertEquals(ErrorKind.STATE, running.kind());
        assertTrue(running.getMessage().contains("Job 102 is running"), running.getMessage());

        jobs.archive(101);
        awaitArchived(101);
        assertEquals(Json.string(done), Json.string(archive.get(101).orElseThrow()), "the archive keeps the final state");
        assertEquals(JobStatus.RUNNING, jobs.view().get(102).orElseThrow().status(), "the running job is untouched");
        assertFalse(archive.contains(102));
        assertEquals(ErrorKind.NOENT, assertThrows(PluginException.class, () -> jobs.archive(101)).kind(),
                "an archived job is no longer in the queue");

        try (ArchiveView late = ArchiveView.statusesOnly(bus).start()) {
            assertTrue(late.awaitCaughtUp(Duration.ofSeconds(30)));
            assertEquals(JobStatus.ERROR, late.status(101).orElseThrow(), "a new reader finds it too");
            assertThrows(IllegalStateException.class, () -> late.get(101));
        }
    }

    @Test
    @Order(2) // archives every finished job at its end
    void autoArchiveTakesOnlyFinishedJobsOlderThanTheAge() throws Exception {
        Instant now = Instant.now();
        state(201, JobStatus.SUCCESS, now.minus(Duration.ofHours(7)));
        state(202, JobStatus.CANCELED, now.minus(Duration.ofHours(6).plusSeconds(30)));
        state(203, JobStatus.SUCCESS, now.minus(Duration.ofHours(1)));
        state(204, JobStatus.WAITING, null);

        assertEquals(2, jobs.autoArchive(Duration.ofHours(6)));
        awaitArchived(201);
        awaitArchived(202);
        assertTrue(jobs.view().get(203).isPresent() && jobs.view().get(204).isPresent());
        assertEquals(0, jobs.autoArchive(Duration.ofHours(6)), "nothing left of that age");

        int all = jobs.autoArchiveAll();
        assertTrue(all >= 1, "at least job 203: " + all);
        awaitArchived(203);
        assertEquals(JobStatus.WAITING, jobs.view().get(204).orElseThrow().status(), "unfinished jobs stay");
    }

    static JsonNode op(String depends) throws Exception {
        return RelativeDependsTest.op(depends);
    }

    @Test
    void severalJobsGoInOneSubmissionWithRelativeIdsResolved() throws Exception {
        List<Long> ids = jobs.submitMany(List.of(
                List.of(op(null)),
                List.of(op("[[-1, [\"success\"]]]")),
                List.of(op("[[-2, [\"success\"]], [-1, []]]")))).get(30, TimeUnit.SECONDS);
        assertEquals(3, ids.size());
        assertEquals(List.of(ids.get(0), ids.get(0) + 1, ids.get(0) + 2), ids, "one consecutive block");
        for (long id : ids) {
            awaitSubmission(id);
        }
        assertEquals("[[" + ids.get(0) + ",[\"success\"]]]",
                SUBMISSIONS.get(ids.get(1)).ops().get(0).get("depends").toString());
        assertEquals("[[" + ids.get(0) + ",[\"success\"]],[" + ids.get(1) + ",[]]]",
                SUBMISSIONS.get(ids.get(2)).ops().get(0).get("depends").toString());
        long single = jobs.submitJson(List.of(op(null)), 0, null).get(30, TimeUnit.SECONDS);
        assertEquals(ids.get(2) + 1, single, "single and multi submissions share one id sequence");
    }

    @Test
    void aBadSubmissionIsRefusedWholeAndTakesNoId() throws Exception {
        long before = counter();
        PluginException range = assertThrows(PluginException.class, () -> jobs.submitMany(List.of(
                List.of(op(null)), List.of(op("[[-2, [\"success\"]]]")))));
        assertEquals(ErrorKind.INVAL, range.kind());
        assertTrue(range.getMessage().contains("Job 2 of the submission, opcode 1 (OP_TEST_DELAY): relative job id -2"),
                range.getMessage());
        PluginException typo = assertThrows(PluginException.class, () -> jobs.submitMany(List.of(
                List.of(op(null)), List.of(Json.MAPPER.readTree("{\"OP_ID\": \"OP_TEST_DELAY\", \"durration\": 1}")))));
        assertTrue(typo.getMessage().startsWith("Job 2 of the submission, opcode 1: "), typo.getMessage());
        assertTrue(typo.getMessage().contains("'durration'"), typo.getMessage());
        assertEquals(ErrorKind.INVAL, assertThrows(PluginException.class,
                () -> jobs.submitMany(List.of(List.of(op(null)), List.of()))).kind());
        assertEquals(before, counter(), "no job id was taken");
    }

    private static long counter() throws Exception {
        if (curator.checkExists().forPath(bus.paths().jobIdCounter()) == null) {
            return 0;
        }
        return Long.parseLong(new String(curator.getData().forPath(bus.paths().jobIdCounter()), StandardCharsets.US_ASCII));
    }

    private static void awaitSubmission(long id) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!SUBMISSIONS.containsKey(id) && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertTrue(SUBMISSIONS.containsKey(id), "submission " + id + " is on jobs.submit");
    }
}
