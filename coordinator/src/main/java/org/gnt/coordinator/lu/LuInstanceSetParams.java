package org.gnt.coordinator.lu;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.bus.Json;
import org.gnt.bus.config.DiskConfig;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NicConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.opcode.OpInstanceSetParams;
import org.gnt.bus.rpc.NodeCommand;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockRequest;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.disk.DiskRef;
import org.gnt.plugins.disk.DiskSpec;
import org.gnt.plugins.hypervisor.RuntimeInstance;

/**
 * OP_INSTANCE_SET_PARAMS: parameter changes are config changes checked like create's; runtime
 * memory balloons the running guest; NICs and disks are added and removed, plugged into or out of
 * a running guest with {@code hotplug}. Order: balloon, create new disks, hotplug, commit, delete
 * removed disks. A failure before the commit undoes the hotplugs and new disks and writes nothing.
 * The result is Ganeti's list of {@code [parameter, new value]} pairs.
 */
public final class LuInstanceSetParams implements LogicalUnit<OpInstanceSetParams> {
    private static final Duration RPC_TIMEOUT = Duration.ofMinutes(5);
    /** The config write, a step so a resumed job knows it happened (see exec). */
    private static final String COMMIT = "commit";

    @Override
    public List<LockRequest> locks(OpInstanceSetParams op, ConfigStore config) {
        return InstanceLocks.instanceAndPrimary(op.instanceName(), config, false);
    }

    /** What checkPrereq found, recomputed identically by exec. */
    private record Checked(InstanceConfig instance, NodeConfig node, InstanceChanges plan,
                           Optional<RuntimeInstance> runtime, Long balloonTo, boolean hotplug) {
        boolean running() {
            return runtime.map(r -> r.state() == RuntimeInstance.RunState.RUNNING
                    || r.state() == RuntimeInstance.RunState.PAUSED).orElse(false);
        }
    }

    @Override
    public void checkPrereq(OpInstanceSetParams op, LuContext ctx) {
        if (!ctx.stepDone(COMMIT)) {
            check(op, ctx);
        }
    }

    private Checked check(OpInstanceSetParams op, LuContext ctx) {
        InstanceConfig i = LuSupport.instance(ctx.config(), op.instanceName());
        NodeConfig node = LuSupport.primaryNode(ctx.config(), i);
        LuSupport.requireOnline(node);
        InstanceChanges plan = InstanceChanges.plan(op, ctx, i, LuSupport.inventory(ctx, node));
        Optional<RuntimeInstance> rt = InstanceRuntime.query(ctx, node, i);
        boolean running = rt.map(r -> r.state() == RuntimeInstance.RunState.RUNNING
                || r.state() == RuntimeInstance.RunState.PAUSED).orElse(false);
        Map<String, Object> be = LuSupport.filledBeparams(ctx.config().cluster(), plan.beparams());
        long min = LuSupport.toLong(be.get("minmem"));
        long max = LuSupport.toLong(be.get("maxmem"));
        Long balloon = null;
        if (op.runtimeMem() != null) {
            if (!running) {
                throw new PluginException(ErrorKind.STATE, "Instance " + i.name()
                        + " is not running, its runtime memory cannot be changed");
            }
            if ((op.runtimeMem() < min || op.runtimeMem() > max) && !op.force()) {
                throw new PluginException(ErrorKind.INVAL, "Instance " + i.name() + " must have memory between "
                        + min + " and " + max + " MB of memory unless --force is given");
            }
            balloon = op.runtimeMem();
        } else if (running && rt.get().memoryMib() > max) {
            // a lower maxmem shrinks the running guest now; a higher one waits for the next start
            balloon = max;
        }
        if (running && !plan.disksRemoved().isEmpty() && !op.hotplug() && !op.hotplugIfPossible()) {
            throw new PluginException(ErrorKind.STATE, "Instance " + i.name() + " is running: removing a disk"
                    + " needs --hotplug (or stop the instance first)");
        }
        return new Checked(i, node, plan, rt, balloon, running && (op.hotplug() || op.hotplugIfPossible()));
    }

    @Override
    public JsonNode exec(OpInstanceSetParams op, LuContext ctx) {
        if (ctx.stepDone(COMMIT)) {
            // resumed after the commit: the plan cannot be recomputed from the changed config, the
            // commit step recorded what is left (deleting the removed disks) and the result
            JsonNode done = ctx.step(COMMIT, () -> null);
            InstanceConfig i = LuSupport.instance(ctx.config(), op.instanceName());
            List<DiskConfig> removed = new ArrayList<>();
            done.path("removed").forEach(d -> removed.add(Json.MAPPER.convertValue(d, DiskConfig.class)));
            removeDisks(ctx, new Checked(i, LuSupport.primaryNode(ctx.config(), i), null, Optional.empty(), null,
                    false), removed, "");
            return done.path("result");
        }
        Checked c = check(op, ctx);
        InstanceConfig i = c.instance();
        InstanceChanges plan = c.plan();
        List<List<Object>> result = new ArrayList<>();
        if (c.balloonTo() != null) {
            ctx.log("Setting the runtime memory of " + i.name() + " to " + c.balloonTo() + " MiB");
            ctx.rpcStep("balloon", c.node().name(), new NodeCommand.InstanceBalloon(i.hypervisor(), i.name(),
                    c.balloonTo()), RPC_TIMEOUT);
            if (op.runtimeMem() != null) {
                result.add(List.of("runtime_memory", c.balloonTo()));
            }
        }
        List<DiskConfig> created = createDisks(ctx, c);
        Devices devices = new Devices(ctx, c.node(), i, op.hotplug());
        boolean hotplugged = false;
        if (c.hotplug() && plan.devicesChange()) {
            try {
                hotplugged = plug(ctx, c, devices, created);
            } catch (ConfigStore.FencedException e) {
                throw e;
            } catch (PluginException e) {
                devices.undo();
                removeDisks(ctx, c, created, "undo-");
                throw new PluginException(e.kind(), "Hotplug failed, nothing was changed"
                        + (devices.unplugged().isEmpty() ? "" : " (these devices were unplugged and stay so until the"
                        + " next restart: " + String.join(", ", devices.unplugged()) + ")") + ": " + e.getMessage());
            }
        }
        if (c.running() && plan.devicesChange() && !hotplugged) {
            ctx.log("The device changes of " + i.name() + " take effect at its next restart");
        }
        if (c.running() && (!op.hvparams().isEmpty() || !op.beparams().isEmpty())) {
            ctx.log("The parameter changes of running instance " + i.name() + " take effect at its next restart");
        }
        InstanceConfig after = withCreatedRefs(plan.after(Instant.now()), created);
        describe(op, c, ctx.config().cluster(), after, created, result);
        try {
            ctx.step(COMMIT, () -> {
                ctx.config().updateInstance(after);
                var rec = Json.MAPPER.createObjectNode();
                rec.set("result", Json.tree(result));
                rec.set("removed", Json.tree(plan.disksRemoved()));
                return rec;
            });
        } catch (ConfigStore.FencedException e) {
            throw e;
        } catch (PluginException e) {
            devices.undo();
            removeDisks(ctx, c, created, "undo-");
            throw e;
        }
        removeDisks(ctx, c, plan.disksRemoved(), "");
        return Json.tree(result);
    }

    private static List<DiskConfig> createDisks(LuContext ctx, Checked c) {
        List<DiskConfig> made = new ArrayList<>();
        InstanceConfig i = c.instance();
        for (int k = 0; k < c.plan().disksAdded().size(); k++) {
            DiskConfig d = c.plan().disksAdded().get(k);
            ctx.log("Creating disk (" + d.sizeMib() + " MiB) of " + i.name() + " on " + c.node().name());
            try {
                JsonNode ref = ctx.rpcStep("disk-add-" + k, c.node().name(), new NodeCommand.DiskCreate(
                        i.diskTemplate(), new DiskSpec(i.name(), d.uuid(), d.index(), Map.of("mode", d.mode())),
                        d.sizeMib()), RPC_TIMEOUT);
                made.add(new DiskConfig(d.uuid(), d.name(), d.index(), d.sizeMib(), d.mode(),
                        Json.MAPPER.convertValue(ref, DiskRef.class)));
            } catch (ConfigStore.FencedException e) {
                throw e;
            } catch (PluginException e) {
                removeDisks(ctx, c, made, "undo-");
                throw new PluginException(e.kind(), "Could not create the new disk of " + i.name()
                        + ", nothing was changed: " + e.getMessage());
            }
        }
        return made;
    }

    /** Plugs new devices in and removed ones out; false when the hypervisor cannot (hotplug_if_possible). */
    private static boolean plug(LuContext ctx, Checked c, Devices devices, List<DiskConfig> created) {
        InstanceChanges plan = c.plan();
        try {
            for (DiskConfig d : created) {
                devices.addDisk(d);
            }
            for (NicConfig n : plan.nicsAdded()) {
                devices.addNic(n, plan.nics().indexOf(n));
            }
            for (NicConfig n : plan.nicsRemoved()) {
                devices.removeNic(n, c.instance().nics().indexOf(n));
            }
            for (DiskConfig d : plan.disksRemoved()) {
                devices.removeDisk(d);
            }
            return true;
        } catch (PluginException e) {
            if (devices.hotplugRequired() || e.kind() != ErrorKind.INVAL || !e.getMessage().contains("not support")) {
                throw e;
            }
            devices.undo();
            if (!plan.disksRemoved().isEmpty()) {
                throw new PluginException(ErrorKind.STATE, "Instance " + c.instance().name() + " is running and its"
                        + " hypervisor cannot unplug disks: stop it to remove a disk (" + e.getMessage() + ")");
            }
            ctx.log("WARNING: hotplug is not possible (" + e.getMessage() + "); the changes take effect at the"
                    + " next restart");
            return false;
        }
    }

    private static void removeDisks(LuContext ctx, Checked c, List<DiskConfig> disks, String prefix) {
        for (DiskConfig d : disks) {
            try {
                ctx.rpcStep(prefix + "disk-remove-" + d.uuid(), c.node().name(),
                        new NodeCommand.DiskRemove(c.instance().diskTemplate(), d.ref()), RPC_TIMEOUT);
            } catch (ConfigStore.FencedException e) {
                throw e;
            } catch (PluginException e) {
                ctx.log("WARNING: could not remove disk " + d.ref().id() + " of " + c.instance().name() + " on "
                        + c.node().name() + ", it is left behind: " + e.getMessage());
            }
        }
    }

    private static InstanceConfig withCreatedRefs(InstanceConfig after, List<DiskConfig> created) {
        List<DiskConfig> disks = new ArrayList<>();
        for (DiskConfig d : after.disks()) {
            DiskConfig made = created.stream().filter(m -> m.uuid().equals(d.uuid())).findFirst().orElse(null);
            disks.add(made == null ? d : new DiskConfig(d.uuid(), d.name(), d.index(), d.sizeMib(), d.mode(), made.ref()));
        }
        return new InstanceConfig(after.v(), after.uuid(), after.name(), after.primaryNode(), after.os(),
                after.hypervisor(), after.hvparams(), after.beparams(), after.osparams(), after.diskTemplate(), disks,
                after.nics(), after.adminState(), after.adminStateSource(), after.tags(), after.ctime(), after.mtime(),
                after.serial(), after.secondaryNodes());
    }

    /** Ganeti's result pairs: {@code hv/NAME}, {@code be/NAME}, {@code os/NAME}, {@code nic.N}, {@code disk/N}. */
    private static void describe(OpInstanceSetParams op, Checked c, org.gnt.bus.config.ClusterConfig cluster,
                                 InstanceConfig after, List<DiskConfig> created,
                                 List<List<Object>> out) {
        op.hvparams().keySet().forEach(k -> out.add(pair("hv/" + k, after.hvparams().getOrDefault(k, "default"))));
        op.beparams().keySet().forEach(k -> out.add(pair("be/" + k, k.equals("memory")
                ? after.beparams().getOrDefault("maxmem", "default") : after.beparams().getOrDefault(k, "default"))));
        op.osparams().keySet().forEach(k -> out.add(pair("os/" + k, after.osparams().getOrDefault(k, "default"))));
        if (op.osName() != null) {
            out.add(pair("os_name", after.os()));
        }
        if (op.offline() != null) {
            out.add(pair("admin_state", after.adminState()));
        }
        for (NicConfig n : c.plan().nicsRemoved()) {
            out.add(pair("nic." + c.instance().nics().indexOf(n), "remove"));
        }
        for (NicConfig n : c.plan().nicsAdded()) {
            int idx = after.nics().indexOf(n);
            var spec = InstanceNics.spec(cluster, n, idx);
            String ip = n.ip() == null || n.ip().isEmpty() ? "None" : n.ip(); // as Ganeti prints a missing ip
            out.add(pair("nic." + idx, "add:mac=" + n.mac() + ",ip=" + ip + ",mode=" + spec.mode()
                    + ",link=" + spec.link()));
        }
        for (DiskConfig d : c.plan().disksRemoved()) {
            out.add(pair("disk/" + d.index(), "remove"));
        }
        for (DiskConfig d : created) {
            int idx = after.disks().stream().filter(x -> x.uuid().equals(d.uuid())).findFirst()
                    .map(DiskConfig::index).orElse(-1);
            out.add(pair("disk/" + idx, "add:size=" + d.sizeMib() + ",mode=" + d.mode()));
        }
    }

    private static List<Object> pair(String k, Object v) {
        return java.util.Arrays.asList(k, Objects.requireNonNullElse(v, "None"));
    }
}
