package org.gnt.coordinator.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.job.JobArchive;
import org.gnt.bus.job.JobState;
import org.gnt.bus.view.JobView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archives old finished jobs on the master, as Ganeti's watcher does with {@code gnt-job
 * autoarchive} every few minutes: once a minute, every job that finished more than the configured
 * age ago moves from {@code jobs.state} to {@code jobs.archive}, so the live views every client and
 * coordinator keep do not grow without end.
 *
 * <p>The age is the {@value #AGE_SETTING} property of {@code gnt.conf} (default 6 hours, Ganeti's
 * watcher default; 0 turns automatic archiving off). It touches only final jobs, which no master
 * writes again, so a deposed master still running this for a moment does no harm and needs no
 * fencing.
 */
public final class JobArchiver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobArchiver.class);
    /** The {@code gnt.conf} property: seconds after its end a finished job is archived; 0 = never. */
    public static final String AGE_SETTING = "jobs.archive.age.seconds";
    public static final Duration DEFAULT_AGE = Duration.ofHours(6);
    static final Duration PERIOD = Duration.ofMinutes(1);

    private enum State { LATENT, STARTED, CLOSED }

    private final BusConfig cfg;
    private final JobView view;
    private final Duration age;
    private final Duration period;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private volatile ScheduledExecutorService timer;
    private volatile KafkaProducer<String, byte[]> producer;
    private volatile JobArchive archive;

    /** Archives jobs of {@code view} older than the age {@code gnt.conf} sets, once a minute. */
    public JobArchiver(BusConfig cfg, JobView view) {
        this(cfg, view, ageOf(cfg), PERIOD);
    }

    public JobArchiver(BusConfig cfg, JobView view, Duration age, Duration period) {
        if (age.isNegative() || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("age must not be negative and period must be positive");
        }
        this.cfg = cfg;
        this.view = view;
        this.age = age;
        this.period = period;
    }

    /** The archive age from {@code gnt.conf}; refuses a value that is not a whole number of seconds >= 0. */
    public static Duration ageOf(BusConfig cfg) {
        return cfg.setting(AGE_SETTING).map(v -> {
            try {
                long s = Long.parseLong(v);
                if (s >= 0) {
                    return Duration.ofSeconds(s);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("gnt.conf property " + AGE_SETTING + " must be a whole number of"
                    + " seconds (0 = no automatic archiving), got '" + v + "'");
        }).orElse(DEFAULT_AGE);
    }

    public Duration age() {
        return age;
    }

    /** Starts the periodic run (the first after one period); with age 0 it does nothing. */
    public JobArchiver start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("JobArchiver cannot be started twice");
        }
        if (age.isZero()) {
            LOG.info("automatic job archiving is off ({} = 0)", AGE_SETTING);
            return this;
        }
        producer = BusClients.producer(cfg, "master-archiver");
        archive = new JobArchive(cfg.topics(), producer, Duration.ofSeconds(30));
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "job-archiver");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::runQuietly, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("archiving finished jobs {} s after they end", age.toSeconds());
        return this;
    }

    private void runQuietly() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            // Kafka unreachable for a while: the jobs are still due next time
            LOG.warn("automatic job archiving failed, retrying in {} s: {}", period.toSeconds(), e.toString());
        }
    }

    /** One round: archives the jobs due now and returns how many. Only while started and enabled. */
    public int runOnce() {
        JobArchive a = archive;
        if (state.get() != State.STARTED || a == null) {
            return 0;
        }
        List<JobState> due = JobArchive.olderThan(view.all(), Instant.now(), age);
        int n = a.archive(due);
        if (n > 0) {
            LOG.info("archived {} finished jobs older than {} s", n, age.toSeconds());
        }
        return n;
    }

    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) != State.STARTED) {
            return;
        }
        ScheduledExecutorService t = timer;
        if (t != null) {
            t.shutdownNow();
            try {
                t.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        KafkaProducer<String, byte[]> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(2));
        }
    }
}
