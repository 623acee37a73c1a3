package org.gnt.gateway.rapi;

import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.vertx.core.Future;
import org.gnt.bus.view.NameOrder;
import org.gnt.bus.Json;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.view.ClusterRead;
import org.gnt.bus.view.NodeFields;
import org.gnt.gateway.errors.RapiError;

/** {@code /2/nodes} and {@code /2/nodes/[node_name]}, read from the config and inventory mirrors. */
public final class NodesRoutes {
    private final ClusterRead read;

    public NodesRoutes(ClusterRead read) {
        this.read = read;
    }

    /** {@code GET /2/nodes[?bulk=1]}. */
    public Future<?> list(RapiRequest req) {
        boolean bulk = req.flag("bulk");
        return req.blocking(() -> {
            List<NodeConfig> nodes = read.config().nodes().stream()
                    .sorted(Comparator.comparing(NodeConfig::name, NameOrder.INSTANCE)).toList();
            ArrayNode out = Json.MAPPER.createArrayNode();
            if (bulk) {
                NodeFields.Snapshot snap = new NodeFields.Snapshot(read);
                nodes.forEach(n -> out.add(snap.fields(n, NodeFields.BULK)));
            } else {
                nodes.forEach(n -> out.addObject().put("id", n.name()).put("uri", "/2/nodes/" + n.name()));
            }
            return out;
        });
    }

    /** {@code GET /2/nodes/[node_name]}: 404 for a node the cluster does not have. */
    public Future<?> get(RapiRequest req) {
        String name = req.param("name");
        NodeConfig n = read.config().node(name)
                .orElseThrow(() -> RapiError.notFound("Node '" + name + "' not known"));
        return req.blocking(() -> new NodeFields.Snapshot(read).fields(n, NodeFields.BULK));
    }
}
