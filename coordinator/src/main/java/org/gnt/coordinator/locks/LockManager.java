package org.gnt.coordinator.locks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The master's lock manager: shared/exclusive locks per (level, name), always acquired in level
 * then name order so two jobs can never wait on each other. Held locks are released as a group.
 */
public final class LockManager {
    private final Map<String, ReentrantReadWriteLock> locks = new ConcurrentHashMap<>();

    /** Locks held by one opcode; close releases them in reverse order. */
    public static final class Held implements AutoCloseable {
        private final Deque<Lock> held = new ArrayDeque<>();

        @Override
        public void close() {
            while (!held.isEmpty()) {
                held.pop().unlock();
            }
        }
    }

    public Held acquire(List<LockRequest> requests) throws InterruptedException {
        return acquire(requests, r -> { });
    }

    /**
     * Takes the locks in order; {@code onBlocked} is told of each lock that is not free at once,
     * before waiting for it (so a job can show it is waiting, and for what).
     */
    public Held acquire(List<LockRequest> requests, java.util.function.Consumer<LockRequest> onBlocked)
            throws InterruptedException {
        List<LockRequest> sorted = new ArrayList<>(requests);
        sorted.sort(LockRequest.ORDER);
        Held h = new Held();
        try {
            String previous = null;
            for (LockRequest r : sorted) {
                if (r.key().equals(previous)) {
                    continue;
                }
                previous = r.key();
                ReentrantReadWriteLock rw = locks.computeIfAbsent(r.key(), k -> new ReentrantReadWriteLock(true));
                Lock l = r.exclusive() ? rw.writeLock() : rw.readLock();
                // tryLock(0, …) honours fairness (plain tryLock would barge past queued writers)
                if (!l.tryLock(0, java.util.concurrent.TimeUnit.SECONDS)) {
                    onBlocked.accept(r);
                    l.lockInterruptibly();
                }
                h.held.push(l);
            }
            return h;
        } catch (InterruptedException | RuntimeException | Error e) {
            h.close();
            throw e;
        }
    }
}
