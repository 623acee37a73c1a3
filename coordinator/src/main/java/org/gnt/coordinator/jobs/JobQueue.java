package org.gnt.coordinator.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.bus.job.JobControl;
import org.gnt.bus.job.OpErrors;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.job.JobSubmission;
import org.gnt.bus.filter.FilterView;
import org.gnt.bus.view.ArchiveView;
import org.gnt.bus.view.JobView;
import org.gnt.bus.view.NodeStateView;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.locks.LockManager;
import org.gnt.coordinator.rpc.NodeRpcClient;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's job queue. On start it reads {@code jobs.state} to its end and resumes every job
 * not yet final; then it consumes {@code jobs.submit}, records each new submission as queued and
 * runs jobs on up to {@code maxRunning} threads, highest priority (lowest number) first. A
 * submission whose id already has a state (seen by an earlier master) is not queued twice.
 */
public final class JobQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobQueue.class);

    private final BusConfig cfg;
    private final ConfigStore config;
    private final NodeRpcClient rpc;
    private final NodeStateView inventory;
    private final LockManager locks = new LockManager();
    private final KafkaProducer<String, byte[]> producer;
    private final ThreadPoolExecutor executor;
    private final Set<Long> known = ConcurrentHashMap.newKeySet();
    /** Jobs waiting for their dependencies, not yet given to the executor. */
    private final Set<Long> parked = ConcurrentHashMap.newKeySet();
    private volatile JobView view;
    private volatile ArchiveView archive;
    private volatile FilterGate gate;
    private volatile Runnable onLostAuthority = () -> { };
    private final Map<Long, JobRun> running = new ConcurrentHashMap<>();
    private final AtomicInteger finishedCount = new AtomicInteger();
    private final Thread intake;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean open = true;

    public JobQueue(BusConfig cfg, ConfigStore config, NodeRpcClient rpc, NodeStateView inventory, int maxRunning) {
        this.cfg = cfg;
        this.config = config;
        this.rpc = rpc;
        this.inventory = inventory;
        this.producer = BusClients.producer(cfg, "master-jobs");
        this.executor = new ThreadPoolExecutor(maxRunning, maxRunning, 60, TimeUnit.SECONDS,
                new PriorityBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "job-worker");
                    t.setDaemon(true);
                    return t;
                });
        this.intake = new Thread(this::intake, "job-intake");
        intake.setDaemon(true);
    }

    /**
     * Recovers unfinished jobs from {@code jobs.state} (read to its current end through the given
     * view, which a standby coordinator keeps warm), then starts taking submissions.
     */
    public void start(JobView view, ArchiveView archive, FilterView filters) throws Exception {
        this.view = view;
        this.archive = archive;
        this.gate = new FilterGate(filters, executor::execute);
        view.catchUp().get(2, TimeUnit.MINUTES);
        // after jobs.state: a job is archived before its live record goes, so none slips between
        archive.catchUp().get(2, TimeUnit.MINUTES);
        int resumed = 0;
        for (JobState j : view.all()) {
            known.add(j.id());
            if (!j.status().isFinal()) {
                schedule(j);
                resumed++;
            }
        }
        LOG.info("master epoch {}: {} jobs known, {} unfinished resumed", config.epoch(), known.size(), resumed);
        intake.start();
    }

    private void intake() {
        TopicPartition tp = new TopicPartition(cfg.topics().jobsSubmit(), 0);
        consumer = BusClients.consumer(cfg, "master-intake", "gnt." + cfg.cluster() + ".master");
        try {
            consumer.assign(List.of(tp));
            var committed = consumer.committed(Set.of(tp)).get(tp);
            if (committed == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, committed.offset());
            }
            while (open) {
                var records = consumer.poll(Duration.ofMillis(100));
                long next = -1;
                for (ConsumerRecord<String, byte[]> r : records) {
                    next = r.offset() + 1;
                    JobSubmission s;
                    try {
                        if (r.key() != null && r.key().startsWith("control-")) {
                            control(Json.read(r.value(), JobControl.class));
                            continue;
                        }
                        s = Json.read(r.value(), JobSubmission.class);
                    } catch (RuntimeException e) {
                        LOG.warn("unreadable submission at offset {}: {}", r.offset(), e.toString());
                        continue;
                    }
                    if (!archive.contains(s.id()) && known.add(s.id())) {
                        JobState q = JobState.queued(s, config.epoch(), Instant.now());
                        publish(q);
                        schedule(q);
                    }
                }
                if (next >= 0) {
                    producer.flush();
                    consumer.commitAsync(Map.of(tp, new OffsetAndMetadata(next)), null);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (open) {
                // no intake means no master: give the role up so another coordinator takes it
                LOG.error("job intake failed; this coordinator steps down", e);
                onLostAuthority.run();
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** A cancel or priority change for a job this master runs or still queues; others are ignored. */
    private void control(JobControl c) {
        JobRun run = running.get(c.jobId());
        if (run == null) {
            LOG.info("job {}: {} ignored, the job is not queued or running", c.jobId(), c.action());
            return;
        }
        if (c.action().equals(JobControl.CANCEL) || c.action().equals(JobControl.KILL)) {
            if (parked.remove(c.jobId()) || gate.unhold(run) || executor.remove(run)) {
                run.cancelUnstarted();
                finished(c.jobId());
            } else if (c.action().equals(JobControl.KILL)) {
                run.requestKill();
            } else {
                run.requestCancel();
            }
        } else if (gate.unhold(run) || executor.remove(run)) {
            run.reprioritise(c.priority());
            executor.execute(run);
        }
    }

    private void schedule(JobState j) {
        if (j.status() == JobStatus.CANCELING) {
            JobState c = j.withStatus(JobStatus.CANCELED, Instant.now(), config.epoch());
            publish(c);
            return;
        }
        JobRun run = new JobRun(this, j);
        running.put(j.id(), run);
        List<Dependencies.Dependency> deps;
        try {
            deps = Dependencies.of(j);
        } catch (PluginException e) {
            run.failUnstarted(OpErrors.prereq(e));
            finished(j.id());
            return;
        }
        if (deps.isEmpty()) {
            executor.execute(run);
            return;
        }
        parked.add(j.id());
        run.waitingFor(deps.stream().map(d -> "job " + d.jobId()).toList());
        Dependencies.await(view, Optional.of(archive), deps, known::contains).whenComplete((failure, e) -> {
            if (!parked.remove(j.id()) || !open) {
                return; // canceled meanwhile, or no longer master
            }
            if (e != null || failure.isPresent()) {
                String why = e != null ? e.toString() : failure.get();
                run.failUnstarted(OpErrors.prereq(new PluginException(
                        ErrorKind.STATE, "Dependency not satisfied: " + why)));
                finished(j.id());
            } else {
                executor.execute(run);
            }
        });
    }

    void publish(JobState j) {
        send(j);
    }

    /**
     * Publishes and waits until the broker has it (and, being later on the same partition, every
     * state this master sent before it): a recorded step must be durable before the next one
     * acts on it, e.g. the node a create placed its instance on.
     */
    void publishDurably(JobState j) {
        try {
            send(j).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException(ErrorKind.ENVIRON, "Interrupted recording a step of job " + j.id());
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot record a step of job " + j.id() + " in "
                    + cfg.topics().jobsState() + ": " + e);
        }
    }

    private java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(JobState j) {
        if (!open) {
            throw new ConfigStore.FencedException();
        }
        return producer.send(new ProducerRecord<>(cfg.topics().jobsState(), Long.toString(j.id()), Json.bytes(j)));
    }

    /** A job found its config write fenced although the latch still says master: step down. */
    void fenced() {
        if (open) {
            onLostAuthority.run();
        }
    }

    void finished(long id) {
        running.remove(id);
        finishedCount.incrementAndGet();
        gate.finished(id);
    }

    /** The filter rules' verdict for a job about to start its first opcode; see {@link FilterGate}. */
    org.gnt.bus.filter.Decision admit(JobRun run, JobState job) {
        return gate.admit(run, job);
    }

    boolean unhold(JobRun run) {
        return gate.unhold(run);
    }

    boolean isOpen() {
        return open;
    }

    long epoch() {
        return config.epoch();
    }

    ConfigStore config() {
        return config;
    }

    NodeRpcClient rpc() {
        return rpc;
    }

    NodeStateView inventory() {
        return inventory;
    }

    LockManager locks() {
        return locks;
    }

    /** What to do when this master can no longer act as one: intake failed, or a config write was fenced. */
    public void onLostAuthority(Runnable action) {
        this.onLostAuthority = action;
    }

    @Override
    public void close() {
        open = false;
        if (gate != null) {
            gate.close();
        }
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        executor.shutdownNow();
        try {
            intake.join(3000);
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(2));
    }
}
