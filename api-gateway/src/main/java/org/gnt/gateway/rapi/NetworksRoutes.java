package org.gnt.gateway.rapi;

import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import org.gnt.bus.Json;
import org.gnt.bus.config.NetworkConfig;
import org.gnt.bus.opcode.OpNetworkAdd;
import org.gnt.bus.opcode.OpNetworkConnect;
import org.gnt.bus.opcode.OpNetworkDisconnect;
import org.gnt.bus.opcode.OpNetworkRemove;
import org.gnt.bus.opcode.OpNetworkSetParams;
import org.gnt.bus.view.ClusterRead;
import org.gnt.bus.view.NameOrder;
import org.gnt.bus.view.NetworkFields;
import org.gnt.gateway.errors.RapiError;

/**
 * {@code /2/networks} and its per-network resources. Reads come from the config mirror; each write
 * is one OP_NETWORK_* opcode submitted as a job, answered with the job id (an unknown network fails
 * the job, as Ganeti). Bodies are those of Ganeti's client (CreateNetwork, ConnectNetwork, ...).
 */
public final class NetworksRoutes {
    private final ClusterRead read;
    private final JobSubmitter submitter;

    public NetworksRoutes(ClusterRead read, JobSubmitter submitter) {
        this.read = read;
        this.submitter = submitter;
    }

    /** {@code GET /2/networks[?bulk=1]}: {@code name} and {@code uri}, or Ganeti's NET_FIELDS. */
    public Future<?> list(RapiRequest req) {
        boolean bulk = req.flag("bulk");
        return req.blocking(() -> {
            List<NetworkConfig> networks = read.config().networks().stream()
                    .sorted(Comparator.comparing(NetworkConfig::name, NameOrder.INSTANCE)).toList();
            ArrayNode out = Json.MAPPER.createArrayNode();
            NetworkFields.Snapshot snap = new NetworkFields.Snapshot(read.config());
            for (NetworkConfig n : networks) {
                if (bulk) {
                    out.add(snap.fields(n, NetworkFields.BULK));
                } else {
                    out.addObject().put("name", n.name()).put("uri", "/2/networks/" + n.name());
                }
            }
            return out;
        });
    }

    /** {@code GET /2/networks/[network_name]}: the bulk fields of one network; 404 when unknown. */
    public Future<?> get(RapiRequest req) {
        NetworkConfig n = known(read, req.param("name"));
        return Future.succeededFuture(new NetworkFields.Snapshot(read.config()).fields(n, NetworkFields.BULK));
    }

    static NetworkConfig known(ClusterRead read, String name) {
        return read.config().network(name).orElseThrow(() -> RapiError.notFound("Network '" + name + "' not known"));
    }

    /** {@code POST /2/networks}: OP_NETWORK_ADD with the body's parameters. */
    public Future<?> create(RapiRequest req) {
        return submitter.submit(req, OpcodeInput.fromBody(OpNetworkAdd.OP_ID, req.body()).build(req));
    }

    /** {@code DELETE /2/networks/[network_name]}: OP_NETWORK_REMOVE. */
    public Future<?> delete(RapiRequest req) {
        ObjectNode op = OpcodeInput.fromBody(OpNetworkRemove.OP_ID, null).fixed("network_name", req.param("name"))
                .build(req);
        return submitter.submit(req, op);
    }

    /** {@code PUT /2/networks/[network_name]/modify}: OP_NETWORK_SET_PARAMS. */
    public Future<?> modify(RapiRequest req) {
        return submitter.submit(req, named(OpNetworkSetParams.OP_ID, req));
    }

    /** {@code PUT /2/networks/[network_name]/connect}: OP_NETWORK_CONNECT; the body names the group. */
    public Future<?> connect(RapiRequest req) {
        return submitter.submit(req, named(OpNetworkConnect.OP_ID, req));
    }

    /** {@code PUT /2/networks/[network_name]/disconnect}: OP_NETWORK_DISCONNECT. */
    public Future<?> disconnect(RapiRequest req) {
        return submitter.submit(req, named(OpNetworkDisconnect.OP_ID, req));
    }

    private static ObjectNode named(String opId, RapiRequest req) {
        return OpcodeInput.fromBody(opId, req.body()).fixed("network_name", req.param("name")).build(req);
    }
}
