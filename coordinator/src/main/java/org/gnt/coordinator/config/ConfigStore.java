package org.gnt.coordinator.config;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.KeeperException;
import org.gnt.bus.Json;
import org.gnt.bus.ZkPaths;
import org.gnt.bus.config.ClusterConfig;
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NetworkConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.election.CoordinatorRecord;
import org.gnt.bus.election.CoordinatorRegistry;
import org.gnt.bus.view.ConfigView;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * The master's copy of the configuration, loaded from ZooKeeper when it becomes master and written
 * through: every write is a ZooKeeper transaction that first checks the master znode's version
 * against this master's epoch, so a deposed master cannot write (it gets {@link FencedException}).
 */
public final class ConfigStore {
    /** Runs ZooKeeper commits so that the waiting job thread can be interrupted without cutting one short. */
    private static final java.util.concurrent.ExecutorService COMMITS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "config-commit");
        t.setDaemon(true);
        return t;
    });

    private final CuratorFramework curator;
    private final ZkPaths paths;
    private final int epoch;
    private volatile long serial;
    private volatile boolean fromMirror;
    private volatile ClusterConfig cluster;
    private final Map<String, NodeConfig> nodes = new ConcurrentHashMap<>();
    private final Map<String, GroupConfig> groups = new ConcurrentHashMap<>();
    private final Map<String, InstanceConfig> instances = new ConcurrentHashMap<>();
    private final Map<String, String> instanceByName = new ConcurrentHashMap<>();
    private final Map<String, NetworkConfig> networks = new ConcurrentHashMap<>();
    /** Set once OP_CLUSTER_DESTROY removed the config tree: every later write is refused. */
    private volatile boolean destroyed;
    /** Below ZooKeeper's 1 MB request limit (jute.maxbuffer) with room for the transaction's framing. */
    private static final int BATCH_BYTES = 512 * 1024;

    /** Thrown when the epoch check fails: another coordinator is master now. */
    public static final class FencedException extends PluginException {
        public FencedException() {
            super(ErrorKind.STATE, "This coordinator is no longer the master; the write was refused");
        }
    }

    private ConfigStore(CuratorFramework curator, ZkPaths paths, int epoch) {
        this.curator = curator;
        this.paths = paths;
        this.epoch = epoch;
    }

    /**
     * Loads everything (one batched read, {@link ConfigView#snapshot}); returns empty when the
     * cluster has not been initialised yet.
     */
    public static Optional<ConfigStore> load(CuratorFramework curator, ZkPaths paths, int epoch) throws Exception {
        if (curator.checkExists().forPath(paths.clusterConfig()) == null) {
            return Optional.empty();
        }
        try (ConfigView snapshot = ConfigView.snapshot(curator, paths, java.time.Duration.ofMinutes(1))) {
            ConfigStore s = new ConfigStore(curator, paths, epoch);
            s.serial = snapshot.serial();
            s.fill(snapshot);
            return Optional.of(s);
        }
    }

    /** Takes every object from {@code view}. */
    private void fill(ConfigView view) {
        cluster = view.cluster().orElse(null);
        view.nodes().forEach(n -> nodes.put(n.uuid(), n));
        view.groups().forEach(g -> groups.put(g.uuid(), g));
        for (InstanceConfig i : view.instances()) {
            instances.put(i.uuid(), i);
            instanceByName.put(i.name(), i.uuid());
        }
        view.networks().forEach(n -> networks.put(n.uuid(), n));
    }

    /**
     * Starts from a coordinator's warm config mirror instead of reading every znode: called after
     * the epoch is claimed, so no other master can commit any more. Waits until the mirror holds
     * everything written before the claim ({@link ConfigView#barrier()}), then checks it against the
     * config serial and the child counts in ZooKeeper (five small reads); on any doubt it reads
     * everything with {@link #load}.
     */
    public static Optional<ConfigStore> fromMirror(CuratorFramework curator, ZkPaths paths, int epoch,
                                                   ConfigView mirror) throws Exception {
        if (curator.checkExists().forPath(paths.clusterConfig()) == null) {
            return Optional.empty();
        }
        int current = curator.checkExists().forPath(paths.config()).getVersion();
        mirror.barrier().get(10, java.util.concurrent.TimeUnit.SECONDS);
        ConfigStore s = new ConfigStore(curator, paths, epoch);
        s.serial = current;
        s.fromMirror = true;
        s.fill(mirror);
        boolean agrees = s.cluster != null && mirror.serial() == current
                && children(curator, paths.nodes()) == s.nodes.size()
                && children(curator, paths.groups()) == s.groups.size()
                && children(curator, paths.instances()) == s.instances.size()
                && Math.max(0, children(curator, paths.networks())) == s.networks.size();
        return agrees ? Optional.of(s) : load(curator, paths, epoch);
    }

    private static int children(CuratorFramework curator, String path) throws Exception {
        org.apache.zookeeper.data.Stat st = curator.checkExists().forPath(path);
        return st == null ? -1 : st.getNumChildren();
    }

    /** Whether this copy was taken from the warm mirror (true) or read from ZooKeeper (false). */
    public boolean fromMirror() {
        return fromMirror;
    }

    /** The config serial after this master's last commit. */
    public long serial() {
        return serial;
    }

    /** The running coordinators' registrations (for cluster verify). */
    public List<CoordinatorRecord> coordinators() {
        return CoordinatorRegistry.list(curator, paths);
    }

    public int epoch() {
        return epoch;
    }

    public ClusterConfig cluster() {
        return cluster;
    }

    public Collection<NodeConfig> nodes() {
        return List.copyOf(nodes.values());
    }

    public Optional<NodeConfig> nodeByName(String name) {
        return nodes.values().stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public Optional<NodeConfig> node(String uuid) {
        return Optional.ofNullable(nodes.get(uuid));
    }

    public Optional<GroupConfig> groupByName(String name) {
        return groups.values().stream().filter(g -> g.name().equals(name)).findFirst();
    }

    public Optional<GroupConfig> group(String uuid) {
        return Optional.ofNullable(groups.get(uuid));
    }

    public Collection<GroupConfig> groups() {
        return List.copyOf(groups.values());
    }

    public Optional<InstanceConfig> instanceByName(String name) {
        String uuid = instanceByName.get(name);
        return uuid == null ? Optional.empty() : Optional.ofNullable(instances.get(uuid));
    }

    public Optional<InstanceConfig> instance(String uuid) {
        return Optional.ofNullable(instances.get(uuid));
    }

    public Collection<InstanceConfig> instances() {
        return List.copyOf(instances.values());
    }

    public void addNode(NodeConfig n) {
        commit(() -> curator.transactionOp().create().forPath(paths.node(n.uuid()), Json.bytes(n)));
        nodes.put(n.uuid(), n);
    }

    /**
     * Writes several changed nodes in one transaction (all or none): a role change and the
     * promotions it causes, or the nodes a group assignment moves.
     */
    public void updateNodes(List<NodeConfig> changed) {
        if (changed.isEmpty()) {
            return;
        }
        List<OpBuilder> ops = new java.util.ArrayList<>();
        for (NodeConfig n : changed) {
            ops.add(() -> curator.transactionOp().setData().forPath(paths.node(n.uuid()), Json.bytes(n)));
        }
        commitAll(ops);
        changed.forEach(n -> nodes.put(n.uuid(), n));
    }

    /** Removes a node, writing the nodes promoted in its place in the same transaction. */
    public void removeNode(NodeConfig gone, List<NodeConfig> promoted) {
        List<OpBuilder> ops = new java.util.ArrayList<>();
        ops.add(() -> curator.transactionOp().delete().forPath(paths.node(gone.uuid())));
        for (NodeConfig n : promoted) {
            ops.add(() -> curator.transactionOp().setData().forPath(paths.node(n.uuid()), Json.bytes(n)));
        }
        commitAll(ops);
        nodes.remove(gone.uuid());
        promoted.forEach(n -> nodes.put(n.uuid(), n));
    }

    /** Replaces the cluster object, with the nodes promoted because of it, in one transaction. */
    public void updateCluster(ClusterConfig c, List<NodeConfig> promoted) {
        List<OpBuilder> ops = new java.util.ArrayList<>();
        ops.add(() -> curator.transactionOp().setData().forPath(paths.clusterConfig(), Json.bytes(c)));
        for (NodeConfig n : promoted) {
            ops.add(() -> curator.transactionOp().setData().forPath(paths.node(n.uuid()), Json.bytes(n)));
        }
        commitAll(ops);
        cluster = c;
        promoted.forEach(n -> nodes.put(n.uuid(), n));
    }

    public void addInstance(InstanceConfig i) {
        commit(() -> curator.transactionOp().create().forPath(paths.instance(i.uuid()), Json.bytes(i)));
        instances.put(i.uuid(), i);
        instanceByName.put(i.name(), i.uuid());
    }

    public void updateInstance(InstanceConfig i) {
        commit(() -> curator.transactionOp().setData().forPath(paths.instance(i.uuid()), Json.bytes(i)));
        instances.put(i.uuid(), i);
    }

    public void removeInstance(InstanceConfig i) {
        commit(() -> curator.transactionOp().delete().forPath(paths.instance(i.uuid())));
        instances.remove(i.uuid());
        instanceByName.remove(i.name(), i.uuid());
    }

    public void updateCluster(ClusterConfig c) {
        updateCluster(c, List.of());
    }

    public void updateNode(NodeConfig n) {
        updateNodes(List.of(n));
    }

    public void addGroup(GroupConfig g) {
        commit(() -> curator.transactionOp().create().forPath(paths.group(g.uuid()), Json.bytes(g)));
        groups.put(g.uuid(), g);
    }

    public void updateGroup(GroupConfig g) {
        commit(() -> curator.transactionOp().setData().forPath(paths.group(g.uuid()), Json.bytes(g)));
        groups.put(g.uuid(), g);
    }

    public void removeGroup(GroupConfig g) {
        commit(() -> curator.transactionOp().delete().forPath(paths.group(g.uuid())));
        groups.remove(g.uuid());
    }

    public Collection<NetworkConfig> networks() {
        return List.copyOf(networks.values());
    }

    public Optional<NetworkConfig> networkByName(String name) {
        return networks.values().stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public Optional<NetworkConfig> network(String uuid) {
        return Optional.ofNullable(networks.get(uuid));
    }

    public void addNetwork(NetworkConfig n) {
        List<OpBuilder> ops = new java.util.ArrayList<>();
        try {
            if (curator.checkExists().forPath(paths.networks()) == null) {
                ops.add(() -> curator.transactionOp().create().forPath(paths.networks()));
            }
        } catch (Exception e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot read the configuration from ZooKeeper: " + e, e);
        }
        ops.add(() -> curator.transactionOp().create().forPath(paths.network(n.uuid()), Json.bytes(n)));
        commitAll(ops);
        networks.put(n.uuid(), n);
    }

    public void updateNetwork(NetworkConfig n) {
        commit(() -> curator.transactionOp().setData().forPath(paths.network(n.uuid()), Json.bytes(n)));
        networks.put(n.uuid(), n);
    }

    public void removeNetwork(NetworkConfig n) {
        commit(() -> curator.transactionOp().delete().forPath(paths.network(n.uuid())));
        networks.remove(n.uuid());
    }

    /**
     * Writes this master's copy of every object back to its znode (redist-conf), in transactions of
     * at most {@link #BATCH_BYTES}, each fenced. A znode changed behind the master's back gets the
     * master's value again; every reader's cache sees a change. Returns the number of objects written.
     */
    public int rewriteAll() {
        List<Map.Entry<String, byte[]>> all = new java.util.ArrayList<>();
        all.add(Map.entry(paths.clusterConfig(), Json.bytes(cluster)));
        groups.values().forEach(g -> all.add(Map.entry(paths.group(g.uuid()), Json.bytes(g))));
        nodes.values().forEach(n -> all.add(Map.entry(paths.node(n.uuid()), Json.bytes(n))));
        instances.values().forEach(i -> all.add(Map.entry(paths.instance(i.uuid()), Json.bytes(i))));
        networks.values().forEach(n -> all.add(Map.entry(paths.network(n.uuid()), Json.bytes(n))));
        List<OpBuilder> batch = new java.util.ArrayList<>();
        int bytes = 0;
        for (var e : all) {
            if (!batch.isEmpty() && bytes + e.getValue().length > BATCH_BYTES) {
                commitAll(batch);
                batch = new java.util.ArrayList<>();
                bytes = 0;
            }
            batch.add(() -> curator.transactionOp().setData().forPath(e.getKey(), e.getValue()));
            bytes += e.getValue().length;
        }
        commitAll(batch);
        return all.size();
    }

    /**
     * Removes the whole config tree and the cluster's secrets in one fenced transaction
     * (OP_CLUSTER_DESTROY, whose checks leave it small: at most one node, no instances). This copy
     * is emptied and refuses every later write: the coordinator must be restarted after a new init.
     */
    public void destroy() {
        List<String> doomed = new java.util.ArrayList<>();
        try {
            descendants(paths.config(), doomed);
            String secrets = paths.rapiCertificate().substring(0, paths.rapiCertificate().lastIndexOf('/'));
            if (curator.checkExists().forPath(secrets) != null) {
                descendants(secrets, doomed);
            }
        } catch (Exception e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot read the configuration tree: " + e, e);
        }
        List<OpBuilder> ops = new java.util.ArrayList<>();
        doomed.forEach(path -> ops.add(() -> curator.transactionOp().delete().forPath(path)));
        commitAll(ops, false);
        destroyed = true;
        nodes.clear();
        groups.clear();
        instances.clear();
        instanceByName.clear();
        networks.clear();
    }

    /** Whether {@link #destroy()} ran: the cluster no longer exists for this master. */
    public boolean destroyed() {
        return destroyed;
    }

    /** {@code path} and everything under it, children before their parent (delete order). */
    private void descendants(String path, List<String> out) throws Exception {
        for (String child : curator.getChildren().forPath(path)) {
            descendants(path + "/" + child, out);
        }
        out.add(path);
    }

    /** Builds one transaction operation; Curator's builders declare {@code throws Exception}. */
    private interface OpBuilder {
        CuratorOp build() throws Exception;
    }

    /**
     * Commits on a helper thread and waits for it without giving way to interrupts: a job killed
     * mid-write ({@code gnt-job cancel --kill}) must not leave ZooKeeper changed and this copy not
     * (an interrupted wait cannot tell whether the write was applied). The interrupt is kept for
     * the caller's next wait.
     */
    private void commit(OpBuilder... ops) {
        commitAll(List.of(ops));
    }

    private void commitAll(List<OpBuilder> built) {
        commitAll(built, true);
    }

    /** {@code bumpSerial} false only for destroy, which deletes the znode holding the serial. */
    private void commitAll(List<OpBuilder> built, boolean bumpSerial) {
        if (destroyed) {
            throw new PluginException(ErrorKind.STATE, "The cluster has been destroyed; restart the coordinator"
                    + " after gnt-cluster init");
        }
        java.util.concurrent.Future<?> f = COMMITS.submit(() -> {
            commitNow(built, bumpSerial);
            return null;
        });
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    f.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new PluginException(ErrorKind.ENVIRON, "Cannot write the configuration: " + e.getCause(),
                            e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void commitNow(List<OpBuilder> built, boolean bumpSerial) {
        try {
            List<CuratorOp> ops = new java.util.ArrayList<>();
            ops.add(curator.transactionOp().check().withVersion(epoch).forPath(paths.master()));
            for (OpBuilder b : built) {
                ops.add(b.build());
            }
            if (bumpSerial) {
                ops.add(curator.transactionOp().setData().forPath(paths.config(), new byte[0])); // the serial
            }
            var results = curator.transaction().forOperations(ops);
            if (bumpSerial) {
                serial = results.get(results.size() - 1).getResultStat().getVersion();
            }
        } catch (KeeperException.BadVersionException e) {
            throw new FencedException();
        } catch (KeeperException.NodeExistsException e) {
            throw new PluginException(ErrorKind.EXISTS, "Configuration object already exists: " + e.getPath());
        } catch (Exception e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot write the configuration to ZooKeeper: " + e, e);
        }
    }
}
