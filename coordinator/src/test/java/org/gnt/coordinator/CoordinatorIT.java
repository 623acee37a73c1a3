package org.gnt.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.bus.TopicAdmin;
import org.gnt.bus.config.ClusterInit;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.job.JobClient;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.job.JobSubmission;
import org.gnt.bus.opcode.OpCodes;
import org.gnt.bus.opcode.OpInstanceStartup;
import org.gnt.bus.opcode.OpTestDelay;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.testkit.BusServersExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Coordinators against real ZooKeeper and Kafka: fencing, job execution, failover, validation. */
class CoordinatorIT {
    @RegisterExtension
    static final BusServersExtension servers = new BusServersExtension();

    static BusConfig bus;
    static CuratorFramework curator;
    static JobClient jobs;

    @BeforeAll
    static void init() {
        bus = new BusConfig(servers.bootstrapServers(), servers.zkConnect(), "it" + System.nanoTime() % 100000);
        curator = BusClients.curator(bus);
        TopicAdmin.ensureClusterTopics(bus);
        ClusterInit.init(curator, bus.paths(), "it", List.of("fake"), List.of("file", "diskless"), Map.of(), Map.of(), "/tmp");
        jobs = new JobClient(bus, curator);
    }

    @AfterAll
    static void close() {
        jobs.close();
        curator.close();
    }

    @Test
    void aDeposedMasterCannotWriteConfig() throws Exception {
        int epochA = curator.setData().forPath(bus.paths().master(), "a".getBytes()).getVersion();
        ConfigStore a = ConfigStore.load(curator, bus.paths(), epochA).orElseThrow();
        int epochB = curator.setData().forPath(bus.paths().master(), "b".getBytes()).getVersion();
        ConfigStore b = ConfigStore.load(curator, bus.paths(), epochB).orElseThrow();
        InstanceConfig i = new InstanceConfig(InstanceConfig.VERSION, UUID.randomUUID().toString(), "fenced1", "n", "noop",
                "fake", Map.of(), Map.of(), Map.of(), "diskless", List.of(), List.of(), "down", "admin", List.of(),
                Instant.now(), Instant.now(), 1);
        assertThrows(ConfigStore.FencedException.class, () -> a.addInstance(i));
        assertTrue(curator.checkExists().forPath(bus.paths().instance(i.uuid())) == null, "nothing written");
        b.addInstance(i);
        assertTrue(curator.checkExists().forPath(bus.paths().instance(i.uuid())) != null);
        b.removeInstance(i);
    }

    @Test
    void jobsRunAndSurviveAGracefulMasterChange() throws Exception {
        try (Coordinator c1 = new Coordinator(bus, "c1", 16).start(); Coordinator c2 = new Coordinator(bus, "c2", 16).start()) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ids.add(jobs.submit(OpTestDelay.of(0)).get());
            }
            for (long id : ids) {
                assertEquals(JobStatus.SUCCESS, finalState(id).status());
            }
            Coordinator master = c1.isMaster() ? c1 : c2;
            Coordinator other = master == c1 ? c2 : c1;
            master.close();
            long after = jobs.submit(OpTestDelay.of(0.01)).get();
            JobState j = finalState(after);
            assertEquals(JobStatus.SUCCESS, j.status());
            assertTrue(other.isMaster(), "the other coordinator took over");
            for (int n = 1; n < ids.size(); n++) {
                assertTrue(ids.get(n) > ids.get(n - 1), "job ids only grow");
            }
        }
    }

    @Test
    void invalidOpcodesOnTheBusFailAsJobsAndUnknownInstancesAreNamed() throws Exception {
        try (Coordinator c = new Coordinator(bus, "c3", 4).start();
             KafkaProducer<String, byte[]> raw = BusClients.producer(bus, "raw")) {
            long id = 900_000 + System.nanoTime() % 1000;
            JsonNode bad = Json.MAPPER.readTree("{\"OP_ID\": \"OP_TEST_DELAY\", \"duration\": 0, \"typo_field\": 1}");
            raw.send(new ProducerRecord<>(bus.topics().jobsSubmit(), Long.toString(id),
                    Json.bytes(new JobSubmission(1, id, null, List.of(bad), 0, Instant.now())))).get();
            JobState j = finalState(id);
            assertEquals(JobStatus.ERROR, j.status());
            assertTrue(j.ops().get(0).result().toString().contains("typo_field"), j.toString());

            JobState missing = finalState(jobs.submit(OpInstanceStartup.of("ghost.example.com")).get());
            assertEquals(JobStatus.ERROR, missing.status());
            assertEquals("OpPrereqError", missing.ops().get(0).result().get(0).asText());
            assertTrue(missing.ops().get(0).result().toString().contains("ghost.example.com"));
            assertTrue(missing.ops().get(0).result().toString().contains("unknown_entity"));
        }
    }

    @Test
    void queuedJobsCanBeCanceledAndReprioritisedButRunningOnesCannot() throws Exception {
        try (Coordinator c = new Coordinator(bus, "c4", 1).start()) {
            long busy = jobs.submit(OpTestDelay.of(3)).get();
            jobs.view().await(busy, j -> j.status() == JobStatus.RUNNING, Duration.ofSeconds(30)).get().orElseThrow();
            long low = jobs.submitJson(List.of(OpCodes.toJson(OpTestDelay.of(0))), 10, null).get();
            long doomed = jobs.submitJson(List.of(OpCodes.toJson(OpTestDelay.of(0))), 0, null).get();
            long normal = jobs.submitJson(List.of(OpCodes.toJson(OpTestDelay.of(0))), 0, null).get();
            jobs.view().await(normal, j -> true, Duration.ofSeconds(30)).get().orElseThrow();

            JobClient.CancelResult running = jobs.cancel(busy, Duration.ofSeconds(5));
            assertTrue(!running.canceled() && running.message().contains("running"), running.toString());
            JobClient.CancelResult queued = jobs.cancel(doomed, Duration.ofSeconds(10));
            assertTrue(queued.canceled(), queued.toString());
            jobs.changePriority(low, -10);
            jobs.view().await(low, j -> j.priority() == -10, Duration.ofSeconds(10)).get().orElseThrow();

            JobState canceled = finalState(doomed);
            assertEquals(JobStatus.CANCELED, canceled.status());
            assertEquals(JobStatus.CANCELED, canceled.ops().get(0).status());
            assertEquals(JobStatus.SUCCESS, finalState(busy).status());
            JobState raised = finalState(low);
            JobState later = finalState(normal);
            assertTrue(raised.startTs().isBefore(later.startTs()), "the raised job ran before the one submitted after it");
            assertTrue(!jobs.cancel(busy, Duration.ofSeconds(1)).canceled(), "a finished job is not canceled");
        }
    }

    @Test
    void jobsWaitForTheirDependenciesAndFailWhenTheyCanNoLongerRun() throws Exception {
        try (Coordinator c = new Coordinator(bus, "c5", 8).start()) {
            long a = jobs.submit(OpTestDelay.of(1)).get();
            long b = submitDepending(OpCodes.toJson(OpTestDelay.of(0)), "[[" + a + ", [\"success\"]]]");
            long d = jobs.submit(OpInstanceStartup.of("nobody.example.com")).get();
            long onSuccess = submitDepending(OpCodes.toJson(OpTestDelay.of(0)), "[[" + d + ", [\"success\"]]]");
            long onError = submitDepending(OpCodes.toJson(OpTestDelay.of(0)), "[[" + d + ", [\"error\"]]]");
            long relative = submitDepending(OpCodes.toJson(OpTestDelay.of(0)), "[[-1, []]]");

            assertEquals(JobStatus.WAITING, jobs.view().await(b, j -> j.status() == JobStatus.WAITING,
                    Duration.ofSeconds(10)).get().orElseThrow().status());
            JobState ja = finalState(a);
            JobState jb = finalState(b);
            assertEquals(JobStatus.SUCCESS, jb.status());
            assertTrue(!jb.ops().get(0).startTs().isBefore(ja.endTs()), "b started after a ended");
            JobState unmet = finalState(onSuccess);
            assertEquals(JobStatus.ERROR, unmet.status());
            assertTrue(unmet.ops().get(0).result().toString().contains("Job " + d + " finished with status error"),
                    unmet.ops().get(0).result().toString());
            assertEquals(JobStatus.SUCCESS, finalState(onError).status());
            JobState rel = finalState(relative);
            assertEquals(JobStatus.ERROR, rel.status());
            assertTrue(rel.ops().get(0).result().toString().contains("depends"));
        }
    }

    @Test
    void aRequestKeyYieldsOneJobHoweverOftenItIsSent() throws Exception {
        try (Coordinator c = new Coordinator(bus, "c6", 4).start()) {
            String key = "deploy-" + System.nanoTime();
            List<JsonNode> op = List.of(OpCodes.toJson(OpTestDelay.of(0)));
            List<java.util.concurrent.CompletableFuture<Long>> sent = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                sent.add(jobs.submitJson(op, 0, key));
            }
            long first = sent.get(0).get();
            for (var f : sent) {
                assertEquals(first, f.get(), "same key, same job");
            }
            assertEquals(JobStatus.SUCCESS, finalState(first).status());
            assertEquals(first, jobs.submitJson(op, 0, key).get(), "also after the job finished");
            long other = jobs.submitJson(op, 0, key + "-other").get();
            assertTrue(other > first, "another key is another job");
            jobs.view().await(other, j -> j.status().isFinal(), Duration.ofSeconds(30)).get();
            long withKey = jobs.view().all().stream().filter(j -> key.equals(j.requestKey())).count();
            assertEquals(1, withKey, "exactly one job carries the key");
        }
    }

    @Test
    void aDrainedQueueRefusesNewJobs() throws Exception {
        jobs.setDrained(true);
        try {
            org.gnt.plugins.PluginException e = assertThrows(org.gnt.plugins.PluginException.class,
                    () -> jobs.submit(OpTestDelay.of(0)));
            assertTrue(e.getMessage().contains("drained"), e.getMessage());
        } finally {
            jobs.setDrained(false);
        }
        try (Coordinator c = new Coordinator(bus, "c7", 4).start()) {
            assertEquals(JobStatus.SUCCESS, finalState(jobs.submit(OpTestDelay.of(0)).get()).status());
        }
    }

    @Test
    void aRunningJobCanBeKilledAndNothingElseIsDisturbed() throws Exception {
        try (Coordinator c = new Coordinator(bus, "c8", 4).start()) {
            long busy = jobs.submit(new OpTestDelay(60.0, null, null, null, 0, null, null)).get();
            long other = jobs.submit(OpTestDelay.of(0.5)).get();
            jobs.view().await(busy, j -> j.status() == JobStatus.RUNNING, Duration.ofSeconds(30)).get().orElseThrow();
            Instant asked = Instant.now();
            JobClient.CancelResult r = jobs.cancel(busy, true, Duration.ofSeconds(20));
            assertTrue(r.canceled() && r.message().contains("killed"), r.toString());
            JobState killed = finalState(busy);
            assertEquals(JobStatus.CANCELED, killed.status());
            assertEquals(JobStatus.CANCELED, killed.ops().get(0).status());
            assertTrue(killed.ops().get(0).result().asText().contains("killed"), killed.toString());
            assertTrue(killed.endTs().isBefore(asked.plusSeconds(20)), "the 60 s delay was cut short");
            assertEquals(JobStatus.SUCCESS, finalState(other).status());
            JobClient.CancelResult done = jobs.cancel(other, true, Duration.ofSeconds(2));
            assertTrue(!done.canceled() && done.message().contains("finished"), done.toString());
        }
    }

    @Test
    void jobsOnDifferentInstancesRunInParallelAndJobsOnOneInstanceInTurn() throws Exception {
        int epoch = curator.setData().forPath(bus.paths().master(), "setup".getBytes()).getVersion();
        ConfigStore setup = ConfigStore.load(curator, bus.paths(), epoch).orElseThrow();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String name = "par" + i + ".example.com";
            names.add(name);
            setup.addInstance(new InstanceConfig(InstanceConfig.VERSION, UUID.randomUUID().toString(), name, "n",
                    "noop", "fake", Map.of(), Map.of(), Map.of(), "diskless", List.of(), List.of(), "down", "admin",
                    List.of(), Instant.now(), Instant.now(), 1));
        }
        try (Coordinator c = new Coordinator(bus, "c9", 128).start()) {
            Instant start = Instant.now();
            List<Long> ids = new ArrayList<>();
            for (String name : names) {
                ids.add(jobs.submit(new OpTestDelay(1.0, null, null, null, 0, null, false, List.of(name))).get());
            }
            Instant lastEnd = start;
            for (long id : ids) {
                JobState j = finalState(id);
                assertEquals(JobStatus.SUCCESS, j.status(), j.toString());
                lastEnd = j.endTs().isAfter(lastEnd) ? j.endTs() : lastEnd;
            }
            // one at a time would take 100 s; each job holds its own instance lock, so they overlap
            assertTrue(Duration.between(start, lastEnd).toSeconds() < 30,
                    "100 one-second jobs took " + Duration.between(start, lastEnd));

            long first = jobs.submit(new OpTestDelay(1.0, null, null, null, 0, null, false, List.of(names.get(0)))).get();
            long second = jobs.submit(new OpTestDelay(1.0, null, null, null, 0, null, false, List.of(names.get(0)))).get();
            JobState a = finalState(first);
            JobState b = finalState(second);
            JobState earlier = a.endTs().isBefore(b.endTs()) ? a : b;
            JobState later = earlier == a ? b : a;
            assertTrue(!later.ops().get(0).startTs().isBefore(earlier.endTs()),
                    "two jobs on one instance do not overlap: " + earlier + " / " + later);
            JobState missing = finalState(jobs.submit(new OpTestDelay(0.0, null, null, null, 0, null, false,
                    List.of("nosuch.example.com"))).get());
            assertEquals(JobStatus.ERROR, missing.status());
            assertTrue(missing.ops().get(0).result().toString().contains("nosuch.example.com"));
        }
    }

    @Test
    void filterRulesPauseRejectAndRateLimitJobsAsTheyWouldStart() throws Exception {
        org.gnt.bus.filter.FilterStore store = new org.gnt.bus.filter.FilterStore(curator, bus.paths());
        org.gnt.bus.filter.FilterRule pause = store.add(org.gnt.bus.filter.FilterSpec.fromJson(Json.MAPPER.readTree(
                "{\"priority\": 0, \"action\": \"PAUSE\","
                        + " \"predicates\": [[\"reason\", [\"=~\", \"reason\", \"hold-me\"]]]}")));
        org.gnt.bus.filter.FilterRule limit = store.add(org.gnt.bus.filter.FilterSpec.fromJson(Json.MAPPER.readTree(
                "{\"priority\": 1, \"action\": [\"RATE_LIMIT\", 2],"
                        + " \"predicates\": [[\"reason\", [\"=~\", \"reason\", \"limit-me\"]]]}")));
        try (Coordinator c = new Coordinator(bus, "c10", 16).start()) {
            long held = withReason(OpTestDelay.of(0), "hold-me");
            long free = jobs.submit(OpTestDelay.of(0)).get();
            assertEquals(JobStatus.SUCCESS, finalState(free).status());
            Thread.sleep(1000);
            assertEquals(JobStatus.QUEUED, jobs.get(held).orElseThrow().status(), "a paused job stays queued");
            long heldToo = withReason(OpTestDelay.of(0), "hold-me");
            jobs.view().await(heldToo, j -> true, Duration.ofSeconds(10)).get().orElseThrow();
            Thread.sleep(300);
            JobClient.CancelResult canceled = jobs.cancel(heldToo, Duration.ofSeconds(10));
            assertTrue(canceled.canceled(), "a paused job can be canceled: " + canceled);
            assertEquals(JobStatus.CANCELED, finalState(heldToo).status());

            // the rule turns into a REJECT: the held job is looked at again and canceled, naming the rule
            store.replace(pause.uuid(), org.gnt.bus.filter.FilterSpec.fromJson(Json.MAPPER.readTree(
                    "{\"priority\": 0, \"action\": \"REJECT\","
                            + " \"predicates\": [[\"reason\", [\"=~\", \"reason\", \"hold-me\"]]]}")));
            JobState rejected = finalState(held);
            assertEquals(JobStatus.CANCELED, rejected.status());
            assertTrue(rejected.ops().get(0).result().asText().contains(pause.uuid()), rejected.toString());

            List<Long> limited = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                limited.add(withReason(OpTestDelay.of(0.5), "limit-me"));
            }
            List<JobState> done = new ArrayList<>();
            for (long id : limited) {
                JobState j = finalState(id);
                assertEquals(JobStatus.SUCCESS, j.status());
                done.add(j);
            }
            for (JobState j : done) {
                Instant t = j.ops().get(0).startTs().plusMillis(1);
                long overlapping = done.stream().filter(o -> !o.ops().get(0).startTs().isAfter(t)
                        && o.endTs().isAfter(t)).count();
                assertTrue(overlapping <= 2, "at most 2 jobs of the rate limit run at once, saw " + overlapping);
            }
        } finally {
            store.delete(pause.uuid());
            store.delete(limit.uuid());
        }
    }

    private static long withReason(OpTestDelay op, String reason) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode) OpCodes.toJson(op);
        json.set("reason", Json.MAPPER.readTree("[[\"gnt:test\", \"" + reason + "\", 1]]"));
        return jobs.submitJson(List.of(json), 0, null).get();
    }

    private static long submitDepending(com.fasterxml.jackson.databind.node.ObjectNode op, String depends) throws Exception {
        op.set("depends", Json.MAPPER.readTree(depends));
        return jobs.submitJson(List.of(op), 0, null).get();
    }

    private static JobState finalState(long id) throws Exception {
        return jobs.awaitFinal(id, Duration.ofSeconds(60)).get().orElseThrow(() -> new AssertionError("job " + id + " not final"));
    }
}
