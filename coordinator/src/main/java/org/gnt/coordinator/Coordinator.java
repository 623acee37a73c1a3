package org.gnt.coordinator;

import java.time.Duration;
import java.util.Optional;

import org.apache.curator.framework.CuratorFramework;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.TopicAdmin;
import org.gnt.bus.view.NodeStateView;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.election.MasterElection;
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
    private final int maxRunning;
    private final CuratorFramework curator;
    private final MasterElection election;
    private volatile NodeStateView inventory;
    private volatile NodeRpcClient rpc;
    private volatile JobQueue queue;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();

    public Coordinator(BusConfig cfg, String id, int maxRunning) {
        this.cfg = cfg;
        this.id = id;
        this.maxRunning = maxRunning;
        this.curator = BusClients.curator(cfg);
        this.election = new MasterElection(curator, cfg.paths(), id, this);
    }

    public Coordinator start() throws Exception {
        if (!curator.blockUntilConnected(30, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("cannot connect to ZooKeeper at " + cfg.zkConnect());
        }
        election.start();
        return this;
    }

    public boolean isMaster() {
        return queue != null;
    }

    public String id() {
        return id;
    }

    @Override
    public synchronized void becameMaster(int epoch) throws Exception {
        Optional<ConfigStore> store = ConfigStore.load(curator, cfg.paths(), epoch);
        while (store.isEmpty() && election.isMaster() && !closed) {
            LOG.info("cluster not initialised yet; master {} waits", id);
            Thread.sleep(500);
            store = ConfigStore.load(curator, cfg.paths(), epoch);
        }
        if (store.isEmpty() || !election.isMaster() || closed) {
            return;
        }
        TopicAdmin.ensureClusterTopics(cfg);
        inventory = new NodeStateView(cfg).start();
        inventory.awaitCaughtUp(Duration.ofSeconds(30));
        rpc = new NodeRpcClient(cfg, curator);
        JobQueue q = new JobQueue(cfg, store.get(), rpc, inventory, maxRunning);
        q.start();
        queue = q;
        LOG.info("master {} (epoch {}) accepts jobs", id, epoch);
    }

    @Override
    public synchronized void lostMastership() {
        JobQueue q = queue;
        queue = null;
        if (q != null) {
            q.close();
        }
        if (rpc != null) {
            rpc.close();
            rpc = null;
        }
        if (inventory != null) {
            inventory.close();
            inventory = null;
        }
    }

    @Override
    public void close() throws Exception {
        if (closing.getAndSet(true)) {
            return;
        }
        closed = true;
        lostMastership();
        election.close();
        curator.close();
    }
}
