package org.gnt.bus.job;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.zookeeper.KeeperException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.bus.opcode.OpCode;
import org.gnt.bus.opcode.OpCodes;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.bus.view.JobView;

/**
 * Submits jobs and reads their state; shared by the CLI and the gateway. Submission validates
 * every opcode first (so a typo is refused before a job exists), takes the next job id, writes the
 * submission to {@code jobs.submit} and returns the id once Kafka has it. Several jobs can go in
 * one submission ({@link #submitMany}), chained with relative ids. Finished jobs are archived
 * from here too ({@link #archive}): the master never writes a final job again, so no round trip
 * through it is needed.
 */
public final class JobClient implements AutoCloseable {
    private final BusConfig cfg;
    private final KafkaProducer<String, byte[]> producer;
    private final JobIdAllocator ids;
    private final JobView view;
    private final JobArchive archive;
    private final CuratorFramework curator;
    private final CuratorCache drainFlag;
    private volatile boolean drained;

    public JobClient(BusConfig cfg, CuratorFramework curator) {
        this.cfg = cfg;
        this.curator = curator;
        this.producer = BusClients.producer(cfg, "job-client");
        this.ids = new JobIdAllocator(curator, cfg.paths().jobIdCounter());
        this.view = new JobView(cfg).start();
        this.archive = new JobArchive(cfg.topics(), producer, Duration.ofSeconds(30));
        this.drainFlag = watchDrainFlag();
    }

    public JobView view() {
        return view;
    }

    public CompletableFuture<Long> submit(OpCode... ops) {
        List<JsonNode> json = new ArrayList<>();
        for (OpCode op : ops) {
            json.add(OpCodes.toJson(op));
        }
        return submitJson(json, 0, null);
    }

    /** Submits opcodes given as JSON; throws {@code PluginException(INVAL)} at once for a bad opcode. */
    public CompletableFuture<Long> submitJson(List<JsonNode> ops, int priority, String requestKey) {
        if (ops.isEmpty()) {
            throw new IllegalArgumentException("a job needs at least one opcode");
        }
        for (JsonNode op : ops) {
            OpCodes.parse(op);
            OpCodes.common(op);
        }
        if (isDrained()) {
            throw new PluginException(ErrorKind.STATE, "Job queue is drained, refusing job");
        }
        long id = ids.next();
        if (requestKey != null) {
            Optional<Long> earlier = claimRequestKey(requestKey, id);
            if (earlier.isPresent()) {
                return CompletableFuture.completedFuture(earlier.get());
            }
        }
        JobSubmission s = new JobSubmission(JobSubmission.VERSION, id, requestKey, ops, priority, Instant.now());
        CompletableFuture<Long> done = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(cfg.topics().jobsSubmit(), Long.toString(id), Json.bytes(s)), (md, e) -> {
            if (e != null) {
                if (requestKey != null) {
                    releaseRequestKey(requestKey, id); // a retry with the key must be able to try again
                }
                done.completeExceptionally(e);
            } else {
                done.complete(id);
            }
        });
        return done;
    }

    /**
     * Submits several jobs at once (Ganeti's SubmitManyJobs); {@code jobs.get(i)} is the i-th job's
     * opcodes. Completes with their ids in the same order. The ids are one consecutive block, and a
     * negative id in an opcode's {@code depends} names the job that many places earlier in this
     * submission ({@code [[-1, ["success"]]]}); it is rewritten to the absolute id before sending.
     * Every opcode and every relative id is checked first: on a refusal (INVAL naming the job, the
     * opcode and the value) nothing is submitted. A job's priority is the most urgent of its
     * opcodes' {@code priority}. The jobs are sent in order on one partition, so the master always
     * meets a job before any job that depends on it.
     */
    public CompletableFuture<List<Long>> submitMany(List<List<JsonNode>> jobs) {
        if (jobs.isEmpty()) {
            throw new PluginException(ErrorKind.INVAL, "A submission needs at least one job");
        }
        List<Integer> priorities = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            if (jobs.get(i).isEmpty()) {
                throw new PluginException(ErrorKind.INVAL, "Job " + (i + 1) + " of the submission has no opcodes");
            }
            int priority = Integer.MAX_VALUE;
            for (int k = 0; k < jobs.get(i).size(); k++) {
                try {
                    JsonNode op = jobs.get(i).get(k);
                    OpCodes.parse(op);
                    priority = Math.min(priority, OpCodes.common(op).priority());
                } catch (PluginException e) {
                    throw new PluginException(e.kind(), "Job " + (i + 1) + " of the submission, opcode " + (k + 1)
                            + ": " + e.getMessage(), e);
                }
            }
            priorities.add(priority);
        }
        RelativeDepends.check(jobs);
        if (isDrained()) {
            throw new PluginException(ErrorKind.STATE, "Job queue is drained, refusing job");
        }
        long first = ids.nextBlock(jobs.size());
        List<Long> jobIds = LongStream.range(first, first + jobs.size()).boxed().toList();
        List<List<JsonNode>> resolved = RelativeDepends.resolve(jobs, jobIds);
        Instant now = Instant.now();
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < resolved.size(); i++) {
            JobSubmission s = new JobSubmission(JobSubmission.VERSION, jobIds.get(i), null, resolved.get(i),
                    priorities.get(i), now);
            CompletableFuture<Void> done = new CompletableFuture<>();
            producer.send(new ProducerRecord<>(cfg.topics().jobsSubmit(), Long.toString(s.id()), Json.bytes(s)),
                    (md, e) -> {
                        if (e != null) {
                            done.completeExceptionally(e);
                        } else {
                            done.complete(null);
                        }
                    });
            sent.add(done);
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).thenApply(v -> jobIds);
    }

    /**
     * Archives one finished job (gnt-job archive): it leaves {@code jobs.state} and is kept in
     * {@code jobs.archive}. NOENT when the queue does not hold it (never submitted, or already
     * archived); STATE naming its status when it has not finished, and then nothing changes.
     */
    public void archive(long id) {
        catchUpView();
        JobState j = view.get(id).orElseThrow(() -> new PluginException(ErrorKind.NOENT,
                "Job " + id + " not found in the queue (unknown, or already archived)"));
        archive.archive(List.of(j));
    }

    /**
     * Archives every finished job that ended more than {@code olderThan} ago (gnt-job autoarchive
     * AGE); returns how many.
     */
    public int autoArchive(Duration olderThan) {
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("olderThan must not be negative");
        }
        catchUpView();
        return archive.archive(JobArchive.olderThan(view.all(), Instant.now(), olderThan));
    }

    /** Archives every finished job, whatever its age (gnt-job autoarchive all); returns how many. */
    public int autoArchiveAll() {
        catchUpView();
        return archive.archive(JobArchive.finished(view.all()));
    }

    /** Brings the view up to what {@code jobs.state} holds now, so a decision is not made on stale state. */
    private void catchUpView() {
        try {
            view.catchUp().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException(ErrorKind.ENVIRON, "Interrupted while reading the job queue", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot read the job queue from Kafka at "
                    + cfg.bootstrapServers() + ": " + e, e);
        }
    }

    /**
     * Records that {@code key} belongs to job {@code id}, unless it already belongs to an earlier
     * job, whose id is returned. The record is made before the job is sent, so two requests with
     * one key never make two jobs; if this client dies in between, the key names a job id that never
     * appears (the retry learns that from a 404 rather than running the job twice).
     */
    private Optional<Long> claimRequestKey(String key, long id) {
        String path = cfg.paths().requestKey(sha256(key));
        try {
            curator.create().creatingParentsIfNeeded().forPath(path, Long.toString(id).getBytes(StandardCharsets.US_ASCII));
            return Optional.empty();
        } catch (KeeperException.NodeExistsException e) {
            try {
                return Optional.of(Long.parseLong(new String(curator.getData().forPath(path), StandardCharsets.US_ASCII)));
            } catch (Exception ex) {
                throw new IllegalStateException("cannot read request key record: " + ex, ex);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot record request key: " + e, e);
        }
    }

    private void releaseRequestKey(String key, long id) {
        String path = cfg.paths().requestKey(sha256(key));
        try {
            org.apache.zookeeper.data.Stat st = new org.apache.zookeeper.data.Stat();
            byte[] data = curator.getData().storingStatIn(st).forPath(path);
            if (Long.toString(id).equals(new String(data, StandardCharsets.US_ASCII))) {
                curator.delete().withVersion(st.getVersion()).forPath(path);
            }
        } catch (Exception e) {
            // the key stays claimed by a job that never appears; the caller sees the send failure
        }
    }

    private static String sha256(String key) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public long submitAndGetId(List<JsonNode> ops, int priority) {
        try {
            return submitJson(ops, priority, null).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("job submission failed: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the queue is drained (gnt-cluster queue drain): new jobs are refused, queued ones
     * still run. Read from a watched mirror of the flag, so submitting costs no extra round trip.
     */
    public boolean isDrained() {
        return drained;
    }

    private CuratorCache watchDrainFlag() {
        String path = cfg.paths().queueDrained();
        CuratorCache cache = CuratorCache.build(curator, path, CuratorCache.Options.SINGLE_NODE_CACHE);
        java.util.concurrent.CountDownLatch loaded = new java.util.concurrent.CountDownLatch(1);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forAll((type, before, after) -> drained = cache.get(path).isPresent())
                .forInitialized(loaded::countDown).build());
        cache.start();
        try {
            if (!loaded.await(30, TimeUnit.SECONDS)) {
                throw new PluginException(ErrorKind.ENVIRON, "Cannot read the queue state from ZooKeeper");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drained = cache.get(path).isPresent();
        return cache;
    }

    public void setDrained(boolean drained) {
        try {
            if (drained) {
                curator.create().orSetData().creatingParentsIfNeeded().forPath(cfg.paths().queueDrained(), new byte[0]);
            } else {
                curator.delete().quietly().forPath(cfg.paths().queueDrained());
            }
            this.drained = drained; // this client sees its own change at once; others when the watch fires
        } catch (Exception e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot change the queue state in ZooKeeper: " + e, e);
        }
    }

    /** Ganeti's answer to a cancel request: whether the job was canceled, and why not. */
    public record CancelResult(boolean canceled, String message) {
    }

    /**
     * Cancels a job that has not started running (Ganeti's CancelJob). A running or finished job
     * is not touched; the answer says so.
     */
    public CancelResult cancel(long id, Duration timeout) {
        return cancel(id, false, timeout);
    }

    /**
     * As {@link #cancel(long, Duration)}; with {@code kill} a running job is stopped too
     * ({@code gnt-job cancel --kill}): its opcode is interrupted and the job ends canceled.
     */
    public CancelResult cancel(long id, boolean kill, Duration timeout) {
        Optional<JobState> now = view.get(id);
        if (now.isEmpty()) {
            return new CancelResult(false, "Job " + id + " not found in queue");
        }
        JobStatus st = now.get().status();
        if (st == JobStatus.CANCELED || st == JobStatus.CANCELING) {
            return new CancelResult(true, "Job " + id + " is already canceled");
        }
        if (st.isFinal()) {
            return new CancelResult(false, "Job " + id + " has already finished (" + st.wire() + ")");
        }
        if (st == JobStatus.RUNNING && !kill) {
            return new CancelResult(false, "Job " + id + " is running, it cannot be canceled");
        }
        control(new JobControl(JobControl.VERSION, id, kill ? JobControl.KILL : JobControl.CANCEL, null, Instant.now()));
        Optional<JobState> after = view.await(id, j -> j.status() == JobStatus.CANCELED
                || !kill && j.status() == JobStatus.RUNNING || j.status().isFinal(), timeout).join();
        if (after.isPresent() && after.get().status() == JobStatus.CANCELED) {
            return new CancelResult(true, "Job " + id + (kill && st == JobStatus.RUNNING ? " killed" : " canceled"));
        }
        if (kill && after.isPresent() && after.get().status().isFinal()) {
            return new CancelResult(false, "Job " + id + " finished (" + after.get().status().wire()
                    + ") before it could be killed");
        }
        return new CancelResult(false, after.isEmpty() ? "Job " + id + " did not answer the cancel request in time"
                : "Job " + id + " started before it could be canceled");
    }

    /** Changes the priority of a job that is still queued or waiting; the change shows in its state. */
    public void changePriority(long id, int priority) {
        control(new JobControl(JobControl.VERSION, id, JobControl.CHANGE_PRIORITY, priority, Instant.now()));
    }

    private void control(JobControl c) {
        try {
            producer.send(new ProducerRecord<>(cfg.topics().jobsSubmit(), c.key(), Json.bytes(c))).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot send the job request: " + e.getMessage(), e);
        }
    }

    public Optional<JobState> get(long id) {
        return view.get(id);
    }

    /** Waits until the job is final; empty if it is not within {@code timeout}. */
    public CompletableFuture<Optional<JobState>> awaitFinal(long id, Duration timeout) {
        return view.await(id, j -> j.status().isFinal(), timeout);
    }

    @Override
    public void close() {
        ids.close();
        drainFlag.close();
        view.close();
        producer.close(Duration.ofSeconds(5));
    }
}
