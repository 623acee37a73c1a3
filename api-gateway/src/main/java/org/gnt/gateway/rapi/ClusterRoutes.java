package org.gnt.gateway.rapi;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import org.gnt.bus.Json;
import org.gnt.bus.config.ClusterConfig;
import org.gnt.gateway.Backend;
import org.gnt.gateway.errors.RapiError;

/** {@code /}, {@code /version}, {@code /2}, {@code /2/info} and {@code /2/features}. */
public final class ClusterRoutes {
    /** The RAPI version spoken. */
    public static final int RAPI_VERSION = 2;
    public static final String SOFTWARE_VERSION = "0.1.0";
    /** Our own protocol/config numbering; Ganeti clients only display them. */
    public static final int PROTOCOL_VERSION = 1;
    /** What {@code /2/features} announces: only what this gateway really supports. */
    public static final List<String> FEATURES = List.of("instance-create-reqv1");

    private final Backend backend;

    public ClusterRoutes(Backend backend) {
        this.backend = backend;
    }

    /** {@code GET /} and {@code GET /2}: no function, kept for old clients (null). */
    public Future<?> root(RapiRequest req) {
        return Future.succeededFuture(Json.MAPPER.nullNode());
    }

    /** {@code GET /version}: the bare number 2. */
    public Future<?> version(RapiRequest req) {
        return Future.succeededFuture(RAPI_VERSION);
    }

    /** {@code GET /2/features}. */
    public Future<?> features(RapiRequest req) {
        return Future.succeededFuture(FEATURES);
    }

    /** {@code GET /2/info}: the cluster's settings with Ganeti's keys (what OP_CLUSTER_QUERY answers). */
    public Future<?> info(RapiRequest req) {
        ClusterConfig c = backend.read().config().cluster()
                .orElseThrow(() -> RapiError.internal("The cluster configuration is not available; is the cluster initialised?"));
        return req.blocking(() -> {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("software_version", SOFTWARE_VERSION);
            o.put("protocol_version", PROTOCOL_VERSION);
            o.put("config_version", c.v());
            o.put("os_api_version", 20);
            o.put("export_version", 0);
            o.set("architecture", Json.tree(architecture()));
            o.put("name", c.name());
            o.put("uuid", c.uuid());
            o.put("master", backend.master().orElse(null));
            o.put("default_hypervisor", c.enabledHypervisors().isEmpty() ? null : c.enabledHypervisors().get(0));
            o.set("enabled_hypervisors", Json.tree(c.enabledHypervisors()));
            o.set("hvparams", Json.tree(c.hvparams()));
            o.set("beparams", Json.tree(Map.of("default", c.beparams())));
            o.set("os_hvp", Json.MAPPER.createObjectNode());
            o.set("osparams", Json.tree(c.osparams()));
            o.set("nicparams", Json.tree(Map.of("default", c.nicparams())));
            o.set("diskparams", Json.tree(c.diskparams()));
            o.set("ipolicy", Json.tree(c.ipolicy()));
            o.set("ndparams", Json.tree(org.gnt.bus.config.GroupParams.ND_DEFAULTS));
            o.put("maintain_node_health", c.maintainNodeHealth());
            o.set("enabled_disk_templates", Json.tree(c.enabledDiskTemplates()));
            o.put("candidate_pool_size", c.candidatePoolSize());
            o.put("default_iallocator", c.defaultIallocator());
            o.put("file_storage_dir", c.fileStorageDir());
            o.put("ctime", seconds(c.ctime()));
            o.put("mtime", seconds(c.mtime()));
            o.set("tags", Json.tree(c.tags()));
            return o;
        });
    }

    /** Like Python's {@code platform.architecture()[0]} and {@code platform.machine()}. */
    static List<String> architecture() {
        String arch = System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT);
        String machine = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "x86", "i386" -> "i686";
            default -> arch;
        };
        String bits = "64".equals(System.getProperty("sun.arch.data.model")) || arch.contains("64") ? "64bit" : "32bit";
        return List.of(bits, machine);
    }

    static double seconds(Instant t) {
        return t == null ? 0.0 : t.getEpochSecond() + t.getNano() / 1e9;
    }
}
