package org.gnt.bus.job;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Hands out job ids that only grow, from one counter znode updated with a versioned write, so
 * every submitter in the cluster (gateways, CLIs) draws from the same sequence. Requests that
 * arrive while a write is in flight are combined into the next write, which reserves one id for
 * each of them: one ZooKeeper round trip serves many concurrent submissions, in arrival order.
 * A multi-job submission takes a block of consecutive ids in one request, as Ganeti's queue does.
 */
public final class JobIdAllocator implements AutoCloseable {
    private final CuratorFramework curator;
    private final String path;
    private final LinkedBlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean open = true;
    private long last = -1;
    private int version = -1;

    public JobIdAllocator(CuratorFramework curator, String path) {
        this.curator = curator;
        this.path = path;
        this.writer = new Thread(this::serve, "job-id-allocator");
        writer.setDaemon(true);
        writer.start();
    }

    /** Asks for {@code count} consecutive ids; {@code first} completes with the lowest. */
    private record Request(int count, CompletableFuture<Long> first) {
    }

    public long next() {
        return nextBlock(1);
    }

    /** Reserves {@code count} consecutive ids and returns the first of them. */
    public long nextBlock(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive, got " + count);
        }
        CompletableFuture<Long> f = new CompletableFuture<>();
        requests.add(new Request(count, f));
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted allocating a job id", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot allocate a job id: " + e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot allocate a job id: ZooKeeper did not answer in 30 s", e);
        }
    }

    private void serve() {
        List<Request> batch = new ArrayList<>();
        while (open) {
            try {
                Request first = requests.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                requests.drainTo(batch);
                long next = reserve(batch.stream().mapToInt(Request::count).sum());
                for (Request r : batch) {
                    r.first().complete(next);
                    next += r.count();
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                batch.forEach(r -> r.first().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    /** Reserves {@code n} consecutive ids; returns the first. */
    private long reserve(int n) throws Exception {
        if (version < 0) {
            refresh();
        }
        while (true) {
            try {
                Stat s = curator.setData().withVersion(version)
                        .forPath(path, Long.toString(last + n).getBytes(StandardCharsets.US_ASCII));
                long first = last + 1;
                last += n;
                version = s.getVersion();
                return first;
            } catch (KeeperException.BadVersionException e) {
                refresh();
            }
        }
    }

    private void refresh() throws Exception {
        try {
            curator.create().creatingParentsIfNeeded().forPath(path, "0".getBytes(StandardCharsets.US_ASCII));
        } catch (KeeperException.NodeExistsException e) {
            // another submitter made it first
        }
        Stat s = new Stat();
        byte[] data = curator.getData().storingStatIn(s).forPath(path);
        last = Long.parseLong(new String(data, StandardCharsets.US_ASCII).trim());
        version = s.getVersion();
    }

    @Override
    public void close() {
        open = false;
        writer.interrupt();
    }
}
