package org.gnt.coordinator.locks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class LockManagerTest {
    final LockManager locks = new LockManager();

    @Test
    void sharedLocksDoNotBlockEachOther() throws Exception {
        try (var a = locks.acquire(List.of(LockRequest.shared(LockLevel.NODE, "n1")))) {
            assertTrue(acquiresWithin(List.of(LockRequest.shared(LockLevel.NODE, "n1")), 1000));
        }
    }

    @Test
    void exclusiveBlocksUntilReleased() throws Exception {
        var a = locks.acquire(List.of(LockRequest.exclusive(LockLevel.INSTANCE, "i1")));
        assertFalse(acquiresWithin(List.of(LockRequest.shared(LockLevel.INSTANCE, "i1")), 200));
        a.close();
        assertTrue(acquiresWithin(List.of(LockRequest.shared(LockLevel.INSTANCE, "i1")), 1000));
    }

    @Test
    void oppositeRequestOrdersCannotDeadlock() throws Exception {
        List<LockRequest> ab = List.of(LockRequest.exclusive(LockLevel.NODE, "a"), LockRequest.exclusive(LockLevel.INSTANCE, "b"));
        List<LockRequest> ba = List.of(LockRequest.exclusive(LockLevel.INSTANCE, "b"), LockRequest.exclusive(LockLevel.NODE, "a"));
        CountDownLatch done = new CountDownLatch(2);
        for (List<LockRequest> order : List.of(ab, ba)) {
            new Thread(() -> {
                for (int i = 0; i < 2000; i++) {
                    try (var h = locks.acquire(order)) {
                        Thread.onSpinWait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                done.countDown();
            }).start();
        }
        assertTrue(done.await(20, TimeUnit.SECONDS), "both threads finished");
    }

    private boolean acquiresWithin(List<LockRequest> req, long millis) throws InterruptedException {
        CountDownLatch got = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try (var h = locks.acquire(req)) {
                got.countDown();
            } catch (InterruptedException e) {
                // timed out
            }
        });
        t.start();
        boolean ok = got.await(millis, TimeUnit.MILLISECONDS);
        t.interrupt();
        t.join();
        return ok;
    }
}
