package org.gnt.gateway.errors;

import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.gnt.bus.Json;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a failure into Ganeti's JSON error body; never answers an error with an empty body. */
public final class ErrorReplies {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorReplies.class);

    private ErrorReplies() {
    }

    /** The router's failure handler: maps whatever failed the request to a {@link RapiError} and sends it. */
    public static void handleFailure(RoutingContext ctx) {
        Throwable t = ctx.failure();
        RapiError e = t != null ? toRapiError(t) : new RapiError(ctx.statusCode() > 0 ? ctx.statusCode() : 500, null,
                "The request failed");
        send(ctx, e);
    }

    public static RapiError toRapiError(Throwable t) {
        Throwable c = t;
        while (c instanceof CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof RapiError r) {
            return r;
        }
        if (c instanceof PluginException p) {
            if (p.kind() == ErrorKind.NOENT) {
                return RapiError.notFound(p.getMessage());
            }
            if (p.kind() == ErrorKind.INVAL) {
                return RapiError.badRequest(p.getMessage());
            }
        }
        LOG.warn("request failed", c);
        return RapiError.internal(c.getClass().getSimpleName() + ": " + c.getMessage());
    }

    public static void send(RoutingContext ctx, RapiError e) {
        HttpServerResponse resp = ctx.response();
        if (resp.headWritten()) {
            resp.reset();
            return;
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("code", e.status());
        body.put("message", e.getMessage());
        body.put("explain", e.explain());
        e.headers().forEach(resp::putHeader);
        resp.setStatusCode(e.status())
                .putHeader("Content-Type", "application/json")
                .end(Buffer.buffer(Json.bytes(body)));
    }
}
