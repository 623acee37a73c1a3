package org.gnt.bus.job;

import java.nio.charset.StandardCharsets;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Hands out job ids that only grow, from one counter znode updated with a versioned write, so
 * every submitter in the cluster (gateways, CLIs) draws from the same sequence. The last value
 * and version seen are cached: an uncontended allocation is one ZooKeeper round trip.
 */
public final class JobIdAllocator {
    private final CuratorFramework curator;
    private final String path;
    private long last = -1;
    private int version = -1;

    public JobIdAllocator(CuratorFramework curator, String path) {
        this.curator = curator;
        this.path = path;
    }

    public synchronized long next() {
        try {
            if (version < 0) {
                refresh();
            }
            while (true) {
                long candidate = last + 1;
                try {
                    Stat s = curator.setData().withVersion(version)
                            .forPath(path, Long.toString(candidate).getBytes(StandardCharsets.US_ASCII));
                    last = candidate;
                    version = s.getVersion();
                    return candidate;
                } catch (KeeperException.BadVersionException e) {
                    refresh();
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot allocate a job id: " + e.getMessage(), e);
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
}
