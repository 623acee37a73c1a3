package org.gnt.coordinator.lu;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.gnt.bus.config.NodeConfig;

/**
 * The master candidate pool (Ganeti's GetMasterCandidateStats / AdjustCandidatePool). The cluster
 * should have {@code min(candidate_pool_size, nodes able to be candidates)} candidates; a node can
 * be one when it is master capable and neither offline nor drained.
 */
final class MasterCandidates {
    private MasterCandidates() {
    }

    /** Candidates now and how many there should be, not counting the nodes in {@code except}. */
    record Stats(int now, int should) {
    }

    static Stats stats(Collection<NodeConfig> nodes, int poolSize, Set<String> except) {
        int now = 0;
        int possible = 0;
        for (NodeConfig n : nodes) {
            if (except.contains(n.uuid())) {
                continue;
            }
            now += n.masterCandidate() ? 1 : 0;
            possible += canBeCandidate(n) ? 1 : 0;
        }
        return new Stats(now, Math.min(possible, poolSize));
    }

    static boolean canBeCandidate(NodeConfig n) {
        return n.masterCapable() && !n.offline() && !n.drained();
    }

    /**
     * The regular nodes to promote (by name, for a stable choice) so the pool is full again, given
     * the nodes as they will be; nodes in {@code except} are neither counted nor promoted.
     */
    static List<NodeConfig> promotions(Collection<NodeConfig> nodes, int poolSize, Set<String> except, Instant now) {
        Stats s = stats(nodes, poolSize, except);
        List<NodeConfig> promoted = new ArrayList<>();
        nodes.stream().filter(n -> !except.contains(n.uuid()) && !n.masterCandidate() && canBeCandidate(n))
                .sorted(Comparator.comparing(NodeConfig::name))
                .limit(Math.max(0, s.should() - s.now()))
                .forEach(n -> promoted.add(n.withRole("C", now)));
        return promoted;
    }
}
