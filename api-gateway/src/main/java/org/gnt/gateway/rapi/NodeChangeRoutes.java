package org.gnt.gateway.rapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.opcode.OpClusterRedistConf;
import org.gnt.bus.opcode.OpClusterSetParams;
import org.gnt.bus.opcode.OpNodeSetParams;
import org.gnt.bus.view.ClusterRead;
import org.gnt.gateway.errors.RapiError;

/**
 * The write side of nodes and cluster: {@code /2/nodes/N/role}, {@code /2/nodes/N/modify} and
 * {@code PUT /2/modify}, {@code PUT /2/redistribute-config}, each one opcode answered with its job
 * id. As in Ganeti there is no route
 * to remove a node.
 */
public final class NodeChangeRoutes {
    private final ClusterRead read;
    private final JobSubmitter submitter;

    public NodeChangeRoutes(ClusterRead read, JobSubmitter submitter) {
        this.read = read;
        this.submitter = submitter;
    }

    /**
     * {@code GET /2/nodes/N/role}: Ganeti's role name. A node is never "master" here: the master
     * is a coordinator, not a node.
     */
    public Future<?> role(RapiRequest req) {
        String name = req.param("name");
        NodeConfig n = read.config().node(name).orElseThrow(() -> RapiError.notFound("Node '" + name + "' not known"));
        return Future.succeededFuture(switch (n.role()) {
            case "C" -> "master-candidate";
            case "D" -> "drained";
            case "O" -> "offline";
            default -> "regular";
        });
    }

    /**
     * {@code PUT /2/nodes/N/role}: the body is the role as a JSON string. {@code ?force} and
     * {@code ?auto-promote} as in Ganeti; "regular" switches all three flags off.
     */
    public Future<?> setRole(RapiRequest req) {
        JsonNode body = req.body();
        if (body == null || !body.isTextual()) {
            throw RapiError.badRequest("Invalid body parameters: the body must be the role as a JSON string"
                    + " (master-candidate, regular, drained or offline)");
        }
        String role = body.asText();
        Boolean candidate = null;
        Boolean drained = null;
        Boolean offline = null;
        switch (role) {
            case "regular" -> {
                candidate = false;
                drained = false;
                offline = false;
            }
            case "master-candidate" -> candidate = true;
            case "drained" -> drained = true;
            case "offline" -> offline = true;
            default -> throw RapiError.badRequest("Can't set '" + role + "' role");
        }
        ObjectNode op = OpcodeInput.fromBody(OpNodeSetParams.OP_ID, null)
                .fixed("node_name", req.param("name"))
                .build(req);
        putOrDrop(op, "master_candidate", candidate);
        putOrDrop(op, "drained", drained);
        putOrDrop(op, "offline", offline);
        op.put("force", req.flag("force"));
        op.put("auto_promote", req.flag("auto-promote"));
        return submitter.submit(req, op);
    }

    private static void putOrDrop(ObjectNode op, String field, Boolean value) {
        if (value == null) {
            op.remove(field);
        } else {
            op.put(field, value);
        }
    }

    /** {@code POST /2/nodes/N/modify}: OP_NODE_SET_PARAMS with the body's parameters. */
    public Future<?> modify(RapiRequest req) {
        ObjectNode op = OpcodeInput.fromBody(OpNodeSetParams.OP_ID, req.body())
                .fixed("node_name", req.param("name"))
                .build(req);
        return submitter.submit(req, op);
    }

    /** {@code PUT /2/modify}: OP_CLUSTER_SET_PARAMS with the body's parameters. */
    public Future<?> modifyCluster(RapiRequest req) {
        return submitter.submit(req, OpcodeInput.fromBody(OpClusterSetParams.OP_ID, req.body()).build(req));
    }

    /** {@code PUT /2/redistribute-config}: OP_CLUSTER_REDIST_CONF (no parameters). */
    public Future<?> redistributeConfig(RapiRequest req) {
        return submitter.submit(req, OpcodeInput.fromBody(OpClusterRedistConf.OP_ID, req.body()).build(req));
    }
}
