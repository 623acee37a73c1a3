package org.gnt.coordinator.lu;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.bus.Json;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.opcode.OpNodeSetParams;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockLevel;
import org.gnt.coordinator.locks.LockRequest;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * OP_NODE_SET_PARAMS with Ganeti's role rules (LUNodeSetParams). A node leaving the master
 * candidate pool is refused when the pool would be short, unless {@code auto_promote} lets other
 * nodes be promoted in the same config transaction; the pool is never left empty, because the
 * master coordinator runs on a candidate. A node coming back from drained or offline promotes
 * itself when the pool is short. The result is Ganeti's list of {@code [parameter, new value]}.
 */
public final class LuNodeSetParams implements LogicalUnit<OpNodeSetParams> {
    /** What the opcode will do: the node as it will be, the nodes promoted, and the change list. */
    private record Plan(NodeConfig node, List<NodeConfig> promoted, List<List<String>> changes) {
    }

    @Override
    public List<LockRequest> locks(OpNodeSetParams op, ConfigStore config) {
        // a role change may promote any other node, so role changes are serialised cluster-wide
        return List.of(LockRequest.exclusive(LockLevel.CLUSTER, "cluster"),
                LockRequest.exclusive(LockLevel.NODE, op.nodeName()));
    }

    @Override
    public void checkPrereq(OpNodeSetParams op, LuContext ctx) {
        Plan p = plan(op, ctx.config());
        NodeConfig old = LuSupport.node(ctx.config(), op.nodeName());
        if (old.offline() && !p.node().offline()) {
            // as Ganeti: a node is only taken back online when its node service answers
            try {
                ctx.nodeInfoEvenIfOffline(old.name(), Duration.ofSeconds(30));
            } catch (PluginException e) {
                throw new PluginException(ErrorKind.STATE, "Node " + old.name()
                        + " is being de-offlined but fails to respond: " + e.getMessage());
            }
        }
    }

    @Override
    public JsonNode exec(OpNodeSetParams op, LuContext ctx) {
        Plan p = plan(op, ctx.config());
        List<NodeConfig> writes = new ArrayList<>(p.promoted());
        writes.add(0, p.node());
        ctx.config().updateNodes(writes);
        for (NodeConfig n : p.promoted()) {
            ctx.log("Promoted node " + n.name() + " to master candidate");
        }
        return Json.tree(p.changes());
    }

    private static Plan plan(OpNodeSetParams op, ConfigStore cfg) {
        NodeConfig old = LuSupport.node(cfg, op.nodeName());
        if (op.nodeUuid() != null && !op.nodeUuid().equals(old.uuid())) {
            throw new PluginException(ErrorKind.INVAL, "Node '" + op.nodeName() + "' has UUID " + old.uuid()
                    + ", not the node_uuid " + op.nodeUuid() + " given");
        }
        List<List<String>> changes = new ArrayList<>();
        Instant now = Instant.now();
        boolean masterCapable = op.masterCapable() != null ? op.masterCapable() : old.masterCapable();
        boolean vmCapable = op.vmCapable() != null ? op.vmCapable() : old.vmCapable();
        if (Boolean.TRUE.equals(op.masterCandidate()) && !masterCapable) {
            throw new PluginException(ErrorKind.STATE, "Node " + old.name()
                    + " is not master capable, cannot make it master candidate");
        }
        if (op.vmCapable() != null && !vmCapable && old.vmCapable() && !primaries(cfg, old).isEmpty()) {
            throw new PluginException(ErrorKind.STATE, "Node " + old.name() + " hosts instances ("
                    + String.join(", ", primaries(cfg, old)) + "), cannot unset vm_capable");
        }
        String role = newRole(op, old, masterCapable);
        String sip = secondaryIp(op, cfg, old);
        Map<String, Object> nd = op.ndparams() == null ? old.ndparams() : NdParams.merge(old.ndparams(), op.ndparams());
        NodeConfig next = new NodeConfig(old.v(), old.uuid(), old.name(), old.primaryIp(), sip, old.group(),
                role.equals("C"), role.equals("D"), role.equals("O"), masterCapable, vmCapable, old.ctime(), now, nd,
                old.tags());
        int pool = cfg.cluster().candidatePoolSize();
        Set<String> self = Set.of(old.uuid());
        List<NodeConfig> promoted = List.of();
        if (old.masterCandidate() && !next.masterCandidate()) {
            MasterCandidates.Stats rest = MasterCandidates.stats(withNode(cfg, next), pool, self);
            if (rest.now() < rest.should() && !op.autoPromote()) {
                throw new PluginException(ErrorKind.STATE, "Not enough master candidates (" + rest.now()
                        + " would remain, the pool wants " + rest.should() + "), please pass auto promote option to"
                        + " allow promotion (--auto-promote or RAPI auto_promote=True)");
            }
            promoted = op.autoPromote() ? MasterCandidates.promotions(withNode(cfg, next), pool, self, now) : List.of();
            if (rest.now() + promoted.size() == 0) {
                throw new PluginException(ErrorKind.STATE, "Node " + old.name() + " is the last master candidate and"
                        + " no other node can become one; the master coordinator needs a candidate to run on");
            }
            if (op.masterCandidate() == null) {
                changes.add(List.of("master_candidate", "auto-demotion due to " + reason(op, role)));
            }
        } else if (!old.masterCandidate() && role.equals("R") && !old.role().equals("R")
                && op.masterCandidate() == null && MasterCandidates.canBeCandidate(next)) {
            // back from drained/offline: Ganeti's _DecideSelfPromotion
            MasterCandidates.Stats with = MasterCandidates.stats(withNode(cfg, next), pool, Set.of());
            if (with.now() < with.should()) {
                next = next.withRole("C", now);
                changes.add(List.of("master_candidate", "auto-promotion"));
            }
        }
        addChanges(op, old, next, changes);
        return new Plan(next, promoted, changes);
    }

    /** The role after the change: C, D, O or R (Ganeti's _ROLE_* decision). */
    private static String newRole(OpNodeSetParams op, NodeConfig old, boolean masterCapable) {
        if (Boolean.TRUE.equals(op.masterCandidate())) {
            return "C";
        }
        if (Boolean.TRUE.equals(op.drained())) {
            return "D";
        }
        if (Boolean.TRUE.equals(op.offline())) {
            return "O";
        }
        boolean leaves = (Boolean.FALSE.equals(op.masterCandidate()) && old.masterCandidate())
                || (Boolean.FALSE.equals(op.drained()) && old.drained())
                || (Boolean.FALSE.equals(op.offline()) && old.offline())
                || (!masterCapable && old.masterCandidate());
        return leaves ? "R" : old.role();
    }

    private static String reason(OpNodeSetParams op, String role) {
        return switch (role) {
            case "D" -> "drain";
            case "O" -> "offline";
            default -> Boolean.FALSE.equals(op.masterCapable()) ? "not master capable" : "demotion";
        };
    }

    private static String secondaryIp(OpNodeSetParams op, ConfigStore cfg, NodeConfig old) {
        if (op.secondaryIp() == null || op.secondaryIp().equals(old.secondaryIp())) {
            return old.secondaryIp();
        }
        for (NodeConfig n : cfg.nodes()) {
            boolean sameNode = n.uuid().equals(old.uuid());
            if ((!sameNode && op.secondaryIp().equals(n.primaryIp())) || (!sameNode && op.secondaryIp().equals(n.secondaryIp()))) {
                throw new PluginException(ErrorKind.NOTUNIQUE, "Secondary IP " + op.secondaryIp()
                        + " is already used by node " + n.name());
            }
        }
        return op.secondaryIp();
    }

    private static void addChanges(OpNodeSetParams op, NodeConfig old, NodeConfig next, List<List<String>> changes) {
        flag(changes, "master_candidate", op.masterCandidate(), old.masterCandidate(), next.masterCandidate());
        flag(changes, "drained", op.drained(), old.drained(), next.drained());
        flag(changes, "offline", op.offline(), old.offline(), next.offline());
        flag(changes, "master_capable", op.masterCapable(), old.masterCapable(), next.masterCapable());
        flag(changes, "vm_capable", op.vmCapable(), old.vmCapable(), next.vmCapable());
        if (!Objects.equals(old.secondaryIp(), next.secondaryIp())) {
            changes.add(List.of("secondary_ip", next.secondaryIp()));
        }
        if (op.ndparams() != null) {
            changes.add(List.of("ndparams", Json.tree(next.ndparams()).toString()));
        }
    }

    /** Ganeti lists a flag that was asked for, and one switched off as a side effect of another role. */
    private static void flag(List<List<String>> changes, String name, Boolean asked, boolean was, boolean is) {
        boolean listed = changes.stream().anyMatch(c -> c.get(0).equals(name));
        if (!listed && (asked != null || was != is)) {
            changes.add(List.of(name, is ? "True" : "False"));
        }
    }

    private static List<NodeConfig> withNode(ConfigStore cfg, NodeConfig changed) {
        List<NodeConfig> all = new ArrayList<>();
        for (NodeConfig n : cfg.nodes()) {
            all.add(n.uuid().equals(changed.uuid()) ? changed : n);
        }
        return all;
    }

    static List<String> primaries(ConfigStore cfg, NodeConfig node) {
        return cfg.instances().stream().filter(i -> node.uuid().equals(i.primaryNode())).map(i -> i.name()).sorted()
                .toList();
    }
}
