package org.gnt.bus.view;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.bus.job.JobState;

/**
 * Every job as the compacted {@code jobs.state} topic says, kept current by a {@link TopicView};
 * callers can wait for a job to reach a condition. A write from an older master epoch never
 * replaces one from a newer epoch. A tombstone (the job was archived, see {@code JobArchive})
 * removes the job; the archived state is then in {@link ArchiveView}.
 */
public final class JobView implements AutoCloseable {
    private final ConcurrentSkipListMap<Long, JobState> jobs = new ConcurrentSkipListMap<>();
    private final Map<Long, List<Waiter>> waiters = new ConcurrentHashMap<>();
    private final TopicView view;

    private record Waiter(Predicate<JobState> condition, CompletableFuture<JobState> future) {
    }

    public JobView(BusConfig cfg) {
        this.view = new TopicView(cfg, cfg.topics().jobsState(), this::apply);
    }

    public JobView start() {
        view.start();
        return this;
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return view.awaitCaughtUp(timeout);
    }

    /** Completes once every job state written before this call is in the view. */
    public CompletableFuture<Void> catchUp() {
        return view.catchUp();
    }

    private void apply(String key, byte[] value) {
        long id = Long.parseLong(key);
        if (value == null) {
            jobs.remove(id);
            return;
        }
        JobState next = Json.read(value, JobState.class);
        JobState merged = jobs.merge(id, next, (old, nu) -> nu.masterEpoch() >= old.masterEpoch() ? nu : old);
        List<Waiter> ws = waiters.get(id);
        if (ws == null) {
            return;
        }
        // complete outside the lock: completion runs the waiter's cleanup, which edits the list
        List<Waiter> ready = new ArrayList<>();
        synchronized (ws) {
            for (Iterator<Waiter> it = ws.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w.future.isDone() || w.condition.test(merged)) {
                    it.remove();
                    ready.add(w);
                }
            }
            if (ws.isEmpty()) {
                waiters.remove(id, ws);
            }
        }
        ready.forEach(w -> w.future.complete(merged));
    }

    public Optional<JobState> get(long id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** All jobs, ascending by id. */
    public List<JobState> all() {
        return new ArrayList<>(jobs.values());
    }

    /** Completes with the job once {@code condition} holds (at once if it already does), or empty after the timeout. */
    public CompletableFuture<Optional<JobState>> await(long id, Predicate<JobState> condition, Duration timeout) {
        CompletableFuture<JobState> f = new CompletableFuture<>();
        List<Waiter> ws;
        while (true) {
            ws = waiters.computeIfAbsent(id, k -> new ArrayList<>());
            synchronized (ws) {
                if (waiters.get(id) == ws) { // not dropped as empty meanwhile
                    ws.add(new Waiter(condition, f));
                    break;
                }
            }
        }
        List<Waiter> list = ws;
        JobState now = jobs.get(id);
        if (now != null && condition.test(now)) {
            f.complete(now);
        }
        return f.completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(Optional::ofNullable)
                .whenComplete((r, e) -> {
                    synchronized (list) {
                        list.removeIf(w -> w.future == f);
                        if (list.isEmpty()) {
                            waiters.remove(id, list);
                        }
                    }
                });
    }

    @Override
    public void close() {
        view.close();
    }
}
