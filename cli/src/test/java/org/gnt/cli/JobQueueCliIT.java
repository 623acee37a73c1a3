package org.gnt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.curator.framework.CuratorFramework;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.job.JobClient;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.opcode.OpTestDelay;
import org.gnt.coordinator.Coordinator;
import org.gnt.testkit.BusServersExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gnt-job archive|autoarchive|list --archived} and {@code gnt-debug submit-job} against real
 * embedded Kafka and ZooKeeper with an in-process coordinator running the jobs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobQueueCliIT {
    @RegisterExtension
    static final BusServersExtension SERVERS = new BusServersExtension();

    @TempDir
    static Path dir;

    static Path conf;
    static BusConfig bus;
    static Coordinator coordinator;
    static CuratorFramework curator;
    static JobClient jobs;

    static CliRun gnt(String program, String command, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.run(conf, dir, "", program, all);
    }

    @BeforeAll
    static void start() throws Exception {
        bus = new BusConfig(SERVERS.bootstrapServers(), SERVERS.zkConnect(), "queuecli");
        conf = dir.resolve("gnt.conf");
        bus.store(conf);
        CliRun init = gnt("gnt-cluster", "init", "--enabled-hypervisors", "fake", "--enabled-disk-templates", "diskless",
                "queuecli.example.com");
        assertEquals(0, init.rc(), init.toString());
        coordinator = new Coordinator(bus, "coord-q", 4).start();
        curator = BusClients.curator(bus);
        jobs = new JobClient(bus, curator);
    }

    @AfterAll
    static void stop() throws Exception {
        if (jobs != null) {
            jobs.close();
            curator.close();
        }
        if (coordinator != null) {
            coordinator.close();
        }
    }

    static long delay(double seconds) throws Exception {
        return jobs.submit(OpTestDelay.of(seconds)).get(30, TimeUnit.SECONDS);
    }

    static JobState finished(long id) throws Exception {
        return jobs.awaitFinal(id, Duration.ofSeconds(60)).get().orElseThrow(() -> new AssertionError("job " + id));
    }

    static String listed(String... options) {
        String[] args = new String[options.length + 3];
        args[0] = "--no-headers";
        args[1] = "--separator=:";
        args[2] = "-o=id,status,archived";
        System.arraycopy(options, 0, args, 3, options.length);
        CliRun r = gnt("gnt-job", "list", args);
        assertEquals(0, r.rc(), r.toString());
        return r.out();
    }

    static Path file(String name, String json) throws Exception {
        return Files.writeString(dir.resolve(name), json);
    }

    static String delayOp(double seconds, String depends) {
        return "{\"OP_ID\": \"OP_TEST_DELAY\", \"duration\": " + seconds
                + (depends == null ? "" : ", \"depends\": " + depends) + "}";
    }

    static long counter() throws Exception {
        return Long.parseLong(new String(curator.getData().forPath(bus.paths().jobIdCounter()), StandardCharsets.US_ASCII));
    }

    @Test
    @Order(1)
    void anArchivedJobLeavesTheListAndShowsWithArchived() throws Exception {
        long done = delay(0);
        long kept = delay(0);
        finished(done);
        finished(kept);
        CliRun r = gnt("gnt-job", "archive", Long.toString(done));
        assertEquals(0, r.rc(), r.toString());
        assertEquals("", r.out() + r.err());

        String live = listed();
        assertFalse(live.contains(done + ":"), live);
        assertTrue(live.contains(kept + ":success:N\n"), live);
        String all = listed("--archived");
        assertTrue(all.contains(done + ":success:Y\n"), all);
        assertTrue(all.contains(kept + ":success:N\n"), all);
        CliRun defaults = gnt("gnt-job", "list", "--archived");
        assertTrue(defaults.out().startsWith("ID Status  Summary         Archived\n")
                || defaults.out().matches("(?s)ID +Status +Summary +Archived\n.*"), defaults.out());

        CliRun info = gnt("gnt-job", "info", Long.toString(done));
        assertEquals(0, info.rc(), info.toString());
        assertTrue(info.out().startsWith("Job ID: " + done + "\n  Status: success\n"), info.out());
        CliRun again = gnt("gnt-job", "archive", Long.toString(done));
        assertEquals(1, again.rc(), again.toString());
        assertTrue(again.err().contains("Failed to archive job with ID '" + done + "'"), again.err());
        assertEquals(0, gnt("gnt-job", "archive", Long.toString(kept)).rc());
    }

    @Test
    @Order(2)
    void runningAndWaitingJobsAreNotArchived() throws Exception {
        long busy = delay(6);
        jobs.view().await(busy, j -> j.status() == JobStatus.RUNNING, Duration.ofSeconds(30)).get().orElseThrow();
        CliRun submitted = gnt("gnt-debug", "submit-job", "--submit", file("after.json",
                "[" + delayOp(0, "[[" + busy + ", [\"success\"]]]") + "]").toString());
        assertEquals(0, submitted.rc(), submitted.toString());
        long waiting = Long.parseLong(submitted.out().strip().substring("JobID: ".length()));
        jobs.view().await(waiting, j -> j.status() == JobStatus.WAITING, Duration.ofSeconds(30)).get().orElseThrow();

        CliRun r = gnt("gnt-job", "archive", Long.toString(busy), Long.toString(waiting));
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.err().contains("Failed to archive job with ID '" + busy + "': Job " + busy + " is running;"
                + " only finished jobs (success, error or canceled) can be archived\n"), r.err());
        assertTrue(r.err().contains("Job " + waiting + " is waiting;"), r.err());
        String all = listed("--archived");
        assertTrue(all.contains(busy + ":running:N\n"), all);
        assertTrue(all.contains(waiting + ":waiting:N\n"), all);

        assertEquals(JobStatus.SUCCESS, finished(busy).status(), "the refused job runs on undisturbed");
        assertEquals(JobStatus.SUCCESS, finished(waiting).status());
        CliRun later = gnt("gnt-job", "archive", Long.toString(busy), Long.toString(waiting));
        assertEquals(0, later.rc(), "finished, they can be archived: " + later);
    }

    @Test
    @Order(3)
    void autoarchiveTakesOnlyJobsFinishedLongerAgoThanTheAge() throws Exception {
        long old = delay(0);
        Instant oldEnd = finished(old).endTs();
        while (Duration.between(oldEnd, Instant.now()).toMillis() < 4500) {
            Thread.sleep(100);
        }
        long young = delay(0);
        finished(young);
        CliRun r = gnt("gnt-job", "autoarchive", "4s");
        assertEquals(0, r.rc(), r.toString());
        assertEquals("Archived 1 jobs, 0 unchecked left\n", r.out());
        String live = listed();
        assertFalse(live.contains(old + ":"), live);
        assertTrue(live.contains(young + ":success:N\n"), live);
        assertTrue(listed("--archived").contains(old + ":success:Y\n"));

        CliRun all = gnt("gnt-job", "autoarchive", "all");
        assertEquals("Archived 1 jobs, 0 unchecked left\n", all.out());
        assertEquals("", listed());
    }

    @Test
    @Order(4)
    void aChainOfJobsFromFilesRunsInOrder() throws Exception {
        Path first = file("first.json", "[" + delayOp(1, null) + "]");
        Path second = file("second.json", "[" + delayOp(0, "[[-1, [\"success\"]]]") + "]");
        Path third = file("third.json", "[" + delayOp(0, "[[-2, [\"success\"]]]") + "]");
        CliRun r = gnt("gnt-debug", "submit-job", "--verbose", first.toString(), second.toString(), third.toString());
        assertEquals(0, r.rc(), r.toString());
        Matcher m = Pattern.compile("Submitted jobs (\\d+), (\\d+), (\\d+)\n").matcher(r.out());
        assertTrue(m.find(), r.out());
        long a = Long.parseLong(m.group(1));
        long b = Long.parseLong(m.group(2));
        long c = Long.parseLong(m.group(3));
        assertEquals(List.of(a + 1, a + 2), List.of(b, c), "consecutive ids");
        assertTrue(r.out().contains("Waiting for job " + a + " for file " + first + "/0 ...\n"), r.out());
        assertTrue(r.out().contains("Waiting for job " + c + " for file " + third + "/0 ...\n"), r.out());

        JobState ja = finished(a);
        JobState jb = finished(b);
        JobState jc = finished(c);
        assertEquals("[[" + a + ",[\"success\"]]]", jb.ops().get(0).input().get("depends").toString());
        assertEquals("[[" + a + ",[\"success\"]]]", jc.ops().get(0).input().get("depends").toString());
        for (JobState j : List.of(ja, jb, jc)) {
            assertEquals(JobStatus.SUCCESS, j.status(), j.toString());
        }
        assertFalse(jb.startTs().isBefore(ja.endTs()), "the second job started after the first ended");
        assertFalse(jc.startTs().isBefore(ja.endTs()), "the third job started after the first ended");
    }

    @Test
    @Order(5)
    void whenTheFirstJobFailsTheDependentOneFails() throws Exception {
        Path fails = file("fails.json", "[{\"OP_ID\": \"OP_INSTANCE_STARTUP\", \"instance_name\": \"ghost.example.com\"}]");
        Path next = file("next.json", "[" + delayOp(0, "[[-1, [\"success\"]]]") + "]");
        CliRun r = gnt("gnt-debug", "submit-job", fails.toString(), next.toString());
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.err().contains("Instance 'ghost.example.com' not known"), r.err());
        assertTrue(r.err().matches("(?s).*Dependency not satisfied: Job \\d+ finished with status error, not \\[success\\].*"),
                r.err());
    }

    @Test
    @Order(6)
    void aRelativeIdBeforeTheFirstJobIsRefusedAndNothingIsSubmitted() throws Exception {
        Path ok = file("ok.json", "[" + delayOp(0, null) + "]");
        Path tooFar = file("toofar.json", "[" + delayOp(0, null) + ", " + delayOp(0, "[[-2, []]]") + "]");
        long before = counter();
        int jobsBefore = jobs.view().all().size();
        CliRun r = gnt("gnt-debug", "submit-job", ok.toString(), tooFar.toString());
        assertEquals(1, r.rc(), r.toString());
        assertEquals("Failure: prerequisites not met for this operation:\nerror type: wrong_input, error details:\n"
                + "Job 2 of the submission, opcode 2 (OP_TEST_DELAY): relative job id -2 in 'depends' reaches before"
                + " the first job of the submission\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, counter(), "no job id was handed out");
        jobs.view().catchUp().get(30, TimeUnit.SECONDS);
        assertEquals(jobsBefore, jobs.view().all().size(), "no job was created");
    }
}
