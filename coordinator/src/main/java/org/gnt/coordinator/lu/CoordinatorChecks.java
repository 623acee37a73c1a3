package org.gnt.coordinator.lu;

import java.util.List;
import java.util.Optional;

import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.election.CoordinatorRecord;
import org.gnt.coordinator.config.ConfigStore;

/**
 * The master-candidate part of cluster verify: every candidate node has a coordinator bound to it,
 * no coordinator in the election is bound to a node that may not be master, and every
 * coordinator's config mirror has reached the master's config serial. Reads the coordinators'
 * registrations ({@code ZkPaths.coordinators()}).
 */
final class CoordinatorChecks {
    /** How long a mirror may take to show the master's last commit before it counts as behind. */
    private static final long MIRROR_GRACE_MILLIS = 5000;

    private CoordinatorChecks() {
    }

    static void verify(ConfigStore cfg, VerifyReport r) {
        r.section("Verifying master candidates have coordinators");
        long serial = cfg.serial();
        List<CoordinatorRecord> coords = settled(cfg, serial);
        for (NodeConfig n : cfg.nodes()) {
            if (n.masterCandidate() && coords.stream().noneMatch(c -> c.boundNode().equals(Optional.of(n.name())))) {
                r.error("ECLUSTERCFG", "node", n.name(), "master candidate has no coordinator running bound to it");
            }
        }
        for (CoordinatorRecord c : coords) {
            if (c.boundNode().isPresent()) {
                String name = c.boundNode().get();
                Optional<NodeConfig> n = cfg.nodeByName(name);
                if (n.isEmpty()) {
                    r.error("ECLUSTERCFG", "node", name, "coordinator " + c.id()
                            + " is bound to this node, which is not in the cluster");
                } else if (!n.get().masterCandidate() && c.inElection()) {
                    r.error("ECLUSTERCFG", "node", name, "coordinator " + c.id()
                            + " takes part in the master election but the node is not a master candidate");
                } else if (!n.get().masterCandidate()) {
                    r.warning("ECLUSTERCFG", "node", name, "coordinator " + c.id()
                            + " is bound to this node, which is not a master candidate; it stays out of the election");
                }
            }
            if (c.configSerial() < serial) {
                r.error("ECLUSTERCFG", c.boundNode().isPresent() ? "node" : "cluster",
                        c.boundNode().orElse(cfg.cluster().name()), "coordinator " + c.id()
                        + "'s config mirror is behind: serial " + c.configSerial() + ", the master is at " + serial);
            }
        }
    }

    /** The registrations, re-read for a few seconds while some mirror has not shown the master's last commit yet. */
    private static List<CoordinatorRecord> settled(ConfigStore cfg, long serial) {
        long end = System.currentTimeMillis() + MIRROR_GRACE_MILLIS;
        List<CoordinatorRecord> coords = cfg.coordinators();
        while (coords.stream().anyMatch(c -> c.configSerial() < serial) && System.currentTimeMillis() < end) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            coords = cfg.coordinators();
        }
        return coords;
    }
}
