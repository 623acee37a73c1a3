package org.gnt.coordinator.election;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.gnt.bus.ZkPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elects one master among the coordinators with a Curator {@link LeaderLatch}. On winning it
 * writes its id to the master znode; the znode version after that write is the new master's
 * epoch, which every config write checks. Losing the latch (including on a SUSPENDED connection)
 * stops the master role at once.
 */
public final class MasterElection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MasterElection.class);

    /** What runs while this coordinator is master. */
    public interface MasterRole {
        void becameMaster(int epoch) throws Exception;

        void lostMastership();
    }

    private final CuratorFramework curator;
    private final ZkPaths paths;
    private final String id;
    private final LeaderLatch latch;
    private final ExecutorService transitions = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "master-transitions");
        t.setDaemon(true);
        return t;
    });

    public MasterElection(CuratorFramework curator, ZkPaths paths, String id, MasterRole role) {
        this.curator = curator;
        this.paths = paths;
        this.id = id;
        this.latch = new LeaderLatch(curator, paths.leader(), id);
        latch.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                transitions.execute(() -> {
                    try {
                        int epoch = claimEpoch();
                        LOG.info("{} is master with epoch {}", id, epoch);
                        role.becameMaster(epoch);
                    } catch (Exception e) {
                        LOG.error("{} could not take over as master; giving up the latch", id, e);
                        restartLatch();
                    }
                });
            }

            @Override
            public void notLeader() {
                transitions.execute(() -> {
                    LOG.warn("{} is no longer master", id);
                    role.lostMastership();
                });
            }
        });
    }

    public void start() throws Exception {
        latch.start();
    }

    public boolean isMaster() {
        return latch.hasLeadership();
    }

    private int claimEpoch() throws Exception {
        try {
            curator.create().creatingParentsIfNeeded().forPath(paths.master());
        } catch (KeeperException.NodeExistsException e) {
            // usual case
        }
        Stat s = curator.setData().forPath(paths.master(), id.getBytes(StandardCharsets.UTF_8));
        return s.getVersion();
    }

    private void restartLatch() {
        try {
            latch.close(LeaderLatch.CloseMode.NOTIFY_LEADER);
        } catch (Exception e) {
            LOG.warn("closing latch", e);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            latch.close();
        } finally {
            transitions.shutdown();
        }
    }
}
