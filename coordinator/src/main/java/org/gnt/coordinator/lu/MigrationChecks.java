package org.gnt.coordinator.lu;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.bus.config.DiskConfig;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.rpc.NodeCommand;
import org.gnt.bus.state.NodeState;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockLevel;
import org.gnt.coordinator.locks.LockRequest;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.hypervisor.NodeResources;

/**
 * What migrate and failover share (Ganeti's TLMigrateInstance prerequisites): which templates may
 * move, and whether the target node can take the instance.
 */
final class MigrationChecks {
    /** Templates whose disks every node reaches (Ganeti's DTS_EXT_MIRROR). */
    static final Set<String> EXTERNALLY_MIRRORED = Set.of("sharedfile", "ext", "rbd", "blockdev", "gluster");
    /** The port a hypervisor without {@code migration_port} is told to use (Ganeti's HT_MIGRATION_PORT default). */
    static final int DEFAULT_MIGRATION_PORT = 8102;

    private MigrationChecks() {
    }

    /** The instance exclusively, its primary and the target node (when it exists) exclusively. */
    static List<LockRequest> locks(String instance, String target, ConfigStore cfg) {
        List<LockRequest> l = new ArrayList<>(InstanceLocks.instanceAndPrimary(instance, cfg, true));
        if (target != null && cfg.nodeByName(target).isPresent()
                && l.stream().noneMatch(r -> r.level() == LockLevel.NODE && r.name().equals(target))) {
            l.add(LockRequest.exclusive(LockLevel.NODE, target));
        }
        return l;
    }

    /** Refuses templates that cannot move without copying disks; {@code what} is "migrations" or "failovers". */
    static void requireMovableTemplate(InstanceConfig i, String what) {
        if (!EXTERNALLY_MIRRORED.contains(i.diskTemplate())) {
            throw new PluginException(ErrorKind.STATE, "Instance's disk layout '" + i.diskTemplate()
                    + "' does not allow " + what);
        }
    }

    /**
     * The target node: given (there is no iallocator yet), known, not the primary, usable for
     * instances. {@code needMemory} checks its free memory against the instance's maxmem.
     */
    static NodeConfig target(LuContext ctx, InstanceConfig i, String targetName, String iallocator,
                             boolean needMemory) {
        if (targetName == null) {
            throw new PluginException(ErrorKind.INVAL, iallocator == null
                    ? "No target node given: pass target_node (gnt has no iallocator yet)"
                    : "Iallocator '" + iallocator + "' is not supported yet: pass target_node");
        }
        NodeConfig target = LuSupport.node(ctx.config(), targetName);
        if (target.uuid().equals(i.primaryNode())) {
            throw new PluginException(ErrorKind.INVAL, "Instance '" + i.name() + "' is already on node '"
                    + target.name() + "'; the target must be another node");
        }
        if (target.offline()) {
            throw new PluginException(ErrorKind.STATE, "Target node '" + target.name() + "' is offline");
        }
        if (target.drained()) {
            throw new PluginException(ErrorKind.STATE, "Target node '" + target.name() + "' is drained");
        }
        if (!target.vmCapable()) {
            throw new PluginException(ErrorKind.STATE, "Target node '" + target.name() + "' is not vm_capable");
        }
        if (needMemory) {
            NodeState inv = LuSupport.inventory(ctx, target);
            NodeResources res = inv.hypervisors().get(i.hypervisor());
            if (res == null) {
                throw new PluginException(ErrorKind.STATE, "Hypervisor '" + i.hypervisor()
                        + "' is not available on node '" + target.name() + "'");
            }
            long needed = LuSupport.spec(ctx.config().cluster(), i).memoryMib();
            if (needed > res.memoryFreeMib()) {
                throw new PluginException(ErrorKind.NORES, "Not enough memory on node '" + target.name()
                        + "' for instance '" + i.name() + "': needed " + needed + " MiB, available "
                        + res.memoryFreeMib() + " MiB");
            }
        }
        return target;
    }

    /** Every disk of the instance must be reachable from the target (blockdev_find there). */
    static void requireDisksVisible(LuContext ctx, InstanceConfig i, NodeConfig target) {
        for (int n = 0; n < i.disks().size(); n++) {
            DiskConfig d = i.disks().get(n);
            JsonNode found = ctx.rpc(target.name(), new NodeCommand.DiskFind(i.diskTemplate(), d.ref()),
                    Duration.ofSeconds(30));
            if (found == null || found.isNull()) {
                throw new PluginException(ErrorKind.STATE, "Disk " + n + " (" + d.ref().id() + ") of instance '"
                        + i.name() + "' is not visible on node '" + target.name() + "'");
            }
        }
    }

    /** Where the target listens: its secondary IP, else its primary IP. */
    static String migrationAddress(NodeConfig target) {
        return target.secondaryIp() == null || target.secondaryIp().isBlank() ? target.primaryIp() : target.secondaryIp();
    }

    /** The filled hvparam {@code migration_port}, or {@link #DEFAULT_MIGRATION_PORT} when the hypervisor has none. */
    static int migrationPort(java.util.Map<String, Object> hv) {
        Object p = hv.get("migration_port");
        return p == null ? DEFAULT_MIGRATION_PORT : (int) LuSupport.toLong(p);
    }
}
