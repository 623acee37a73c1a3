package org.gnt.coordinator;

import java.time.Duration;
import java.util.Optional;

import org.apache.curator.framework.CuratorFramework;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.TopicAdmin;
import org.gnt.bus.filter.FilterView;
import org.gnt.bus.view.ArchiveView;
import org.gnt.bus.view.ConfigView;
import org.gnt.bus.view.JobView;
import org.gnt.bus.view.NodeStateView;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.election.CoordinatorPresence;
import org.gnt.coordinator.election.MasterElection;
import org.gnt.coordinator.jobs.JobArchiver;
import org.gnt.coordinator.jobs.JobQueue;
import org.gnt.coordinator.rpc.NodeRpcClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One coordinator process: joins the election and, while master, runs the job queue with the
 * config store, node RPC client and node inventory it needs. Every candidate runs this; only the
 * elected one executes jobs.
 */
public final class Coordinator implements MasterElection.MasterRole, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);

    private final BusConfig cfg;
    private final String id;
    private final Optional<String> node;
    private final int maxRunning;
    private final CuratorFramework curator;
    private final MasterElection election;
    private ConfigView mirror;
    private CoordinatorPresence presence;
    private volatile boolean lastTakeoverFromMirror;
    private NodeStateView inventory;
    private JobView jobView;
    private ArchiveView archive;
    private FilterView filters;
    private JobArchiver archiver;
    private NodeRpcClient rpc;
    private org.gnt.coordinator.election.FailoverWatch failover;
    private volatile JobQueue queue;
    private volatile ConfigStore store;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();

    /** An unbound coordinator: always in the election (tests, configs without {@code --node}). */
    public Coordinator(BusConfig cfg, String id, int maxRunning) {
        this(cfg, id, Optional.empty(), maxRunning);
    }

    /** A coordinator bound to {@code node}: in the election only while that node may be master. */
    public Coordinator(BusConfig cfg, String id, Optional<String> node, int maxRunning) {
        this.cfg = cfg;
        this.id = id;
        this.node = node;
        this.maxRunning = maxRunning;
        JobArchiver.ageOf(cfg); // a bad gnt.conf value fails here, not at takeover
        this.curator = BusClients.curator(cfg);
        this.election = new MasterElection(curator, cfg.paths(), id, this);
    }

    public Coordinator start() throws Exception {
        if (!curator.blockUntilConnected(30, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("cannot connect to ZooKeeper at " + cfg.zkConnect());
        }
        // a standby keeps the views a master needs warm, so a takeover does not start from cold
        TopicAdmin.ensureClusterTopics(cfg);
        mirror = new ConfigView(curator, cfg.paths()).start();
        inventory = new NodeStateView(cfg).start();
        jobView = new JobView(cfg).start();
        archive = ArchiveView.statusesOnly(cfg).start();
        filters = new FilterView(curator, cfg.paths()).start();
        rpc = new NodeRpcClient(cfg, curator);
        failover = new org.gnt.coordinator.election.FailoverWatch(curator, cfg.paths(), id, this::isMaster,
                election::relaunch).start();
        // joins the election (or not) from its node's role; an unbound coordinator joins at once
        presence = new CoordinatorPresence(curator, cfg.paths(), id, node, mirror, election).start();
        return this;
    }

    public boolean isMaster() {
        return queue != null;
    }

    public String id() {
        return id;
    }

    public Optional<String> node() {
        return node;
    }

    /** Whether this coordinator takes part in the master election now. */
    public boolean inElection() {
        return election.inElection();
    }

    /** The warm config mirror every coordinator keeps, master or standby. */
    public ConfigView configMirror() {
        return mirror;
    }

    /** The master's config copy, while master. */
    public Optional<ConfigStore> configStore() {
        ConfigStore s = store;
        return queue == null || s == null ? Optional.empty() : Optional.of(s);
    }

    /** Whether the last takeover started from the warm mirror (no cold read of the config). */
    public boolean lastTakeoverFromMirror() {
        return lastTakeoverFromMirror;
    }

    @Override
    public synchronized void becameMaster(int epoch) throws Exception {
        Optional<ConfigStore> store = ConfigStore.fromMirror(curator, cfg.paths(), epoch, mirror);
        while (store.isEmpty() && election.isMaster() && !closed) {
            LOG.info("cluster not initialised yet; master {} waits", id);
            Thread.sleep(500);
            store = ConfigStore.fromMirror(curator, cfg.paths(), epoch, mirror);
        }
        if (store.isEmpty() || !election.isMaster() || closed) {
            return;
        }
        inventory.awaitCaughtUp(Duration.ofSeconds(30));
        if (!filters.awaitInitialized(Duration.ofSeconds(30))) {
            throw new IllegalStateException("the job filter rules could not be read from ZooKeeper");
        }
        JobQueue q = new JobQueue(cfg, store.get(), rpc, inventory, maxRunning);
        q.onLostAuthority(election::relaunch);
        try {
            q.start(jobView, archive, filters);
        } catch (Exception e) {
            q.close();
            throw e;
        }
        this.store = store.get();
        lastTakeoverFromMirror = store.get().fromMirror();
        queue = q;
        archiver = new JobArchiver(cfg, jobView).start();
        LOG.info("master {} (epoch {}) accepts jobs; config from {}", id, epoch,
                lastTakeoverFromMirror ? "the warm mirror" : "a full read");
    }

    @Override
    public synchronized void lostMastership() {
        if (archiver != null) {
            archiver.close();
            archiver = null;
        }
        JobQueue q = queue;
        queue = null;
        store = null;
        if (q != null) {
            q.close();
        }
    }

    @Override
    public void close() throws Exception {
        if (closing.getAndSet(true)) {
            return;
        }
        closed = true;
        if (presence != null) {
            presence.close(); // first, so it does not rejoin the election while we close
        }
        lostMastership();
        election.close();
        for (AutoCloseable c : new AutoCloseable[]{mirror, failover, rpc, filters, archive, jobView, inventory}) {
            if (c != null) {
                c.close();
            }
        }
        curator.close();
    }
}
