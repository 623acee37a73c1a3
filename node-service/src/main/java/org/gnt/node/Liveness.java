package org.gnt.node;

import java.nio.charset.StandardCharsets;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.gnt.bus.ZkPaths;

/**
 * The node's ephemeral liveness znode {@code live/<node>}: present while the node service runs
 * and its ZooKeeper session lives; recreated by Curator after a session loss.
 */
public final class Liveness implements AutoCloseable {
    private final PersistentNode znode;

    public Liveness(CuratorFramework curator, ZkPaths paths, String node, String primaryIp) {
        String data = "{\"node\":\"" + node + "\",\"primary_ip\":\"" + primaryIp + "\",\"since\":"
                + System.currentTimeMillis() + "}";
        this.znode = new PersistentNode(curator, CreateMode.EPHEMERAL, false, paths.live(node),
                data.getBytes(StandardCharsets.UTF_8));
    }

    public Liveness start() throws InterruptedException {
        znode.start();
        if (!znode.waitForInitialCreate(30, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("could not register liveness in ZooKeeper");
        }
        return this;
    }

    @Override
    public void close() throws Exception {
        znode.close();
    }
}
