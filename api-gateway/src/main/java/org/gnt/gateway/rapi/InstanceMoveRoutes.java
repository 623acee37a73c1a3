package org.gnt.gateway.rapi;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import org.gnt.bus.opcode.OpInstanceFailover;
import org.gnt.bus.opcode.OpInstanceMigrate;
import org.gnt.bus.opcode.OpInstanceReboot;

/**
 * {@code /2/instances/[name]/migrate}, {@code /failover} and {@code /reboot}: one opcode each, as
 * Ganeti's rlib2 builds them (the URL's values may not be repeated in the body).
 */
public final class InstanceMoveRoutes {
    private final JobSubmitter submitter;

    public InstanceMoveRoutes(JobSubmitter submitter) {
        this.submitter = submitter;
    }

    /** {@code PUT /2/instances/[instance_name]/migrate}: OP_INSTANCE_MIGRATE with the body's parameters. */
    public Future<?> migrate(RapiRequest req) {
        ObjectNode op = OpcodeInput.fromBody(OpInstanceMigrate.OP_ID, req.body())
                .fixed("instance_name", req.param("name"))
                .build(req);
        return submitter.submit(req, op);
    }

    /** {@code PUT /2/instances/[instance_name]/failover}: OP_INSTANCE_FAILOVER with the body's parameters. */
    public Future<?> failover(RapiRequest req) {
        ObjectNode op = OpcodeInput.fromBody(OpInstanceFailover.OP_ID, req.body())
                .fixed("instance_name", req.param("name"))
                .build(req);
        return submitter.submit(req, op);
    }

    /**
     * {@code POST /2/instances/[instance_name]/reboot[?type=soft|hard|full][&ignore_secondaries=0|1]}:
     * OP_INSTANCE_REBOOT; {@code type} defaults to hard as in Ganeti, the body may carry other
     * parameters ({@code shutdown_timeout}).
     */
    public Future<?> reboot(RapiRequest req) {
        ObjectNode op = OpcodeInput.fromBody(OpInstanceReboot.OP_ID, req.body())
                .fixed("instance_name", req.param("name"))
                .fixed("reboot_type", req.query("type").orElse(OpInstanceReboot.HARD))
                .fixed("ignore_secondaries", BooleanNode.valueOf(req.flag("ignore_secondaries")))
                .build(req);
        return submitter.submit(req, op);
    }
}
