package org.gnt.node.rpc;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.gnt.bus.Json;
import org.gnt.bus.rpc.NodeCommand;
import org.gnt.node.inventory.Inventory;
import org.gnt.node.plugins.PluginRegistry;
import org.gnt.plugins.disk.AttachedDisk;
import org.gnt.plugins.disk.DiskDriver;
import org.gnt.plugins.hypervisor.Hypervisor;
import org.gnt.plugins.os.OsContext;
import org.gnt.plugins.os.OsProvider;

/** Executes node RPCs against the plugins (Ganeti's backend.py): one case per {@link NodeCommand}. */
public final class RpcDispatcher {
    private final PluginRegistry plugins;
    private final Inventory inventory;
    private final RuntimeRpcs runtime;

    public RpcDispatcher(PluginRegistry plugins, Inventory inventory) {
        this.plugins = plugins;
        this.inventory = inventory;
        this.runtime = new RuntimeRpcs(plugins);
    }

    public JsonNode execute(NodeCommand command) {
        Optional<JsonNode> onRunning = runtime.execute(command);
        if (onRunning.isPresent()) {
            return onRunning.get();
        }
        if (command instanceof NodeCommand.NodeInfo) {
            return Json.tree(inventory.snapshot());
        } else if (command instanceof NodeCommand.TestDelay c) {
            return delay(c.seconds());
        } else if (command instanceof NodeCommand.DiskCreate c) {
            return Json.tree(plugins.with(DiskDriver.class, c.driver(), d -> d.create(c.spec(), c.sizeMib())));
        } else if (command instanceof NodeCommand.DiskRemove c) {
            plugins.with(DiskDriver.class, c.driver(), d -> {
                d.remove(c.ref());
                return null;
            });
        } else if (command instanceof NodeCommand.OsCreate c) {
            List<String> paths = runtime.assemble(c.diskDriver(), c.disks()).stream().map(AttachedDisk::path).toList();
            String name = c.os().contains("+") ? c.os().substring(0, c.os().indexOf('+')) : c.os();
            String variant = c.os().contains("+") ? c.os().substring(c.os().indexOf('+') + 1) : "";
            plugins.with(OsProvider.class, name, os -> {
                os.create(new OsContext(c.instanceName(), variant, c.hypervisor(), paths, c.osParams()), false);
                return null;
            });
        } else if (command instanceof NodeCommand.InstanceStart c) {
            List<AttachedDisk> disks = runtime.assemble(c.diskDriver(), c.disks());
            plugins.with(Hypervisor.class, c.hypervisor(), h -> {
                h.start(c.spec(), disks, c.paused());
                return null;
            });
        } else if (command instanceof NodeCommand.InstanceStop c) {
            plugins.with(Hypervisor.class, c.hypervisor(), h -> {
                h.stop(c.spec(), c.mode(), Duration.ofSeconds(c.timeoutSeconds()));
                h.cleanup(c.spec().name());
                return null;
            });
            runtime.release(c.diskDriver(), c.disks());
        } else if (command instanceof NodeCommand.InstanceInfo c) {
            return plugins.with(Hypervisor.class, c.hypervisor(),
                    h -> h.info(c.name()).<JsonNode>map(Json::tree).orElse(NullNode.instance));
        } else {
            throw new IllegalArgumentException("unknown node command " + command.getClass().getSimpleName());
        }
        return NullNode.instance;
    }

    private static JsonNode delay(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return NullNode.instance;
    }
}
