package org.gnt.coordinator.lu;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.gnt.bus.config.DiskConfig;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NicConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.rpc.NodeCommand;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.hypervisor.NicSpec;

/**
 * Hotplug calls for one instance, each a step, remembering what was plugged in so a later
 * failure can take it out again ({@link #undo}); what was unplugged is only reported.
 */
final class Devices {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private final LuContext ctx;
    private final NodeConfig node;
    private final InstanceConfig instance;
    private final boolean required;
    private final List<Runnable> undo = new ArrayList<>();
    private final List<String> unplugged = new ArrayList<>();

    Devices(LuContext ctx, NodeConfig node, InstanceConfig instance, boolean required) {
        this.ctx = ctx;
        this.node = node;
        this.instance = instance;
        this.required = required;
    }

    /** True for {@code hotplug} (a failure is an error), false for {@code hotplug_if_possible}. */
    boolean hotplugRequired() {
        return required;
    }

    List<String> unplugged() {
        return List.copyOf(unplugged);
    }

    void addDisk(DiskConfig d) {
        ctx.log("Hotplugging disk " + d.ref().id() + " into " + instance.name());
        ctx.rpcStep("hotplug-disk-add-" + d.uuid(), node.name(), disk(d, true), TIMEOUT);
        undo.add(() -> ctx.rpcStep("undo-hotplug-disk-add-" + d.uuid(), node.name(), disk(d, false), TIMEOUT));
    }

    void removeDisk(DiskConfig d) {
        ctx.log("Hot-removing disk " + d.index() + " from " + instance.name());
        ctx.rpcStep("hotplug-disk-remove-" + d.uuid(), node.name(), disk(d, false), TIMEOUT);
        unplugged.add("disk/" + d.index());
    }

    void addNic(NicConfig n, int index) {
        NicSpec spec = InstanceNics.spec(ctx.config().cluster(), n, index);
        ctx.log("Hotplugging NIC " + spec.mac() + " into " + instance.name());
        ctx.rpcStep("hotplug-nic-add-" + n.uuid(), node.name(), nic(spec, true), TIMEOUT);
        undo.add(() -> ctx.rpcStep("undo-hotplug-nic-add-" + n.uuid(), node.name(), nic(spec, false), TIMEOUT));
    }

    void removeNic(NicConfig n, int index) {
        NicSpec spec = InstanceNics.spec(ctx.config().cluster(), n, index);
        ctx.log("Hot-removing NIC " + spec.mac() + " from " + instance.name());
        ctx.rpcStep("hotplug-nic-remove-" + n.uuid(), node.name(), nic(spec, false), TIMEOUT);
        unplugged.add("nic." + index);
    }

    /** Takes out what was plugged in, newest first; a failure is logged, not thrown. */
    void undo() {
        for (int k = undo.size() - 1; k >= 0; k--) {
            try {
                undo.get(k).run();
            } catch (ConfigStore.FencedException e) {
                throw e;
            } catch (PluginException e) {
                ctx.log("WARNING: could not unplug a device added to " + instance.name() + ": " + e.getMessage());
            }
        }
        undo.clear();
    }

    private NodeCommand disk(DiskConfig d, boolean add) {
        return new NodeCommand.HotplugDisk(instance.hypervisor(), instance.name(), add, instance.diskTemplate(), d.ref());
    }

    private NodeCommand nic(NicSpec spec, boolean add) {
        return new NodeCommand.HotplugNic(instance.hypervisor(), instance.name(), add, spec);
    }
}
