package org.gnt.bus.election;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.gnt.bus.ZkPaths;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * The client half of {@code gnt-cluster master-failover}. In Ganeti the admin runs it on the node
 * that should become master; in gnt any master candidate's coordinator may win the election, so
 * the request asks the current master to step down: it writes the master's id to the
 * {@code master-failover} znode, the master (watching it) leaves the election and rejoins a
 * second later, and another coordinator wins. The request is refused when no other coordinator
 * takes part in the election, since the master would only win again.
 */
public final class MasterHandover {
    private final CuratorFramework curator;
    private final ZkPaths paths;

    public MasterHandover(CuratorFramework curator, ZkPaths paths) {
        this.curator = curator;
        this.paths = paths;
    }

    /** The id of the current master coordinator, or empty text when none has claimed it yet. */
    public String master() {
        try {
            byte[] data = curator.getData().forPath(paths.master());
            return data == null ? "" : new String(data, StandardCharsets.UTF_8);
        } catch (KeeperException.NoNodeException e) {
            return "";
        } catch (Exception e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot read the master from ZooKeeper: " + e, e);
        }
    }

    /** The ids of the coordinators in the election (the leader latch participants). */
    public List<String> candidates() {
        try {
            List<String> ids = new ArrayList<>();
            for (String child : curator.getChildren().forPath(paths.leader())) {
                try {
                    ids.add(new String(curator.getData().forPath(paths.leader() + "/" + child), StandardCharsets.UTF_8));
                } catch (KeeperException.NoNodeException e) {
                    // left while we looked
                }
            }
            return ids;
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        } catch (Exception e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot read the election from ZooKeeper: " + e, e);
        }
    }

    /** Asks the master to step down and waits for another coordinator to take over; returns the new master. */
    public String failover(Duration timeout) throws InterruptedException {
        String old = master();
        if (old.isEmpty() || !candidates().contains(old)) {
            throw new PluginException(ErrorKind.STATE, "No master coordinator is running; nothing to fail over");
        }
        if (candidates().stream().noneMatch(c -> !c.equals(old))) {
            throw new PluginException(ErrorKind.STATE, "No other master candidate coordinator is running;"
                    + " start one before failing over from " + old);
        }
        try {
            byte[] request = old.getBytes(StandardCharsets.UTF_8);
            try {
                curator.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT)
                        .forPath(paths.masterFailover(), request);
            } catch (KeeperException.NodeExistsException e) {
                curator.setData().forPath(paths.masterFailover(), request);
            }
        } catch (Exception e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot write the failover request to ZooKeeper: " + e, e);
        }
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            String now = master();
            if (!now.isEmpty() && !now.equals(old)) {
                return now;
            }
            Thread.sleep(200);
        }
        throw new PluginException(ErrorKind.ENVIRON, "Master " + old + " was asked to step down but no other"
                + " coordinator took over within " + timeout.toSeconds() + " s");
    }
}
