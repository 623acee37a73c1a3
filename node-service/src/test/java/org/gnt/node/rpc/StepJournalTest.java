package org.gnt.node.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.IntNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepJournalTest {
    @TempDir
    Path dir;

    @Test
    void aRepeatedStepGetsTheFirstOutcomeWithoutRunningAgain() {
        AtomicInteger runs = new AtomicInteger();
        try (StepJournal j = new StepJournal(dir.resolve("j.jsonl"))) {
            var first = j.run("job-1/op-0/disk/0", "DiskCreate", 1, () -> new StepJournal.Outcome(
                    IntNode.valueOf(runs.incrementAndGet()), null));
            var again = j.run("job-1/op-0/disk/0", "DiskCreate", 1, () -> new StepJournal.Outcome(
                    IntNode.valueOf(runs.incrementAndGet()), null));
            assertEquals(1, runs.get());
            assertEquals(first, again);
            j.run("job-1/op-0/disk/1", "DiskCreate", 1, () -> new StepJournal.Outcome(
                    IntNode.valueOf(runs.incrementAndGet()), null));
            assertEquals(2, runs.get());
        }
        // and after a restart of the node service
        try (StepJournal j = new StepJournal(dir.resolve("j.jsonl"))) {
            var later = j.run("job-1/op-0/disk/0", "DiskCreate", 1, () -> new StepJournal.Outcome(
                    IntNode.valueOf(runs.incrementAndGet()), null));
            assertEquals(1, runs.get() - 1, "not run after the restart either");
            assertEquals(1, later.result().intValue());
        }
    }

    @Test
    void aStepStartedBeforeARestartIsAnsweredAsUnknownNotRunAgain() throws Exception {
        Path f = dir.resolve("j.jsonl");
        Files.writeString(f, "{\"key\":\"job-7/op-0/start/0\",\"phase\":\"start\",\"command\":\"InstanceStart\","
                + "\"jobId\":7,\"at\":\"2026-11-29T05:00:00Z\"}\n{\"key\":\"torn", StandardCharsets.UTF_8);
        AtomicInteger runs = new AtomicInteger();
        try (StepJournal j = new StepJournal(f)) {
            var o = j.run("job-7/op-0/start/0", "InstanceStart", 7, () -> {
                runs.incrementAndGet();
                return new StepJournal.Outcome(null, null);
            });
            assertEquals(0, runs.get());
            assertNull(o.result());
            assertNotNull(o.error());
            assertTrue(o.error().message().contains("whether it took effect is unknown"), o.error().message());
        }
    }

    @Test
    void aRepeatArrivingWhileTheStepRunsWaitsForIt() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (StepJournal j = new StepJournal(dir.resolve("j.jsonl"))) {
            var first = CompletableFuture.supplyAsync(() -> j.run("k", "TestDelay", 2, () -> {
                runs.incrementAndGet();
                inside.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new StepJournal.Outcome(IntNode.valueOf(42), null);
            }));
            assertTrue(inside.await(5, TimeUnit.SECONDS));
            var second = CompletableFuture.supplyAsync(() -> j.run("k", "TestDelay", 2, () -> {
                runs.incrementAndGet();
                return new StepJournal.Outcome(IntNode.valueOf(0), null);
            }));
            Thread.sleep(100);
            assertTrue(!second.isDone(), "the repeat waits for the running step");
            release.countDown();
            assertEquals(42, second.get(5, TimeUnit.SECONDS).result().intValue());
            assertEquals(42, first.get(5, TimeUnit.SECONDS).result().intValue());
            assertEquals(1, runs.get());
        }
    }
}
