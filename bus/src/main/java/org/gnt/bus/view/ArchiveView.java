package org.gnt.bus.view;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;

import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;

/**
 * The archived jobs, as the compacted {@code jobs.archive} topic says ({@code gnt-job list
 * --archived}, {@code gnt-job info} and {@code GET /2/jobs/ID} of an archived job). The archive
 * only grows, so a reader that needs no more than to know which ids are archived and how they
 * ended (the master: dependencies, never re-queueing) keeps just that: see {@link #statusesOnly}.
 */
public final class ArchiveView implements AutoCloseable {
    private final boolean keepStates;
    private final ConcurrentSkipListMap<Long, JobState> jobs = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<Long, JobStatus> statuses = new ConcurrentSkipListMap<>();
    private final TopicView view;

    private ArchiveView(BusConfig cfg, boolean keepStates) {
        this.keepStates = keepStates;
        this.view = new TopicView(cfg, cfg.topics().jobsArchive(), this::apply);
    }

    /** A view keeping every archived job whole. */
    public static ArchiveView full(BusConfig cfg) {
        return new ArchiveView(cfg, true);
    }

    /** A view keeping only each archived job's id and final status; {@link #get} and {@link #all} refuse. */
    public static ArchiveView statusesOnly(BusConfig cfg) {
        return new ArchiveView(cfg, false);
    }

    public ArchiveView start() {
        view.start();
        return this;
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return view.awaitCaughtUp(timeout);
    }

    /** Completes once every job archived before this call is in the view. */
    public CompletableFuture<Void> catchUp() {
        return view.catchUp();
    }

    private void apply(String key, byte[] value) {
        long id = Long.parseLong(key);
        if (value == null) { // nothing deletes from the archive today; an operator's tombstone is honoured
            statuses.remove(id);
            jobs.remove(id);
            return;
        }
        JobState j = Json.read(value, JobState.class);
        statuses.put(id, j.status());
        if (keepStates) {
            jobs.put(id, j);
        }
    }

    public boolean contains(long id) {
        return statuses.containsKey(id);
    }

    /** How an archived job ended; empty when the job is not archived. */
    public Optional<JobStatus> status(long id) {
        return Optional.ofNullable(statuses.get(id));
    }

    /** The archived ids, ascending. */
    public List<Long> ids() {
        return new ArrayList<>(statuses.keySet());
    }

    public Optional<JobState> get(long id) {
        requireStates();
        return Optional.ofNullable(jobs.get(id));
    }

    /** Every archived job, ascending by id. */
    public List<JobState> all() {
        requireStates();
        return new ArrayList<>(jobs.values());
    }

    private void requireStates() {
        if (!keepStates) {
            throw new IllegalStateException("this archive view keeps ids and statuses only");
        }
    }

    @Override
    public void close() {
        view.close();
    }
}
