package org.gnt.coordinator.lu.cluster;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.gnt.bus.config.ClusterConfig;
import org.gnt.bus.opcode.OpClusterRename;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.locks.LockLevel;
import org.gnt.coordinator.locks.LockRequest;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * OP_CLUSTER_RENAME (LUClusterRename): the display name only. gnt has no master IP to move, so the
 * name must differ (Ganeti refuses when neither name nor IP changes). The cluster id (ZooKeeper tree,
 * Kafka topic prefix) and the RAPI certificate stay as they are. The result is the new name.
 */
public final class LuClusterRename implements LogicalUnit<OpClusterRename> {
    @Override
    public List<LockRequest> locks(OpClusterRename op, ConfigStore config) {
        return List.of(LockRequest.exclusive(LockLevel.CLUSTER, "cluster"));
    }

    @Override
    public void checkPrereq(OpClusterRename op, LuContext ctx) {
        if (ctx.resumed() && ctx.config().cluster().name().equals(op.name())) {
            return; // renamed by the run that died
        }
        if (ctx.config().cluster().name().equals(op.name())) {
            throw new PluginException(ErrorKind.INVAL, "Neither the name nor the IP address of the cluster has"
                    + " changed: the cluster is already called '" + op.name() + "'");
        }
    }

    @Override
    public JsonNode exec(OpClusterRename op, LuContext ctx) {
        ClusterConfig c = ctx.config().cluster();
        if (!c.name().equals(op.name())) {
            ctx.config().updateCluster(c.toBuilder().name(op.name()).mtime(Instant.now()).build());
            ctx.log("Cluster " + c.name() + " renamed to " + op.name());
        }
        return TextNode.valueOf(op.name());
    }
}
