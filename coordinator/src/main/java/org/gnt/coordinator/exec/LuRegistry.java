package org.gnt.coordinator.exec;

import java.util.Map;

import org.gnt.bus.opcode.OpClusterVerifyConfig;
import org.gnt.bus.opcode.OpClusterVerifyGroup;
import org.gnt.bus.opcode.OpClusterDestroy;
import org.gnt.bus.opcode.OpClusterRedistConf;
import org.gnt.bus.opcode.OpClusterRename;
import org.gnt.bus.opcode.OpClusterSetParams;
import org.gnt.bus.opcode.OpCode;
import org.gnt.bus.opcode.OpGroupAdd;
import org.gnt.bus.opcode.OpGroupAssignNodes;
import org.gnt.bus.opcode.OpGroupRemove;
import org.gnt.bus.opcode.OpGroupRename;
import org.gnt.bus.opcode.OpGroupSetParams;
import org.gnt.bus.opcode.OpGroupVerifyDisks;
import org.gnt.bus.opcode.OpInstanceCreate;
import org.gnt.bus.opcode.OpInstanceRemove;
import org.gnt.bus.opcode.OpInstanceShutdown;
import org.gnt.bus.opcode.OpInstanceMigrate;
import org.gnt.bus.opcode.OpInstanceFailover;
import org.gnt.bus.opcode.OpInstanceReboot;
import org.gnt.bus.opcode.OpInstanceSetParams;
import org.gnt.bus.opcode.OpInstanceGrowDisk;
import org.gnt.bus.opcode.OpInstanceConsole;
import org.gnt.bus.opcode.OpInstanceStartup;
import org.gnt.bus.opcode.OpNetworkAdd;
import org.gnt.bus.opcode.OpNetworkConnect;
import org.gnt.bus.opcode.OpNetworkDisconnect;
import org.gnt.bus.opcode.OpNetworkRemove;
import org.gnt.bus.opcode.OpNetworkSetParams;
import org.gnt.bus.opcode.OpNodeAdd;
import org.gnt.bus.opcode.OpNodeRemove;
import org.gnt.bus.opcode.OpNodeSetParams;
import org.gnt.bus.opcode.OpTagsDel;
import org.gnt.bus.opcode.OpTagsSet;
import org.gnt.bus.opcode.OpTestDelay;
import org.gnt.coordinator.lu.LuClusterVerifyConfig;
import org.gnt.coordinator.lu.LuClusterVerifyGroup;
import org.gnt.coordinator.lu.LuGroupVerifyDisks;
import org.gnt.coordinator.lu.LuClusterSetParams;
import org.gnt.coordinator.lu.LuInstanceCreate;
import org.gnt.coordinator.lu.LuInstanceRemove;
import org.gnt.coordinator.lu.LuInstanceShutdown;
import org.gnt.coordinator.lu.LuInstanceMigrate;
import org.gnt.coordinator.lu.LuInstanceFailover;
import org.gnt.coordinator.lu.LuInstanceReboot;
import org.gnt.coordinator.lu.LuInstanceSetParams;
import org.gnt.coordinator.lu.LuInstanceGrowDisk;
import org.gnt.coordinator.lu.LuInstanceConsole;
import org.gnt.coordinator.lu.LuInstanceStartup;
import org.gnt.coordinator.lu.LuNodeAdd;
import org.gnt.coordinator.lu.LuNodeRemove;
import org.gnt.coordinator.lu.LuNodeSetParams;
import org.gnt.coordinator.lu.LuTestDelay;
import org.gnt.coordinator.lu.cluster.LuClusterDestroy;
import org.gnt.coordinator.lu.cluster.LuClusterRedistConf;
import org.gnt.coordinator.lu.cluster.LuClusterRename;
import org.gnt.coordinator.lu.group.LuGroupAdd;
import org.gnt.coordinator.lu.group.LuGroupAssignNodes;
import org.gnt.coordinator.lu.group.LuGroupRemove;
import org.gnt.coordinator.lu.group.LuGroupRename;
import org.gnt.coordinator.lu.group.LuGroupSetParams;
import org.gnt.coordinator.lu.network.LuNetworkAdd;
import org.gnt.coordinator.lu.network.LuNetworkConnect;
import org.gnt.coordinator.lu.network.LuNetworkDisconnect;
import org.gnt.coordinator.lu.network.LuNetworkRemove;
import org.gnt.coordinator.lu.network.LuNetworkSetParams;
import org.gnt.coordinator.lu.tags.LuTagsDel;
import org.gnt.coordinator.lu.tags.LuTagsSet;

/** Which logical unit executes which opcode (Ganeti's mcpu dispatch table). */
public final class LuRegistry {
    private static final Map<Class<? extends OpCode>, LogicalUnit<?>> UNITS = Map.ofEntries(
            Map.entry(OpNodeSetParams.class, new LuNodeSetParams()),
            Map.entry(OpNodeRemove.class, new LuNodeRemove()),
            Map.entry(OpClusterSetParams.class, new LuClusterSetParams()),
            Map.entry(OpClusterRename.class, new LuClusterRename()),
            Map.entry(OpClusterRedistConf.class, new LuClusterRedistConf()),
            Map.entry(OpClusterDestroy.class, new LuClusterDestroy()),
            Map.entry(OpTestDelay.class, new LuTestDelay()),
            Map.entry(OpNodeAdd.class, new LuNodeAdd()),
            Map.entry(OpInstanceCreate.class, new LuInstanceCreate()),
            Map.entry(OpInstanceStartup.class, new LuInstanceStartup()),
            Map.entry(OpInstanceShutdown.class, new LuInstanceShutdown()),
            Map.entry(OpInstanceRemove.class, new LuInstanceRemove()),
            Map.entry(OpClusterVerifyConfig.class, new LuClusterVerifyConfig()),
            Map.entry(OpClusterVerifyGroup.class, new LuClusterVerifyGroup()),
            Map.entry(OpGroupVerifyDisks.class, new LuGroupVerifyDisks()),
            Map.entry(OpGroupAdd.class, new LuGroupAdd()),
            Map.entry(OpGroupRemove.class, new LuGroupRemove()),
            Map.entry(OpGroupRename.class, new LuGroupRename()),
            Map.entry(OpGroupAssignNodes.class, new LuGroupAssignNodes()),
            Map.entry(OpGroupSetParams.class, new LuGroupSetParams()),
            Map.entry(OpTagsSet.class, new LuTagsSet()),
            Map.entry(OpTagsDel.class, new LuTagsDel()),
            Map.entry(OpNetworkAdd.class, new LuNetworkAdd()),
            Map.entry(OpNetworkRemove.class, new LuNetworkRemove()),
            Map.entry(OpNetworkSetParams.class, new LuNetworkSetParams()),
            Map.entry(OpNetworkConnect.class, new LuNetworkConnect()),
            Map.entry(OpNetworkDisconnect.class, new LuNetworkDisconnect()),
            Map.entry(OpInstanceMigrate.class, new LuInstanceMigrate()),
            Map.entry(OpInstanceFailover.class, new LuInstanceFailover()),
            Map.entry(OpInstanceReboot.class, new LuInstanceReboot()),
            // instance modification, disk grow, console
            Map.entry(OpInstanceSetParams.class, new LuInstanceSetParams()),
            Map.entry(OpInstanceGrowDisk.class, new LuInstanceGrowDisk()),
            Map.entry(OpInstanceConsole.class, new LuInstanceConsole()));

    private LuRegistry() {
    }

    @SuppressWarnings("unchecked")
    public static <T extends OpCode> LogicalUnit<T> unitFor(T op) {
        LogicalUnit<?> lu = UNITS.get(op.getClass());
        if (lu == null) {
            throw new IllegalStateException("no logical unit for " + op.getClass().getSimpleName());
        }
        return (LogicalUnit<T>) lu;
    }
}
