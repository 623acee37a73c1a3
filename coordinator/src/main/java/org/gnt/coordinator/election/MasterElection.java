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
 * stops the master role at once. A coordinator takes part only between {@link #join()} and
 * {@link #leave()} ({@code CoordinatorPresence} calls them from its node's role).
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
    private final MasterRole role;
    private volatile LeaderLatch latch;
    private volatile boolean closed;
    /** Whether this coordinator takes part in the election now (see {@link #join()}, {@link #leave()}). */
    private volatile boolean joined;
    private final ExecutorService transitions = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "master-transitions");
        t.setDaemon(true);
        return t;
    });

    public MasterElection(CuratorFramework curator, ZkPaths paths, String id, MasterRole role) {
        this.curator = curator;
        this.paths = paths;
        this.id = id;
        this.role = role;
        this.latch = newLatch();
    }

    private LeaderLatch newLatch() {
        LeaderLatch l = new LeaderLatch(curator, paths.leader(), id);
        l.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                transitions.execute(() -> {
                    if (l != latch || !l.hasLeadership()) {
                        return; // a stale callback: leadership moved on while it waited
                    }
                    try {
                        int epoch = claimEpoch(l);
                        LOG.info("{} is master with epoch {}", id, epoch);
                        role.becameMaster(epoch);
                    } catch (Exception e) {
                        LOG.error("{} could not take over as master; rejoining the election", id, e);
                        relaunchNow();
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
        return l;
    }

    /** Joins the election (the coordinator's node is a master candidate, or it is unbound). */
    public void start() throws Exception {
        join();
    }

    /** Takes part in the election with a fresh latch; nothing when already in it. */
    public synchronized void join() throws Exception {
        if (closed || joined) {
            return;
        }
        joined = true;
        LeaderLatch fresh = newLatch();
        latch = fresh;
        fresh.start();
    }

    /**
     * Leaves the election and stays out (the coordinator's node stopped being a master candidate):
     * a master steps down as on {@code gnt-cluster master-failover}, and another coordinator wins.
     */
    public synchronized void leave() {
        if (!joined) {
            return;
        }
        joined = false;
        try {
            latch.close(LeaderLatch.CloseMode.NOTIFY_LEADER);
        } catch (Exception e) {
            // already closed by a step-down that is pausing; it sees 'joined' false and stays out
        }
        if (!closed) {
            transitions.execute(role::lostMastership);
        }
    }

    public boolean inElection() {
        return joined;
    }

    public boolean isMaster() {
        return latch.hasLeadership();
    }

    /**
     * Writes the master znode only if our latch node still exists: a claim retried after our session
     * expired (and another coordinator won) fails instead of fencing the real master.
     */
    private int claimEpoch(LeaderLatch l) throws Exception {
        try {
            curator.create().creatingParentsIfNeeded().forPath(paths.master(), new byte[0]);
        } catch (KeeperException.NodeExistsException e) {
            // usual case
        }
        var results = curator.transaction().forOperations(
                curator.transactionOp().check().forPath(l.getOurPath()),
                curator.transactionOp().setData().forPath(paths.master(), id.getBytes(StandardCharsets.UTF_8)));
        return results.get(1).getResultStat().getVersion();
    }

    /** Gives up mastership (or a failed claim) and joins the election again with a fresh latch. */
    public void relaunch() {
        transitions.execute(this::relaunchNow);
    }

    private void relaunchNow() {
        if (!joined) {
            return; // left the election meanwhile; nothing to give up or rejoin
        }
        LeaderLatch old = latch;
        try {
            old.close(LeaderLatch.CloseMode.NOTIFY_LEADER);
        } catch (Exception e) {
            LOG.warn("closing latch", e);
        }
        role.lostMastership();
        if (closed) {
            return;
        }
        try {
            Thread.sleep(1000);
            synchronized (this) {
                if (closed || !joined || latch != old) {
                    return; // closed, left, or left and joined again while we paused
                }
                LeaderLatch fresh = newLatch();
                latch = fresh;
                fresh.start();
            }
        } catch (Exception e) {
            LOG.error("{} could not rejoin the election", id, e);
        }
    }

    @Override
    public void close() throws Exception {
        synchronized (this) {
            closed = true;
        }
        try {
            latch.close();
        } catch (IllegalStateException e) {
            // a relaunch (step-down) closed it and is pausing before it rejoins; it sees 'closed' and stops
        } finally {
            transitions.shutdown();
        }
    }
}
