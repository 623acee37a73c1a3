package org.gnt.bus.view;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.zookeeper.KeeperException;
import org.gnt.bus.BusConfig;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.state.NodeState;
import org.gnt.plugins.hypervisor.RuntimeInstance;

/**
 * The read side of a cluster for the gateway and CLI (Ganeti's luxi queries): the config mirror
 * and the newest node inventories, joined to answer "is this instance running", "is this node up".
 */
public final class ClusterRead implements AutoCloseable {
    private final CuratorFramework curator;
    private final BusConfig cfg;
    private final ConfigView config;
    private final NodeStateView nodes;
    /** The liveness mirror; null in a snapshot, which holds {@link #liveSnapshot} instead. */
    private final CuratorCache live;
    private final Set<String> liveSnapshot;
    private final java.util.concurrent.CountDownLatch liveInitialized = new java.util.concurrent.CountDownLatch(1);

    public ClusterRead(BusConfig cfg, CuratorFramework curator) {
        this.cfg = cfg;
        this.curator = curator;
        this.config = new ConfigView(curator, cfg.paths()).start();
        this.nodes = new NodeStateView(cfg).start();
        this.live = CuratorCache.build(curator, cfg.paths().live());
        live.listenable().addListener(org.apache.curator.framework.recipes.cache.CuratorCacheListener.builder()
                .forInitialized(liveInitialized::countDown).build());
        live.start();
        this.liveSnapshot = null;
    }

    private ClusterRead(BusConfig cfg, CuratorFramework curator, ConfigView config, NodeStateView nodes,
                        Set<String> live) {
        this.cfg = cfg;
        this.curator = curator;
        this.config = config;
        this.nodes = nodes;
        this.live = null;
        this.liveSnapshot = live;
        liveInitialized.countDown();
    }

    /**
     * The cluster as it is now, for a short-lived reader (a CLI command): config and liveness read
     * once without watches, node inventories read to the end of {@code nodes.state}.
     */
    public static ClusterRead snapshot(BusConfig cfg, CuratorFramework curator, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        NodeStateView nodes = new NodeStateView(cfg).start(); // Kafka reads while ZooKeeper answers
        try {
            Set<String> live;
            try {
                live = Set.copyOf(curator.getChildren().forPath(cfg.paths().live()));
            } catch (KeeperException.NoNodeException e) {
                live = Set.of();
            }
            ConfigView config = ConfigView.snapshot(curator, cfg.paths(), timeout);
            if (!nodes.awaitCaughtUp(Duration.ofNanos(Math.max(0, end - System.nanoTime())))) {
                throw new IllegalStateException("could not read nodes.state within " + timeout.toSeconds() + " s");
            }
            return new ClusterRead(cfg, curator, config, nodes, live);
        } catch (Exception | Error e) {
            nodes.close();
            throw e;
        }
    }

    /** Waits until the mirrors have read what existed when they started; throws if they did not in time. */
    public ClusterRead awaitReady(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        boolean ok = config.awaitInitialized(timeout.toMillis())
                && nodes.awaitCaughtUp(Duration.ofNanos(Math.max(0, end - System.nanoTime())))
                && liveInitialized.await(Math.max(0, end - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
        if (!ok) {
            throw new IllegalStateException("could not read the cluster state within " + timeout.toSeconds() + " s");
        }
        return this;
    }

    public ConfigView config() {
        return config;
    }

    public NodeStateView inventory() {
        return nodes;
    }

    /** Whether a node service holds its liveness znode (from the local mirror). */
    public boolean isLiveCached(String node) {
        return live == null ? liveSnapshot.contains(node) : live.get(cfg.paths().live(node)).isPresent();
    }

    public Optional<NodeConfig> primaryNode(InstanceConfig i) {
        return config.node(i.primaryNode());
    }

    /** The instance as its primary node last reported it; empty when not running there. */
    public Optional<RuntimeInstance> runtime(InstanceConfig i) {
        Optional<NodeConfig> n = primaryNode(i);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        Optional<NodeState> s = nodes.get(n.get().name());
        if (s.isEmpty()) {
            return Optional.empty();
        }
        return s.get().instances().getOrDefault(i.hypervisor(), java.util.List.of()).stream()
                .filter(r -> r.name().equals(i.name())).findFirst();
    }

    @Override
    public void close() {
        if (live != null) {
            live.close();
        }
        nodes.close();
        config.close();
    }
}
