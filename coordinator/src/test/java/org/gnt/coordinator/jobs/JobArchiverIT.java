package org.gnt.coordinator.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.TopicAdmin;
import org.gnt.bus.config.ClusterInit;
import org.gnt.bus.job.JobClient;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.opcode.OpTestDelay;
import org.gnt.bus.view.ArchiveView;
import org.gnt.bus.view.JobView;
import org.gnt.coordinator.Coordinator;
import org.gnt.testkit.BusServersExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The master's automatic archiving, and dependencies on archived jobs, against real Kafka and ZooKeeper. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobArchiverIT {
    @RegisterExtension
    static final BusServersExtension SERVERS = new BusServersExtension();

    static BusConfig bus;
    static CuratorFramework curator;
    static JobClient jobs;
    static Coordinator coordinator;
    static JobView view;
    static ArchiveView archive;

    @BeforeAll
    static void start() throws Exception {
        bus = new BusConfig(SERVERS.bootstrapServers(), SERVERS.zkConnect(), "archiver");
        curator = BusClients.curator(bus);
        TopicAdmin.ensureClusterTopics(bus);
        ClusterInit.init(curator, bus.paths(), "archiver", List.of("fake"), List.of("diskless"), Map.of(), Map.of(), "/tmp");
        jobs = new JobClient(bus, curator);
        coordinator = new Coordinator(bus, "arch-1", 4).start();
        view = new JobView(bus).start();
        archive = ArchiveView.statusesOnly(bus).start();
    }

    @AfterAll
    static void stop() throws Exception {
        archive.close();
        view.close();
        coordinator.close();
        jobs.close();
        curator.close();
    }

    static JobState finished(long id) throws Exception {
        return jobs.awaitFinal(id, Duration.ofSeconds(60)).get().orElseThrow(() -> new AssertionError("job " + id));
    }

    static boolean archived(long id) throws Exception {
        archive.catchUp().get(30, TimeUnit.SECONDS);
        view.catchUp().get(30, TimeUnit.SECONDS);
        return archive.contains(id) && view.get(id).isEmpty();
    }

    @Test
    @Order(1)
    void aRoundArchivesOnlyFinishedJobsOlderThanTheAge() throws Exception {
        long old = jobs.submit(OpTestDelay.of(0)).get();
        Instant oldEnd = finished(old).endTs();
        long busy = jobs.submit(OpTestDelay.of(15)).get();
        jobs.view().await(busy, j -> j.status() == JobStatus.RUNNING, Duration.ofSeconds(30)).get().orElseThrow();
        while (Duration.between(oldEnd, Instant.now()).toMillis() < 5500) {
            Thread.sleep(100);
        }
        long young = jobs.submit(OpTestDelay.of(0)).get();
        finished(young);
        view.catchUp().get(30, TimeUnit.SECONDS);

        try (JobArchiver a = new JobArchiver(bus, view, Duration.ofSeconds(5), Duration.ofHours(1)).start()) {
            assertEquals(1, a.runOnce(), "only the old finished job");
        }
        assertTrue(archived(old));
        assertFalse(archived(young), "finished less than the age ago");
        assertEquals(JobStatus.RUNNING, view.get(busy).orElseThrow().status(), "a running job stays, however old");
    }

    @Test
    @Order(2)
    void startedItArchivesOnItsOwnEveryPeriod() throws Exception {
        long id = jobs.submit(OpTestDelay.of(0)).get();
        finished(id);
        try (JobArchiver a = new JobArchiver(bus, view, Duration.ofSeconds(1), Duration.ofMillis(300)).start()) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!archived(id) && System.nanoTime() < end) {
                Thread.sleep(200);
            }
            assertTrue(archived(id), "archived without being asked");
        }
    }

    @Test
    @Order(3)
    void aDependencyOnAnArchivedJobIsJudgedByItsArchivedStatus() throws Exception {
        long ok = jobs.submit(OpTestDelay.of(0)).get();
        assertEquals(JobStatus.SUCCESS, finished(ok).status());
        jobs.archive(ok);
        assertTrue(archived(ok));

        var onSuccess = List.of(new Dependencies.Dependency(ok, EnumSet.of(JobStatus.SUCCESS)));
        var onError = List.of(new Dependencies.Dependency(ok, Set.of(JobStatus.ERROR)));
        assertEquals(Optional.empty(), Dependencies.await(view, Optional.of(archive), onSuccess, id -> false)
                .get(10, TimeUnit.SECONDS), "satisfied, although a restarted master would not know the id");
        assertEquals(Optional.of("Job " + ok + " finished with status success, not [error]"),
                Dependencies.await(view, Optional.of(archive), onError, id -> true).get(10, TimeUnit.SECONDS));
        assertEquals(Optional.of("Job " + ok + " does not exist"),
                Dependencies.await(view, onSuccess, id -> false).get(10, TimeUnit.SECONDS),
                "without the archive the job cannot be found");
    }
}
