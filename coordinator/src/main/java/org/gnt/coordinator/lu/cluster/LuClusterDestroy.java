package org.gnt.coordinator.lu.cluster;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.gnt.bus.opcode.OpClusterDestroy;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * OP_CLUSTER_DESTROY (LUClusterDestroy): refused while instances exist or more than one node is
 * left (Ganeti keeps only the master node); otherwise the master removes the config tree and the
 * cluster's secrets in one fenced transaction ({@link ConfigStore#destroy}) and from then on refuses
 * every write. Job history (Kafka topics, the job id counter) stays, so job ids keep growing after
 * a new init. A run resumed by a new master fails instead of destroying what it finds. The result
 * is the destroyed cluster's name.
 */
public final class LuClusterDestroy implements LogicalUnit<OpClusterDestroy> {
    @Override
    public List<org.gnt.coordinator.locks.LockRequest> locks(OpClusterDestroy op, ConfigStore config) {
        return Locks.everything(config);
    }

    @Override
    public void checkPrereq(OpClusterDestroy op, LuContext ctx) {
        ConfigStore cfg = ctx.config();
        if (ctx.resumed()) {
            // a new master cannot tell whether the tree it reads is the old cluster's or one
            // initialised since: never destroy on resume, fail cleanly and let the admin re-run
            throw new PluginException(ErrorKind.STATE, "The destroy was interrupted by a change of master;"
                    + " check with gnt-cluster info and run it again if the cluster still exists");
        }
        int instances = cfg.instances().size();
        if (instances > 0) {
            throw new PluginException(ErrorKind.STATE, "There are still " + instances + " instance(s) in this"
                    + " cluster (" + String.join(", ", cfg.instances().stream().map(i -> i.name()).sorted().toList())
                    + "); remove them first");
        }
        int nodes = cfg.nodes().size();
        if (nodes > 1) {
            throw new PluginException(ErrorKind.STATE, "There are still " + (nodes - 1) + " node(s) in this"
                    + " cluster besides the last one (" + String.join(", ", cfg.nodes().stream().map(n -> n.name())
                    .sorted().toList()) + "); remove them first");
        }
    }

    @Override
    public JsonNode exec(OpClusterDestroy op, LuContext ctx) {
        String name = ctx.config().cluster().name();
        ctx.config().destroy();
        ctx.log("Cluster " + name + " destroyed: its configuration was removed from ZooKeeper");
        return TextNode.valueOf(name);
    }
}
