package org.gnt.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.gnt.bus.Json;
import org.gnt.gateway.auth.Access;
import org.gnt.gateway.auth.RapiAuth;
import org.gnt.gateway.auth.RapiUser;
import org.gnt.gateway.errors.ErrorReplies;
import org.gnt.gateway.errors.RapiError;
import org.gnt.gateway.rapi.InstanceMoveRoutes;
import org.gnt.gateway.rapi.ClusterRoutes;
import org.gnt.gateway.rapi.FiltersRoutes;
import org.gnt.gateway.rapi.GroupsRoutes;
import org.gnt.gateway.rapi.InstanceChangeRoutes;
import org.gnt.gateway.rapi.NetworksRoutes;
import org.gnt.gateway.rapi.InstancesRoutes;
import org.gnt.gateway.rapi.JobSubmitter;
import org.gnt.gateway.rapi.JobsRoutes;
import org.gnt.gateway.rapi.NodeChangeRoutes;
import org.gnt.gateway.rapi.NodesRoutes;
import org.gnt.gateway.rapi.QueryRoutes;
import org.gnt.gateway.rapi.RapiHandler;
import org.gnt.gateway.rapi.RapiRequest;
import org.gnt.gateway.rapi.TagsRoutes;

/**
 * Every RAPI route in one table, and the steps each request goes through: match the resource
 * (unknown path 404, unsupported method 501), read the body, check access (401/403), check the
 * content type of a body (415), parse it as JSON (400), run the handler, answer JSON.
 */
public final class RapiRouter {
    /** Largest request body accepted. */
    public static final long MAX_BODY_BYTES = 8L * 1024 * 1024;
    private static final String NAME = "(?<name>[\\w.-]+)";
    private static final String JOB_ID = "(?<id>\\d+)";
    private static final String UUID = "(?<uuid>[\\w-]+)";
    private static final ObjectReader JSON = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Router router;
    private final RapiAuth auth;
    private final List<Resource> resources = new ArrayList<>();

    private RapiRouter(Vertx vertx, RapiAuth auth) {
        this.router = Router.router(vertx);
        this.auth = auth;
    }

    /** The routing table. */
    public static Router create(Vertx vertx, Backend backend, RapiAuth auth) {
        ClusterRoutes cluster = new ClusterRoutes(backend);
        NodesRoutes nodes = new NodesRoutes(backend.read());
        InstancesRoutes instances = new InstancesRoutes(backend.read(), new JobSubmitter(backend.jobs()));
        JobsRoutes jobs = new JobsRoutes(backend, new JobSubmitter(backend.jobs()));
        FiltersRoutes filters = new FiltersRoutes(backend.filters());
        QueryRoutes query = new QueryRoutes(backend);
        NodeChangeRoutes nodeChanges = new NodeChangeRoutes(backend.read(), new JobSubmitter(backend.jobs()));

        RapiRouter r = new RapiRouter(vertx, auth);
        r.resource("/").get(Access.ANY, cluster::root);
        r.resource("/version").get(Access.ANY, cluster::version);
        r.resource("/2").get(Access.ANY, cluster::root);
        r.resource("/2/info").get(Access.ANY, cluster::info);
        r.resource("/2/features").get(Access.ANY, cluster::features);

        r.resource("/2/nodes").get(Access.ANY, nodes::list);
        r.resource("/2/nodes/" + NAME).get(Access.ANY, nodes::get);
        r.resource("/2/nodes/" + NAME + "/role")
                .get(Access.ANY, nodeChanges::role)
                .put(Access.WRITE, nodeChanges::setRole);
        r.resource("/2/nodes/" + NAME + "/modify").post(Access.WRITE, nodeChanges::modify);
        r.resource("/2/modify").put(Access.WRITE, nodeChanges::modifyCluster);
        r.resource("/2/redistribute-config").put(Access.WRITE, nodeChanges::redistributeConfig);

        GroupsRoutes groups = new GroupsRoutes(backend.read(), new JobSubmitter(backend.jobs()));
        r.resource("/2/groups")
                .get(Access.ANY, groups::list)
                .post(Access.WRITE, groups::create);
        r.resource("/2/groups/" + NAME)
                .get(Access.ANY, groups::get)
                .delete(Access.WRITE, groups::delete);
        r.resource("/2/groups/" + NAME + "/modify").put(Access.WRITE, groups::modify);
        r.resource("/2/groups/" + NAME + "/rename").put(Access.WRITE, groups::rename);
        r.resource("/2/groups/" + NAME + "/assign-nodes").put(Access.WRITE, groups::assignNodes);

        NetworksRoutes networks = new NetworksRoutes(backend.read(), new JobSubmitter(backend.jobs()));
        r.resource("/2/networks")
                .get(Access.ANY, networks::list)
                .post(Access.WRITE, networks::create);
        r.resource("/2/networks/" + NAME)
                .get(Access.ANY, networks::get)
                .delete(Access.WRITE, networks::delete);
        r.resource("/2/networks/" + NAME + "/modify").put(Access.WRITE, networks::modify);
        r.resource("/2/networks/" + NAME + "/connect").put(Access.WRITE, networks::connect);
        r.resource("/2/networks/" + NAME + "/disconnect").put(Access.WRITE, networks::disconnect);
        r.tags("/2/networks/" + NAME + "/tags",
                new TagsRoutes(backend.read(), new JobSubmitter(backend.jobs()), "network"));

        r.tags("/2/tags", new TagsRoutes(backend.read(), new JobSubmitter(backend.jobs()), "cluster"));
        r.tags("/2/nodes/" + NAME + "/tags", new TagsRoutes(backend.read(), new JobSubmitter(backend.jobs()), "node"));
        r.tags("/2/groups/" + NAME + "/tags",
                new TagsRoutes(backend.read(), new JobSubmitter(backend.jobs()), "nodegroup"));
        r.tags("/2/instances/" + NAME + "/tags",
                new TagsRoutes(backend.read(), new JobSubmitter(backend.jobs()), "instance"));

        r.resource("/2/instances")
                .get(Access.ANY, instances::list)
                .post(Access.WRITE, instances::create);
        r.resource("/2/instances/" + NAME)
                .get(Access.ANY, instances::get)
                .delete(Access.WRITE, instances::delete);
        r.resource("/2/instances/" + NAME + "/startup").put(Access.WRITE, instances::startup);
        r.resource("/2/instances/" + NAME + "/shutdown").put(Access.WRITE, instances::shutdown);
        InstanceMoveRoutes moves = new InstanceMoveRoutes(new JobSubmitter(backend.jobs()));
        r.resource("/2/instances/" + NAME + "/migrate").put(Access.WRITE, moves::migrate);
        r.resource("/2/instances/" + NAME + "/failover").put(Access.WRITE, moves::failover);
        r.resource("/2/instances/" + NAME + "/reboot").post(Access.WRITE, moves::reboot);
        InstanceChangeRoutes instanceChanges = new InstanceChangeRoutes(backend.read(), backend.jobs());
        r.resource("/2/instances/" + NAME + "/modify").put(Access.WRITE, instanceChanges::modify);
        r.resource("/2/instances/" + NAME + "/disk/(?<disk>\\d+)/grow").post(Access.WRITE, instanceChanges::growDisk);
        r.resource("/2/instances/" + NAME + "/console").get(Access.READ, instanceChanges::console);

        r.resource("/2/jobs")
                .get(Access.ANY, jobs::list)
                .post(Access.WRITE, jobs::submitMany); // a gnt extension: several jobs, chained
        r.resource("/2/jobs/" + JOB_ID)
                .get(Access.ANY, jobs::get)
                .delete(Access.WRITE, jobs::cancel);
        r.resource("/2/jobs/" + JOB_ID + "/wait")
                .get(Access.WRITE, jobs::waitForChange)
                .put(Access.WRITE, jobs::waitForChange);

        r.resource("/2/filters")
                .get(Access.ANY, filters::list)
                .post(Access.WRITE, filters::add);
        r.resource("/2/filters/" + UUID)
                .get(Access.ANY, filters::get)
                .put(Access.WRITE, filters::replace)
                .delete(Access.WRITE, filters::delete);

        r.resource("/2/query/(?<resource>[\\w.-]+)")
                .get(Access.READ, query::get)
                .put(Access.READ, query::put);
        r.resource("/2/query/(?<resource>[\\w.-]+)/fields").get(Access.ANY, query::fields);
        return r.build();
    }

    private void tags(String pattern, TagsRoutes t) {
        resource(pattern).get(Access.ANY, t::get).put(Access.WRITE, t::add).delete(Access.WRITE, t::delete);
    }

    private Resource resource(String pattern) {
        Resource res = new Resource(pattern);
        resources.add(res);
        return res;
    }

    private Router build() {
        router.route().failureHandler(ErrorReplies::handleFailure);
        for (Resource res : resources) {
            String regex = "^" + res.pattern + "/?$";
            for (Method m : res.methods) {
                router.routeWithRegex(m.method, regex).handler(ctx -> serve(ctx, m));
            }
            String allowed = String.join(", ", res.methods.stream().map(m -> m.method.name()).toList());
            router.routeWithRegex(regex).handler(ctx -> ErrorReplies.send(ctx, RapiError.notImplemented(
                    "Method " + ctx.request().method().name() + " is not supported by " + ctx.normalizedPath()
                            + " (supported: " + allowed + ")")));
        }
        router.route().handler(ctx -> ErrorReplies.send(ctx,
                RapiError.notFound("There is no resource at " + ctx.normalizedPath())));
        return router;
    }

    private void serve(RoutingContext ctx, Method m) {
        readBody(ctx.request())
                .compose(body -> run(ctx, m, body))
                .onSuccess(result -> reply(ctx, result))
                .onFailure(ctx::fail);
    }

    /**
     * The whole request body, refused with 413 beyond {@link #MAX_BODY_BYTES} whether or not a
     * length was declared: the body is read before authentication, so it must not be unbounded.
     */
    private static Future<Buffer> readBody(HttpServerRequest req) {
        if (parseLength(req.getHeader("Content-Length")) > MAX_BODY_BYTES) {
            return Future.failedFuture(tooLarge());
        }
        Promise<Buffer> done = Promise.promise();
        Buffer body = Buffer.buffer();
        req.handler(chunk -> {
            if (done.future().isComplete()) {
                return;
            }
            if (body.length() + chunk.length() > MAX_BODY_BYTES) {
                done.tryFail(tooLarge());
            } else {
                body.appendBuffer(chunk);
            }
        });
        req.exceptionHandler(done::tryFail);
        req.endHandler(v -> done.tryComplete(body));
        return done.future();
    }

    private static RapiError tooLarge() {
        return new RapiError(413, null, "The request body is larger than " + MAX_BODY_BYTES + " bytes",
                Map.of("Connection", "close"));
    }

    private Future<?> run(RoutingContext ctx, Method m, Buffer raw) {
        try {
            Optional<RapiUser> user = auth.check(ctx.request().getHeader("Authorization"), m.access);
            JsonNode body = parseBody(ctx, raw);
            return m.handler.handle(new RapiRequest(ctx, body, user));
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
    }

    /** The body as JSON; none when empty. A body must be sent as {@code application/json}. */
    private static JsonNode parseBody(RoutingContext ctx, Buffer raw) {
        if (raw == null || raw.length() == 0) {
            return null;
        }
        String type = Optional.ofNullable(ctx.request().getHeader("Content-Type")).orElse("");
        String media = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json")) {
            throw RapiError.unsupportedMediaType("A request body must be sent as application/json, not '"
                    + (type.isEmpty() ? "(none)" : type) + "'");
        }
        try {
            JsonNode n = JSON.readTree(raw.getBytes());
            return n == null || n.isMissingNode() ? null : n;
        } catch (JsonProcessingException e) {
            throw new RapiError(400, "Unable to parse JSON data", e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new RapiError(400, "Unable to parse JSON data", e.getMessage());
        }
    }

    private static void reply(RoutingContext ctx, Object result) {
        Buffer body = result instanceof Buffer b ? b : Buffer.buffer(Json.bytes(result));
        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(body);
    }

    private static long parseLength(String s) {
        if (s == null) {
            return 0;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private record Method(HttpMethod method, Access access, RapiHandler handler) {
    }

    /** One path pattern and the methods it supports. */
    private static final class Resource {
        private final String pattern;
        private final List<Method> methods = new ArrayList<>();

        Resource(String pattern) {
            this.pattern = pattern;
        }

        Resource get(Access a, RapiHandler h) {
            return add(HttpMethod.GET, a, h);
        }

        Resource post(Access a, RapiHandler h) {
            return add(HttpMethod.POST, a, h);
        }

        Resource put(Access a, RapiHandler h) {
            return add(HttpMethod.PUT, a, h);
        }

        Resource delete(Access a, RapiHandler h) {
            return add(HttpMethod.DELETE, a, h);
        }

        private Resource add(HttpMethod m, Access a, RapiHandler h) {
            methods.add(new Method(m, a, h));
            return this;
        }
    }
}
