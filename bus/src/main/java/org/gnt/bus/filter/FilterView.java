package org.gnt.bus.filter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.gnt.bus.Json;
import org.gnt.bus.ZkPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filter rules as the master's job queue reads them: a {@link CuratorCache} mirror of
 * {@code filters/}, sorted in evaluation order, with a future for the next change so the queue can
 * re-run its scheduling when a rule is added, replaced or deleted (Ganeti re-filters its queue
 * then: a new REJECT cancels queued jobs, a removed PAUSE releases them).
 *
 * <p>Lifecycle: {@link #start()}, then {@link #awaitInitialized} before trusting {@link #rules()}
 * (empty until then), {@link #close()}. A znode that cannot be read as a rule is logged and left
 * out rather than stopping the queue.
 */
public final class FilterView implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FilterView.class);

    private final String dir;
    private final CuratorCache cache;
    private final CountDownLatch initialized = new CountDownLatch(1);
    private final Map<String, FilterRule> byPath = new ConcurrentHashMap<>();
    private volatile List<FilterRule> sorted = List.of();
    private final AtomicReference<CompletableFuture<List<FilterRule>>> next =
            new AtomicReference<>(new CompletableFuture<>());

    public FilterView(CuratorFramework curator, ZkPaths paths) {
        this.dir = paths.filters();
        this.cache = CuratorCache.build(curator, dir);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreatesAndChanges((before, after) -> apply(after, false))
                .forDeletes(d -> apply(d, true))
                .forInitialized(initialized::countDown)
                .build());
    }

    public FilterView start() {
        cache.start();
        return this;
    }

    /** Waits until the first full read of the rules is done. */
    public boolean awaitInitialized(Duration timeout) throws InterruptedException {
        return initialized.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The current rules in {@link FilterRule#ORDER}; an immutable snapshot. */
    public List<FilterRule> rules() {
        return sorted;
    }

    /** Completes with the new rules at the next change after this call (after initialisation). */
    public CompletableFuture<List<FilterRule>> nextChange() {
        return next.get().copy();
    }

    // Curator calls listeners on one thread, so changes are applied in order.
    private void apply(ChildData d, boolean deleted) {
        String path = d.getPath();
        if (path.equals(dir) || !path.startsWith(dir + "/")) {
            return;
        }
        FilterRule rule = deleted ? null : read(d);
        FilterRule old = rule == null ? byPath.remove(path) : byPath.put(path, rule);
        if (rule == null && old == null) {
            return;
        }
        List<FilterRule> now = new ArrayList<>(byPath.values());
        now.sort(FilterRule.ORDER);
        sorted = List.copyOf(now);
        if (initialized.getCount() == 0) {
            next.getAndSet(new CompletableFuture<>()).complete(sorted);
        }
    }

    private FilterRule read(ChildData d) {
        try {
            return Json.read(d.getData(), FilterRule.class);
        } catch (RuntimeException e) {
            LOG.warn("ignoring filter rule znode {} that cannot be read: {}", d.getPath(), e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        cache.close();
    }
}
