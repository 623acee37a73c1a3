package org.gnt.coordinator.lu;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.gnt.bus.config.ClusterConfig;
import org.gnt.bus.config.ClusterParams;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.opcode.OpClusterSetParams;
import org.gnt.bus.state.NodeState;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockLevel;
import org.gnt.coordinator.locks.LockRequest;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * OP_CLUSTER_SET_PARAMS (LUClusterSetParams) for what gnt's cluster object holds. Dictionaries are
 * merged into the current ones (a null value drops a key), lists replace. Refused: a backend
 * parameter Ganeti does not know, a hypervisor parameter the hypervisor's spec (published by the
 * nodes) does not know, disabling a hypervisor or disk template an instance still uses. Raising
 * candidate_pool_size promotes regular nodes in the same transaction (AdjustCandidatePool).
 * ipolicy, nicparams, diskparams and osparams follow {@link ClusterParams}: partial changes merge,
 * the result is complete and checked as a whole (std within min/max, ipolicy templates enabled).
 */
public final class LuClusterSetParams implements LogicalUnit<OpClusterSetParams> {
    /** Backend parameter name to kind: i = integer (sizes with units allowed for memory), b = boolean. */
    private static final Map<String, Character> BE_TYPES = Map.of("minmem", 'm', "maxmem", 'm', "memory", 'm',
            "vcpus", 'i', "spindle_use", 'i', "auto_balance", 'b', "always_failover", 'b');

    @Override
    public List<LockRequest> locks(OpClusterSetParams op, ConfigStore config) {
        return List.of(LockRequest.exclusive(LockLevel.CLUSTER, "cluster"));
    }

    @Override
    public void checkPrereq(OpClusterSetParams op, LuContext ctx) {
        updated(op, ctx);
    }

    @Override
    public JsonNode exec(OpClusterSetParams op, LuContext ctx) {
        ClusterConfig c = updated(op, ctx);
        List<NodeConfig> promoted = MasterCandidates.promotions(ctx.config().nodes(), c.candidatePoolSize(), Set.of(),
                Instant.now());
        ctx.config().updateCluster(c, promoted);
        promoted.forEach(n -> ctx.log("Promoted node " + n.name() + " to master candidate"));
        return NullNode.instance;
    }

    private static ClusterConfig updated(OpClusterSetParams op, LuContext ctx) {
        ConfigStore cfg = ctx.config();
        ClusterConfig c = cfg.cluster();
        List<String> hvs = op.enabledHypervisors() == null ? c.enabledHypervisors() : op.enabledHypervisors();
        List<String> dts = op.enabledDiskTemplates() == null ? c.enabledDiskTemplates() : op.enabledDiskTemplates();
        for (InstanceConfig i : cfg.instances()) {
            if (!hvs.contains(i.hypervisor())) {
                throw new PluginException(ErrorKind.STATE, "Cannot disable hypervisor '" + i.hypervisor()
                        + "', because instance " + i.name() + " uses it");
            }
            if (!dts.contains(i.diskTemplate())) {
                throw new PluginException(ErrorKind.STATE, "Cannot disable disk template '" + i.diskTemplate()
                        + "', because instance " + i.name() + " uses it");
            }
        }
        Map<String, Map<String, Object>> hv = new LinkedHashMap<>(c.hvparams());
        if (op.hvparams() != null) {
            for (var e : op.hvparams().entrySet()) {
                Map<String, Object> merged = merge(hv.getOrDefault(e.getKey(), Map.of()), e.getValue());
                hv.put(e.getKey(), checkHv(ctx, e.getKey(), merged));
            }
        }
        Map<String, Object> be = op.beparams() == null ? c.beparams() : checkBe(merge(c.beparams(), op.beparams()));
        ClusterConfig.Builder b = c.toBuilder().enabledHypervisors(hvs).enabledDiskTemplates(dts).hvparams(hv)
                .beparams(be).mtime(Instant.now());
        if (op.fileStorageDir() != null) {
            b.fileStorageDir(op.fileStorageDir());
        }
        if (op.defaultIallocator() != null) {
            b.defaultIallocator(op.defaultIallocator());
        }
        if (op.candidatePoolSize() != null) {
            b.candidatePoolSize(op.candidatePoolSize());
        }
        Map<String, Object> ipolicy = op.ipolicy() == null ? c.ipolicy()
                : ClusterParams.updatedIpolicy(c.ipolicy(), op.ipolicy());
        if (op.ipolicy() != null || op.enabledDiskTemplates() != null) {
            ClusterParams.checkIpolicyTemplates(ipolicy, dts);
        }
        b.ipolicy(ipolicy);
        if (op.nicparams() != null) {
            b.nicparams(ClusterParams.updatedNic(c.nicparams(), op.nicparams()));
        }
        if (op.diskparams() != null) {
            b.diskparams(ClusterParams.updatedDisk(c.diskparams(), op.diskparams()));
        }
        if (op.osparams() != null) {
            b.osparams(ClusterParams.updatedOs(c.osparams(), op.osparams()));
        }
        if (op.maintainNodeHealth() != null) {
            b.maintainNodeHealth(op.maintainNodeHealth());
        }
        return b.build();
    }

    private static Map<String, Object> merge(Map<String, Object> old, Map<String, Object> changes) {
        Map<String, Object> out = new LinkedHashMap<>(old);
        changes.forEach((k, v) -> {
            if (v == null) {
                out.remove(k);
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Checks against the first online node's spec for the hypervisor; without one, syntax is checked on use. */
    private static Map<String, Object> checkHv(LuContext ctx, String hypervisor, Map<String, Object> params) {
        for (NodeConfig n : ctx.config().nodes()) {
            NodeState inv = n.offline() ? null : ctx.inventory().get(n.name()).orElse(null);
            if (inv != null && inv.parameters().containsKey("hv:" + hypervisor)) {
                return LuSupport.checkParams(inv, "hv:" + hypervisor, params, "Hypervisor");
            }
        }
        ctx.log("No node publishes the parameters of hypervisor " + hypervisor + "; they are checked when used");
        return params;
    }

    private static Map<String, Object> checkBe(Map<String, Object> be) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : be.entrySet()) {
            Character kind = BE_TYPES.get(e.getKey());
            if (kind == null) {
                throw new PluginException(ErrorKind.INVAL, "Unknown backend parameter '" + e.getKey()
                        + "' in beparams (known: always_failover, auto_balance, maxmem, memory, minmem, spindle_use, vcpus)");
            }
            out.put(e.getKey(), value(e.getKey(), kind, e.getValue()));
        }
        Object memory = out.remove("memory"); // Ganeti's legacy key: minmem = maxmem = memory
        if (memory != null) {
            out.put("minmem", memory);
            out.put("maxmem", memory);
        }
        if (out.get("minmem") instanceof Long min && out.get("maxmem") instanceof Long max && min > max) {
            throw new PluginException(ErrorKind.INVAL, "Backend parameter minmem (" + min
                    + ") must not be greater than maxmem (" + max + ")");
        }
        return out;
    }

    private static Object value(String name, char kind, Object v) {
        if (kind == 'b') {
            if (v instanceof Boolean b) {
                return b;
            }
            if ("true".equalsIgnoreCase(String.valueOf(v)) || "false".equalsIgnoreCase(String.valueOf(v))) {
                return Boolean.parseBoolean(String.valueOf(v));
            }
            throw new PluginException(ErrorKind.INVAL, "Backend parameter '" + name + "' must be true or false, got '"
                    + v + "'");
        }
        Long n = kind == 'm' ? org.gnt.bus.opcode.OpCodes.sizeMib(v) : v instanceof Number x
                && x.doubleValue() == x.longValue() ? Long.valueOf(x.longValue()) : parse(String.valueOf(v));
        if (n == null || n < 0 || (name.equals("vcpus") && n < 1)) {
            throw new PluginException(ErrorKind.INVAL, "Backend parameter '" + name + "' must be "
                    + (kind == 'm' ? "a size (MiB, or with a unit)" : "a positive integer") + ", got '" + v + "'");
        }
        return n;
    }

    private static Long parse(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
