package org.gnt.coordinator.lu;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.gnt.bus.Json;
import org.gnt.bus.config.ClusterConfig;
import org.gnt.bus.config.DiskConfig;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NicConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.opcode.OpCodes;
import org.gnt.bus.opcode.OpInstanceCreate;
import org.gnt.bus.rpc.NodeCommand;
import org.gnt.bus.state.NodeState;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockLevel;
import org.gnt.coordinator.locks.LockRequest;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.ParamSpec;
import org.gnt.plugins.ParamType;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.disk.DiskRef;
import org.gnt.plugins.disk.DiskSpec;

/**
 * OP_INSTANCE_CREATE (mode create): creates the disks on the primary node, installs the OS,
 * commits the instance, and starts it unless told not to. A failure before the commit removes
 * the disks it made; a failed start leaves the instance in the config, stopped, and says so.
 */
public final class LuInstanceCreate implements LogicalUnit<OpInstanceCreate> {
    /** Backend parameters (Ganeti's BES_PARAMETER_TYPES); {@code memory} is the legacy min=max key. */
    static final List<ParamSpec> BEPARAMS = List.of(
            new ParamSpec("memory", ParamType.SIZE_MIB, null, "sets minmem and maxmem"),
            new ParamSpec("minmem", ParamType.SIZE_MIB, null, ""),
            new ParamSpec("maxmem", ParamType.SIZE_MIB, null, ""),
            new ParamSpec("vcpus", ParamType.INT, null, ""),
            new ParamSpec("auto_balance", ParamType.BOOL, null, ""),
            new ParamSpec("always_failover", ParamType.BOOL, null, ""),
            new ParamSpec("spindle_use", ParamType.INT, null, ""));
    private static final Duration RPC_TIMEOUT = Duration.ofMinutes(5);

    @Override
    public List<LockRequest> locks(OpInstanceCreate op, ConfigStore config) {
        List<LockRequest> l = new ArrayList<>();
        l.add(LockRequest.exclusive(LockLevel.INSTANCE, op.instanceName()));
        if (op.pnode() != null) {
            l.add(LockRequest.shared(LockLevel.NODE, op.pnode()));
        }
        return l;
    }

    @Override
    public void checkPrereq(OpInstanceCreate op, LuContext ctx) {
        ConfigStore cfg = ctx.config();
        ClusterConfig cluster = cfg.cluster();
        var existing = cfg.instanceByName(op.instanceName());
        if (existing.isPresent() && !(ctx.resumed() && existing.get().uuid().equals(ctx.stableUuid("instance")))) {
            throw new PluginException(ErrorKind.EXISTS, "Instance '" + op.instanceName() + "' is already in the cluster");
        }
        String hv = hypervisor(op, cluster);
        if (!cluster.enabledDiskTemplates().contains(op.diskTemplate())) {
            throw new PluginException(ErrorKind.STATE, "Disk template '" + op.diskTemplate()
                    + "' is not enabled in cluster. Enabled disk templates are: "
                    + String.join(",", cluster.enabledDiskTemplates()));
        }
        Map<String, Object> be = ParamSpec.check(BEPARAMS, op.beparams());
        for (String k : List.of("memory", "minmem", "maxmem", "vcpus")) {
            if (be.get(k) != null && (Long) be.get(k) <= 0) {
                throw new PluginException(ErrorKind.INVAL, "Backend parameter " + k + " must be positive, got " + be.get(k));
            }
        }
        Object minmem = be.getOrDefault("minmem", be.get("memory"));
        Object maxmem = be.getOrDefault("maxmem", be.get("memory"));
        if (minmem != null && maxmem != null && (Long) minmem > (Long) maxmem) {
            throw new PluginException(ErrorKind.INVAL, "Backend parameter minmem (" + minmem
                    + ") is greater than maxmem (" + maxmem + ")");
        }
        NodeConfig pnode = primary(op, ctx);
        NodeState inv = LuSupport.inventory(ctx, pnode);
        LuSupport.checkParams(inv, "hv:" + hv, op.hvparams(), "Hypervisor");
        if (!op.diskTemplate().equals("diskless") && !inv.parameters().containsKey("disk:" + op.diskTemplate())) {
            throw new PluginException(ErrorKind.STATE, "Node '" + pnode.name() + "' has no storage driver for '"
                    + op.diskTemplate() + "'");
        }
        if (!inv.oses().contains(osName(op))) {
            throw new PluginException(ErrorKind.INVAL, "OS '" + op.osType()
                    + "' not in supported OS list for primary node " + pnode.name());
        }
    }

    private static String osName(OpInstanceCreate op) {
        return op.osType().contains("+") ? op.osType().substring(0, op.osType().indexOf('+')) : op.osType();
    }

    private static String hypervisor(OpInstanceCreate op, ClusterConfig cluster) {
        String hv = op.hypervisor() != null ? op.hypervisor() : cluster.enabledHypervisors().get(0);
        if (!cluster.enabledHypervisors().contains(hv)) {
            throw new PluginException(ErrorKind.STATE, "Selected hypervisor (" + hv + ") not enabled in the cluster ("
                    + String.join(",", cluster.enabledHypervisors()) + ")");
        }
        return hv;
    }

    /** The given primary node, or the usable node with the most free memory (a stand-in for hail). */
    private static NodeConfig primary(OpInstanceCreate op, LuContext ctx) {
        if (op.pnode() != null) {
            NodeConfig n = LuSupport.node(ctx.config(), op.pnode());
            LuSupport.requireOnline(n);
            if (n.drained()) {
                throw new PluginException(ErrorKind.STATE, "Cannot use drained node " + n.name() + " for new instances");
            }
            if (!n.vmCapable()) {
                throw new PluginException(ErrorKind.STATE, "Cannot use non-vm_capable node " + n.name());
            }
            return n;
        }
        return ctx.config().nodes().stream()
                .filter(n -> !n.offline() && !n.drained() && n.vmCapable())
                .filter(n -> ctx.inventory().get(n.name()).isPresent())
                .max(Comparator.comparingLong(n -> freeMemory(ctx.inventory().get(n.name()).get())))
                .orElseThrow(() -> new PluginException(ErrorKind.NORES, "No usable node to place the instance on"));
    }

    private static long freeMemory(NodeState s) {
        return s.hypervisors().values().stream().mapToLong(r -> r.memoryFreeMib()).max().orElse(0);
    }

    @Override
    public JsonNode exec(OpInstanceCreate op, LuContext ctx) {
        ConfigStore cfg = ctx.config();
        ClusterConfig cluster = cfg.cluster();
        String uuid = ctx.stableUuid("instance");
        InstanceConfig inst = cfg.instance(uuid).orElse(null);
        NodeConfig pnode;
        if (inst == null) {
            // placement is a step: a resumed create continues on the node its first run chose
            String chosen = ctx.step("place", () -> TextNode.valueOf(primary(op, ctx).name())).asText();
            pnode = LuSupport.node(cfg, chosen);
            Map<String, Object> hv = LuSupport.checkParams(LuSupport.inventory(ctx, pnode),
                    "hv:" + hypervisor(op, cluster), op.hvparams(), "Hypervisor");
            inst = build(op, ctx, cluster, pnode, uuid, hv);
            createDisks(ctx, pnode, inst);
            if (!Boolean.TRUE.equals(op.noInstall())) {
                installOs(op, ctx, pnode, inst);
            }
            try {
                cfg.addInstance(inst);
            } catch (ConfigStore.FencedException e) {
                throw e; // deposed: the next master resumes with these disks
            } catch (PluginException e) {
                removeDisks(ctx, pnode, inst, true);
                throw e;
            }
        } else {
            pnode = LuSupport.primaryNode(cfg, inst);
            ctx.log("Instance " + inst.name() + " was committed before the master changed; continuing");
        }
        if (op.startAfterCreate() && !"up".equals(inst.adminState())) {
            ctx.log("Starting instance " + inst.name() + " on node " + pnode.name());
            try {
                InstanceConfig started = inst;
                ctx.rpcStep("start", pnode.name(), new NodeCommand.InstanceStart(started.hypervisor(),
                        LuSupport.spec(cluster, started), started.diskTemplate(), LuSupport.diskRefs(started), false),
                        RPC_TIMEOUT);
            } catch (ConfigStore.FencedException e) {
                throw e;
            } catch (PluginException e) {
                throw new PluginException(e.kind(), "Instance " + inst.name()
                        + " was created but could not be started (it is in the configuration, stopped): " + e.getMessage());
            }
            cfg.updateInstance(inst.withAdminState("up", "admin", Instant.now()));
        } else if (Boolean.TRUE.equals(op.noInstall()) && op.start()) {
            ctx.log("No-installation mode selected, disabling startup");
        }
        return Json.tree(List.of(pnode.name()));
    }

    private static InstanceConfig build(OpInstanceCreate op, LuContext ctx, ClusterConfig cluster, NodeConfig pnode,
                                        String uuid, Map<String, Object> hvparams) {
        List<DiskConfig> disks = new ArrayList<>();
        for (int i = 0; i < op.disks().size(); i++) {
            Map<String, Object> d = op.disks().get(i);
            String diskUuid = ctx.stableUuid("disk" + i);
            disks.add(new DiskConfig(diskUuid, (String) d.get("name"), i, OpCodes.sizeMib(d.get("size")),
                    (String) d.get("mode"), new DiskRef(op.diskTemplate(), op.instanceName() + "/disk" + i)));
        }
        List<NicConfig> nics = new ArrayList<>();
        java.util.Set<String> macs = InstanceNics.usedMacs(ctx.config());
        for (int i = 0; i < op.nics().size(); i++) {
            Map<String, Object> n = op.nics().get(i);
            String nicUuid = ctx.stableUuid("nic" + i);
            String mac = InstanceNics.macFor(n.get("mac"), nicUuid, macs, "nics/" + i + "/mac");
            macs.add(mac);
            nics.add(new NicConfig(nicUuid, str(n.get("name")), mac,
                    str(n.get("ip")), str(n.get("mode")), str(n.get("link")), str(n.get("network"))));
        }
        Map<String, Object> be = new LinkedHashMap<>(ParamSpec.check(BEPARAMS, op.beparams()));
        Object memory = be.remove("memory");
        if (memory != null) {
            be.put("minmem", memory);
            be.put("maxmem", memory);
        }
        Instant now = Instant.now();
        return new InstanceConfig(InstanceConfig.VERSION, uuid, op.instanceName(), pnode.uuid(), op.osType(),
                hypervisor(op, cluster), hvparams, be, op.osparams(), op.diskTemplate(), disks, nics, "down",
                "admin", op.tags(), now, now, 1);
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    /** One step per disk; when one fails, the disks made so far (by this run or an earlier master's) go. */
    private static void createDisks(LuContext ctx, NodeConfig pnode, InstanceConfig inst) {
        for (DiskConfig d : inst.disks()) {
            String step = "disk-create-" + d.index();
            if (!ctx.stepDone(step)) {
                ctx.log("Creating disk " + d.index() + " (" + d.sizeMib() + " MiB) on " + pnode.name());
            }
            try {
                ctx.rpcStep(step, pnode.name(), new NodeCommand.DiskCreate(inst.diskTemplate(),
                        new DiskSpec(inst.name(), d.uuid(), d.index(), Map.of("mode", d.mode())), d.sizeMib()),
                        RPC_TIMEOUT);
            } catch (ConfigStore.FencedException e) {
                throw e;
            } catch (PluginException e) {
                for (DiskConfig made : inst.disks()) {
                    if (ctx.stepDone("disk-create-" + made.index())) {
                        removeDisk(ctx, pnode, inst, made, true);
                    }
                }
                throw e;
            }
        }
    }

    private static void installOs(OpInstanceCreate op, LuContext ctx, NodeConfig pnode, InstanceConfig inst) {
        ctx.log("Running the OS create scripts of '" + op.osType() + "' for " + inst.name());
        try {
            Map<String, String> osp = new LinkedHashMap<>();
            op.osparams().forEach((k, v) -> osp.put(k, String.valueOf(v)));
            ctx.rpcStep("os-create", pnode.name(), new NodeCommand.OsCreate(op.osType(), inst.name(),
                    inst.hypervisor(), inst.diskTemplate(), LuSupport.diskRefs(inst), osp), RPC_TIMEOUT);
        } catch (ConfigStore.FencedException e) {
            throw e;
        } catch (PluginException e) {
            removeDisks(ctx, pnode, inst, true);
            throw new PluginException(e.kind(), "Could not add OS to instance " + inst.name() + ": " + e.getMessage());
        }
    }

    static void removeDisks(LuContext ctx, NodeConfig node, InstanceConfig inst, boolean quiet) {
        for (DiskConfig d : inst.disks()) {
            removeDisk(ctx, node, inst, d, quiet);
        }
    }

    private static void removeDisk(LuContext ctx, NodeConfig node, InstanceConfig inst, DiskConfig d, boolean quiet) {
        try {
            ctx.rpcStep("disk-remove-" + d.index(), node.name(), new NodeCommand.DiskRemove(inst.diskTemplate(),
                    d.ref()), RPC_TIMEOUT);
        } catch (ConfigStore.FencedException e) {
            throw e;
        } catch (PluginException e) {
            if (!quiet) {
                throw e;
            }
            ctx.log("Could not remove disk " + d.index() + " of " + inst.name() + " on " + node.name()
                    + ", it is left behind: " + e.getMessage());
        }
    }
}
