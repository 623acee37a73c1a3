package org.gnt.coordinator.lu.cluster;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.gnt.bus.opcode.OpClusterRedistConf;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockLevel;
import org.gnt.coordinator.locks.LockRequest;

/**
 * OP_CLUSTER_REDIST_CONF (LUClusterRedistConf). Ganeti pushes the master's config files to the
 * nodes; here the config lives in ZooKeeper and nodes read it there, so the master pushes its own
 * copy of every object back to ZooKeeper ({@link ConfigStore#rewriteAll}): a znode edited behind the
 * master's back gets the master's value again, and every reader's cache sees a change event. The
 * whole config is locked (as Ganeti's BGL) so no job changes an object while it is written back.
 */
public final class LuClusterRedistConf implements LogicalUnit<OpClusterRedistConf> {
    @Override
    public List<LockRequest> locks(OpClusterRedistConf op, ConfigStore config) {
        return Locks.everything(config);
    }

    @Override
    public void checkPrereq(OpClusterRedistConf op, LuContext ctx) {
    }

    @Override
    public JsonNode exec(OpClusterRedistConf op, LuContext ctx) {
        int n = ctx.config().rewriteAll();
        ctx.log("Wrote " + n + " configuration objects back to ZooKeeper");
        return NullNode.instance;
    }
}
