package org.gnt.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the cluster's {@code gnt.conf}: {@code --conf FILE}, else {@code $GNT_CONF}, else
 * {@code ~/.gnt/gnt.conf} (where the quickstart writes it).
 */
public final class ClusterLocation {
    public static final String ENV = "GNT_CONF";
    static final String HOW = "Point gnt at a cluster with --conf FILE or the GNT_CONF environment variable.\n"
            + "The file holds bootstrap.servers, zookeeper.connect and cluster (Java properties);\n"
            + "the quickstart writes ~/.gnt/gnt.conf.";

    private ClusterLocation() {
    }

    /** The configuration file to use; throws {@link CliException} explaining how to fix a missing one. */
    public static Path resolve(Path option, CliContext ctx) {
        if (option != null) {
            return existing(option, "given with --conf");
        }
        String env = ctx.env().get(ENV);
        if (env != null && !env.isBlank()) {
            return existing(Path.of(env), "named by " + ENV);
        }
        Path dflt = defaultFile(ctx);
        if (!Files.isRegularFile(dflt)) {
            throw new CliException("No cluster configuration found: " + dflt + " does not exist.\n" + HOW);
        }
        return dflt;
    }

    public static Path defaultFile(CliContext ctx) {
        return ctx.home().resolve(".gnt").resolve("gnt.conf");
    }

    private static Path existing(Path p, String origin) {
        if (!Files.isRegularFile(p)) {
            throw new CliException("Cluster configuration file " + p + " (" + origin + ") does not exist.\n" + HOW);
        }
        return p;
    }
}
