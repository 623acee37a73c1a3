package org.gnt.coordinator.election;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.gnt.bus.Json;
import org.gnt.bus.ZkPaths;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.election.CoordinatorRecord;
import org.gnt.bus.view.ConfigView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ties a coordinator to its node's role and tells the cluster about it. Every 200 ms it reads the
 * warm config mirror (memory only) and
 * <ul>
 * <li>keeps the coordinator in the master election exactly while {@link #wantsElection} holds:
 *     a bound coordinator whose node is demoted, drained or offlined leaves (a master steps
 *     down), one whose node is promoted joins; an unbound one always takes part;</li>
 * <li>keeps its registration ({@code ZkPaths.coordinator(id)}, an ephemeral znode that Curator's
 *     {@link PersistentNode} recreates after a session loss) up to date: id, bound node, in the
 *     election or not, and the config serial its mirror has reached. Written only on change.</li>
 * </ul>
 * Polling the in-memory mirror keeps this free of callbacks into the cache's event thread.
 */
public final class CoordinatorPresence implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorPresence.class);

    private final ZkPaths paths;
    private final String id;
    private final Optional<String> node;
    private final ConfigView mirror;
    private final MasterElection election;
    private final PersistentNode registration;
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "coordinator-presence");
        t.setDaemon(true);
        return t;
    });
    private CoordinatorRecord written;
    /** Whether this process has seen its node in the config: once seen, its absence means removed. */
    private boolean nodeSeen;

    public CoordinatorPresence(CuratorFramework curator, ZkPaths paths, String id, Optional<String> node,
                               ConfigView mirror, MasterElection election) {
        this.paths = paths;
        this.id = id;
        this.node = node;
        this.mirror = mirror;
        this.election = election;
        this.registration = new PersistentNode(curator, CreateMode.EPHEMERAL, false, paths.coordinator(id),
                Json.bytes(record(false)));
    }

    /**
     * The rule: unbound → always; bound → while the node is a master candidate, or while the node
     * is not in the config yet (bootstrap: the first master must run before nodes can be added,
     * and a node being added is not a candidate yet). A node this process has seen and that is
     * gone was removed: out. A candidate is never drained or offline.
     */
    public static boolean wantsElection(Optional<String> node, ConfigView mirror, boolean nodeSeen) {
        if (node.isEmpty()) {
            return true;
        }
        Optional<NodeConfig> n = mirror.node(node.get());
        if (n.isEmpty()) {
            return !nodeSeen;
        }
        return n.get().masterCandidate() && !n.get().offline() && !n.get().drained();
    }

    public CoordinatorPresence start() throws Exception {
        registration.start();
        if (!registration.waitForInitialCreate(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("cannot register coordinator " + id + " at " + paths.coordinator(id));
        }
        ticks.scheduleWithFixedDelay(this::tick, 0, 200, TimeUnit.MILLISECONDS);
        return this;
    }

    private CoordinatorRecord record(boolean inElection) {
        return new CoordinatorRecord(CoordinatorRecord.VERSION, id, node.orElse(null), inElection, mirror.serial(),
                Instant.now());
    }

    private void tick() {
        try {
            // a bound coordinator decides only on a loaded mirror (else a known non-candidate would look unknown)
            if (node.isPresent() && !mirror.awaitInitialized(0)) {
                return;
            }
            nodeSeen |= node.isPresent() && mirror.node(node.get()).isPresent();
            boolean want = wantsElection(node, mirror, nodeSeen);
            if (want && !election.inElection()) {
                LOG.info("coordinator {} joins the master election (node {} is a master candidate or not in the"
                        + " config yet)", id, node.orElse("-"));
                election.join();
            } else if (!want && election.inElection()) {
                LOG.info("coordinator {} leaves the master election: node {} is no longer a master candidate"
                        + " (or was removed)", id, node.orElse("-"));
                election.leave();
            }
            CoordinatorRecord now = record(election.inElection());
            if (!now.sameAs(written)) {
                registration.setData(Json.bytes(now));
                written = now;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("coordinator {}: presence update failed; retrying", id, e);
        }
    }

    @Override
    public void close() throws Exception {
        ticks.shutdownNow();
        ticks.awaitTermination(5, TimeUnit.SECONDS);
        registration.close();
    }
}
