package org.gnt.bus.view;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * Reads a znode and its children and grandchildren once, without watches, keeping thousands of
 * requests in flight on one session. A {@code CuratorCache} issues them one watch at a time
 * and takes about 0.2 ms per znode; a short-lived reader (a CLI command) needs neither its
 * watches nor its updates, only the whole tree as fast as ZooKeeper can stream it.
 */
final class ZkBulkRead {
    /** One znode read: path, data and stat (null data and stat for a znode deleted meanwhile). */
    record Entry(String path, byte[] data, Stat stat) {
    }

    /** Bounded so a huge tree does not queue every request (and its reply) at once. */
    private static final int IN_FLIGHT = 4096;

    private final ZooKeeper zk;
    private final Semaphore slots = new Semaphore(IN_FLIGHT);

    private ZkBulkRead(ZooKeeper zk) {
        this.zk = zk;
    }

    /**
     * {@code root}, its children and their children, depth first by level; a znode that
     * disappears while being read is left out.
     */
    static List<Entry> twoLevels(CuratorFramework curator, String root, Duration timeout) throws Exception {
        ZkBulkRead r = new ZkBulkRead(curator.getZookeeperClient().getZooKeeper());
        long end = System.nanoTime() + timeout.toNanos();
        List<String> level = List.of(root);
        List<CompletableFuture<Entry>> reads = new ArrayList<>();
        for (int depth = 0; depth <= 2 && !level.isEmpty(); depth++) {
            for (String p : level) {
                reads.add(r.data(p));
            }
            if (depth == 2) {
                break;
            }
            List<CompletableFuture<List<String>>> kids = new ArrayList<>();
            for (String p : level) {
                kids.add(r.children(p));
            }
            List<String> next = new ArrayList<>();
            for (int i = 0; i < level.size(); i++) {
                String parent = level.get(i);
                for (String child : await(kids.get(i), end)) {
                    next.add(parent + "/" + child);
                }
            }
            level = next;
        }
        List<Entry> out = new ArrayList<>(reads.size());
        for (CompletableFuture<Entry> f : reads) {
            Entry e = await(f, end);
            if (e.data() != null) {
                out.add(e);
            }
        }
        return out;
    }

    private CompletableFuture<Entry> data(String path) {
        CompletableFuture<Entry> f = new CompletableFuture<>();
        slots.acquireUninterruptibly();
        zk.getData(path, false, (rc, p, ctx, data, stat) -> {
            slots.release();
            KeeperException.Code code = KeeperException.Code.get(rc);
            if (code == KeeperException.Code.OK) {
                f.complete(new Entry(p, data == null ? new byte[0] : data, stat));
            } else if (code == KeeperException.Code.NONODE) {
                f.complete(new Entry(p, null, null));
            } else {
                f.completeExceptionally(KeeperException.create(code, p));
            }
        }, null);
        return f;
    }

    private CompletableFuture<List<String>> children(String path) {
        CompletableFuture<List<String>> f = new CompletableFuture<>();
        slots.acquireUninterruptibly();
        zk.getChildren(path, false, (rc, p, ctx, children) -> {
            slots.release();
            KeeperException.Code code = KeeperException.Code.get(rc);
            if (code == KeeperException.Code.OK) {
                f.complete(children);
            } else if (code == KeeperException.Code.NONODE) {
                f.complete(List.of());
            } else {
                f.completeExceptionally(KeeperException.create(code, p));
            }
        }, null);
        return f;
    }

    private static <T> T await(CompletableFuture<T> f, long endNanos) throws Exception {
        try {
            return f.get(Math.max(0, endNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("ZooKeeper did not answer the reads in time");
        }
    }
}
