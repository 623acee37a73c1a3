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
 * submission to {@code jobs.submit} and returns the id once Kafka has it.
 */
public final class JobClient implements AutoCloseable {
    private final BusConfig cfg;
    private final KafkaProducer<String, byte[]> producer;
    private final JobIdAllocator ids;
    private final JobView view;
    private final CuratorFramework curator;
    private final CuratorCache drainFlag;
    private volatile boolean drained;

    public JobClient(BusConfig cfg, CuratorFramework curator) {
        this.cfg = cfg;
        this.curator = curator;
        this.producer = BusClients.producer(cfg, "job-client");
        this.ids = new JobIdAllocator(curator, cfg.paths().jobIdCounter());
        this.view = new JobView(cfg).start();
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
