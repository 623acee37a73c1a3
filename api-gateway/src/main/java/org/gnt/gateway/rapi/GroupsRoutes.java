package org.gnt.gateway.rapi;

import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import org.gnt.bus.Json;
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.opcode.OpGroupAdd;
import org.gnt.bus.opcode.OpGroupAssignNodes;
import org.gnt.bus.opcode.OpGroupRemove;
import org.gnt.bus.opcode.OpGroupRename;
import org.gnt.bus.opcode.OpGroupSetParams;
import org.gnt.bus.view.ClusterRead;
import org.gnt.bus.view.GroupFields;
import org.gnt.bus.view.NameOrder;
import org.gnt.gateway.errors.RapiError;

/**
 * {@code /2/groups} and its per-group resources. Reads come from the config mirror; each write is
 * one opcode submitted as a job, answered with the job id (an unknown group fails the job, as Ganeti).
 */
public final class GroupsRoutes {
    private final ClusterRead read;
    private final JobSubmitter submitter;

    public GroupsRoutes(ClusterRead read, JobSubmitter submitter) {
        this.read = read;
        this.submitter = submitter;
    }

    /** {@code GET /2/groups[?bulk=1]}: Ganeti lists groups as {@code name} and {@code uri}. */
    public Future<?> list(RapiRequest req) {
        boolean bulk = req.flag("bulk");
        return req.blocking(() -> {
            List<GroupConfig> groups = read.config().groups().stream()
                    .sorted(Comparator.comparing(GroupConfig::name, NameOrder.INSTANCE)).toList();
            ArrayNode out = Json.MAPPER.createArrayNode();
            GroupFields.Snapshot snap = new GroupFields.Snapshot(read.config());
            for (GroupConfig g : groups) {
                if (bulk) {
                    out.add(snap.fields(g, GroupFields.BULK));
                } else {
                    out.addObject().put("name", g.name()).put("uri", "/2/groups/" + g.name());
                }
            }
            return out;
        });
    }

    /** {@code GET /2/groups/[group_name]}: the bulk fields of one group; 404 when unknown. */
    public Future<?> get(RapiRequest req) {
        GroupConfig g = known(read, req.param("name"));
        return Future.succeededFuture(new GroupFields.Snapshot(read.config()).fields(g, GroupFields.BULK));
    }

    static GroupConfig known(ClusterRead read, String name) {
        return read.config().group(name).orElseThrow(() -> RapiError.notFound("Node group '" + name + "' not known"));
    }

    /** {@code POST /2/groups}: OP_GROUP_ADD; the old body name {@code name} is accepted for {@code group_name}. */
    public Future<?> create(RapiRequest req) {
        ObjectNode op = OpcodeInput.fromBody(OpGroupAdd.OP_ID, req.body()).rename("name", "group_name").build(req);
        return submitter.submit(req, op);
    }

    /** {@code DELETE /2/groups/[group_name]}: OP_GROUP_REMOVE. */
    public Future<?> delete(RapiRequest req) {
        ObjectNode op = OpcodeInput.fromBody(OpGroupRemove.OP_ID, null).fixed("group_name", req.param("name"))
                .build(req);
        return submitter.submit(req, op);
    }

    /** {@code PUT /2/groups/[group_name]/modify}: OP_GROUP_SET_PARAMS with the body's parameters. */
    public Future<?> modify(RapiRequest req) {
        ObjectNode op = OpcodeInput.fromBody(OpGroupSetParams.OP_ID, req.body())
                .fixed("group_name", req.param("name")).build(req);
        return submitter.submit(req, op);
    }

    /** {@code PUT /2/groups/[group_name]/rename}: OP_GROUP_RENAME; the body gives {@code new_name}. */
    public Future<?> rename(RapiRequest req) {
        ObjectNode op = OpcodeInput.fromBody(OpGroupRename.OP_ID, req.body())
                .fixed("group_name", req.param("name")).build(req);
        return submitter.submit(req, op);
    }

    /** {@code PUT /2/groups/[group_name]/assign-nodes}: OP_GROUP_ASSIGN_NODES; {@code ?force=1} as Ganeti. */
    public Future<?> assignNodes(RapiRequest req) {
        ObjectNode op = OpcodeInput.fromBody(OpGroupAssignNodes.OP_ID, req.body())
                .fixed("group_name", req.param("name"))
                .flagFromQuery(req, "force", "force")
                .build(req);
        return submitter.submit(req, op);
    }
}
