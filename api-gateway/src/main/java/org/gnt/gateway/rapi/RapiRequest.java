package org.gnt.gateway.rapi;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import org.gnt.gateway.auth.RapiUser;
import org.gnt.gateway.errors.RapiError;

/** A request as a resource handler sees it: path parameters, Ganeti-style query arguments, the JSON body. */
public final class RapiRequest {
    private final RoutingContext ctx;
    private final JsonNode body;
    private final Optional<RapiUser> user;
    private final Context context;

    /** Header a client sets to make a write idempotent: the same key always yields the same job. */
    public static final String REQUEST_KEY_HEADER = "X-Gnt-Request-Key";

    /** The client's idempotency key, if it sent one. */
    public Optional<String> requestKey() {
        return Optional.ofNullable(ctx.request().getHeader(REQUEST_KEY_HEADER)).filter(k -> !k.isBlank());
    }

    public RapiRequest(RoutingContext ctx, JsonNode body, Optional<RapiUser> user) {
        this.ctx = ctx;
        this.context = ctx.vertx().getOrCreateContext();
        this.body = body == null ? MissingNode.getInstance() : body;
        this.user = user;
    }

    public Vertx vertx() {
        return ctx.vertx();
    }

    public String method() {
        return ctx.request().method().name();
    }

    public String path() {
        return ctx.normalizedPath();
    }

    /** A path parameter (a named group of the route's pattern). */
    public String param(String name) {
        String v = ctx.pathParam(name);
        if (v == null) {
            throw new IllegalStateException("route has no parameter " + name);
        }
        return v;
    }

    /** The JSON body, or a missing node when the request had none. */
    public JsonNode body() {
        return body;
    }

    public Optional<RapiUser> user() {
        return user;
    }

    public boolean hasQuery(String name) {
        return ctx.queryParams().contains(name);
    }

    /** The first value of a query argument. */
    public Optional<String> query(String name) {
        return Optional.ofNullable(ctx.queryParams().get(name));
    }

    public List<String> queryAll(String name) {
        return ctx.queryParams().getAll(name);
    }

    /**
     * A boolean query argument the Ganeti way ({@code ?bulk=1}, {@code ?dry-run=0}): an integer,
     * non-zero meaning true; {@code true}/{@code false} are accepted too. Absent means false.
     */
    public boolean flag(String name) {
        Optional<String> v = query(name);
        if (v.isEmpty()) {
            return false;
        }
        String s = v.get().strip();
        switch (s.toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                try {
                    return Integer.parseInt(s) != 0;
                } catch (NumberFormatException e) {
                    throw RapiError.badRequest("Query argument '" + name + "' must be an integer (0 or 1), got '"
                            + s + "'");
                }
        }
    }

    /** Runs blocking or CPU-heavy work on a worker thread, unordered so requests do not queue behind each other. */
    public <T> Future<T> blocking(Callable<T> work) {
        return ctx.vertx().executeBlocking(work, false);
    }

    /** A bus future as a Vert.x future completing on this request's context. */
    public <T> Future<T> on(CompletionStage<T> stage) {
        return Future.fromCompletionStage(stage, context);
    }
}
