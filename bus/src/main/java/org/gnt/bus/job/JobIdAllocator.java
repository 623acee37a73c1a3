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
 */
public final class JobIdAllocator implements AutoCloseable {
    private final CuratorFramework curator;
    private final String path;
    private final LinkedBlockingQueue<CompletableFuture<Long>> requests = new LinkedBlockingQueue<>();
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

    public long next() {
        CompletableFuture<Long> f = new CompletableFuture<>();
        requests.add(f);
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
        List<CompletableFuture<Long>> batch = new ArrayList<>();
        while (open) {
            try {
                CompletableFuture<Long> first = requests.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                requests.drainTo(batch);
                long firstId = reserve(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).complete(firstId + i);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                batch.forEach(f -> f.completeExceptionally(e));
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
