package org.gnt.node.rpc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.gnt.bus.Json;
import org.gnt.bus.rpc.NodeCommand;
import org.gnt.node.plugins.PluginRegistry;
import org.gnt.plugins.disk.AttachedDisk;
import org.gnt.plugins.disk.DiskDriver;
import org.gnt.plugins.disk.DiskRef;
import org.gnt.plugins.hypervisor.Hypervisor;

/**
 * The node calls on running instances (Ganeti's backend reboot, balloon, migration, hotplug,
 * grow and console functions): each pairs the hypervisor call with what the disks need around it.
 */
final class RuntimeRpcs {
    private final PluginRegistry plugins;

    RuntimeRpcs(PluginRegistry plugins) {
        this.plugins = plugins;
    }

    /** The reply, or empty when {@code command} is not one of these calls. */
    Optional<JsonNode> execute(NodeCommand command) {
        if (command instanceof NodeCommand.InstanceReboot c) {
            hv(c.hypervisor(), h -> h.reboot(c.spec(), c.mode(), Duration.ofSeconds(c.timeoutSeconds())));
        } else if (command instanceof NodeCommand.InstanceResume c) {
            hv(c.hypervisor(), h -> h.resume(c.name()));
        } else if (command instanceof NodeCommand.InstanceBalloon c) {
            hv(c.hypervisor(), h -> h.setMemory(c.name(), c.memoryMib()));
        } else if (command instanceof NodeCommand.MigrationInfo c) {
            return Optional.of(TextNode.valueOf(plugins.with(Hypervisor.class, c.hypervisor(),
                    h -> h.migrationInfo(c.name()))));
        } else if (command instanceof NodeCommand.AcceptInstance c) {
            List<AttachedDisk> disks = assemble(c.diskDriver(), c.disks());
            try {
                hv(c.hypervisor(), h -> h.acceptIncoming(c.spec(), disks, c.info(), c.address(), c.port()));
            } catch (RuntimeException e) {
                release(c.diskDriver(), c.disks());
                throw e;
            }
        } else if (command instanceof NodeCommand.InstanceMigrate c) {
            hv(c.hypervisor(), h -> h.migrate(c.spec(), c.address(), c.port(), c.live()));
        } else if (command instanceof NodeCommand.MigrationStatusQuery c) {
            return Optional.of(Json.tree(plugins.with(Hypervisor.class, c.hypervisor(),
                    h -> h.migrationStatus(c.name()))));
        } else if (command instanceof NodeCommand.MigrationCancel c) {
            hv(c.hypervisor(), h -> h.cancelMigration(c.name()));
        } else if (command instanceof NodeCommand.FinalizeMigrationDst c) {
            hv(c.hypervisor(), h -> h.finishIncoming(c.spec(), c.success()));
            if (!c.success()) {
                release(c.diskDriver(), c.disks());
            }
        } else if (command instanceof NodeCommand.FinalizeMigrationSrc c) {
            hv(c.hypervisor(), h -> h.finishOutgoing(c.spec(), c.success()));
            if (c.success()) {
                release(c.diskDriver(), c.disks());
            }
        } else if (command instanceof NodeCommand.HotplugDisk c) {
            hotplugDisk(c);
        } else if (command instanceof NodeCommand.HotplugNic c) {
            hv(c.hypervisor(), h -> {
                if (c.add()) {
                    h.hotAddNic(c.name(), c.nic());
                } else {
                    h.hotRemoveNic(c.name(), c.nic());
                }
            });
        } else if (command instanceof NodeCommand.DiskGrow c) {
            AttachedDisk grown = plugins.with(DiskDriver.class, c.driver(), d -> d.grow(c.ref(), c.amountMib()));
            if (c.hypervisor() != null && !c.hypervisor().isEmpty()) {
                hv(c.hypervisor(), h -> h.diskGrown(c.instanceName(), grown));
            }
            return Optional.of(Json.tree(grown));
        } else if (command instanceof NodeCommand.InstanceConsole c) {
            return Optional.of(Json.tree(plugins.with(Hypervisor.class, c.hypervisor(), h -> h.console(c.spec()))));
        } else if (command instanceof NodeCommand.DiskFind c) {
            return Optional.of(plugins.with(DiskDriver.class, c.driver(),
                    d -> d.find(c.ref()).<JsonNode>map(Json::tree).orElse(NullNode.instance)));
        } else {
            return Optional.empty();
        }
        return Optional.of(NullNode.instance);
    }

    private void hotplugDisk(NodeCommand.HotplugDisk c) {
        if (c.add()) {
            AttachedDisk disk = assemble(c.diskDriver(), List.of(c.disk())).get(0);
            try {
                hv(c.hypervisor(), h -> h.hotAddDisk(c.name(), disk));
            } catch (RuntimeException e) {
                release(c.diskDriver(), List.of(c.disk()));
                throw e;
            }
        } else {
            hv(c.hypervisor(), h -> h.hotRemoveDisk(c.name(), c.disk()));
            release(c.diskDriver(), List.of(c.disk()));
        }
    }

    private void hv(String name, java.util.function.Consumer<Hypervisor> call) {
        plugins.with(Hypervisor.class, name, h -> {
            call.accept(h);
            return null;
        });
    }

    List<AttachedDisk> assemble(String driver, List<DiskRef> refs) {
        if (refs.isEmpty()) {
            return List.of();
        }
        return plugins.with(DiskDriver.class, driver, d -> {
            List<AttachedDisk> out = new ArrayList<>();
            refs.forEach(r -> out.add(d.assemble(r)));
            return out;
        });
    }

    void release(String driver, List<DiskRef> refs) {
        if (refs.isEmpty()) {
            return;
        }
        plugins.with(DiskDriver.class, driver, d -> {
            refs.forEach(d::shutdown);
            return null;
        });
    }
}
