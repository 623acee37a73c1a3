package org.gnt.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.apache.zookeeper.KeeperException;
import org.gnt.bus.bundle.BundlePublisher;
import org.gnt.bus.bundle.BundleRecord;
import org.gnt.bus.state.BundleStatus;
import org.gnt.bus.state.NodeState;
import org.gnt.bus.view.NodeStateView;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gnt-plugin}: plugin bundles, cluster-wide. {@code install} checks the jar is an OSGi
 * bundle, puts it on the compacted {@code bundles} topic (every node service installs or updates
 * it in place, and nodes started later fetch it), then waits until every live node reports the
 * new digest or a refusal. {@code list} shows what each node runs. Not a job: like Ganeti's
 * {@code gnt-cluster copyfile}, it needs no master and no locks.
 */
@Command(name = "gnt-plugin", description = "Plugin bundle administration",
        subcommands = {PluginCommands.Install.class, PluginCommands.ListBundles.class})
public final class PluginCommands extends GroupCommand {

    @Command(name = "install", description = "Install or update a plugin bundle on every node")
    static final class Install extends GntCommand {
        @Parameters(paramLabel = "FILE.jar", description = "The bundle jar")
        Path file;

        @Option(names = "--no-wait", description = "Return once the bundle is published")
        boolean noWait;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
                description = "How long to wait for the nodes (default 120)")
        long timeout;

        @Override
        protected int run() throws Exception {
            byte[] jar;
            try {
                jar = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw new PluginException(ErrorKind.NOENT, "Bundle file " + file + " does not exist");
            } catch (IOException e) {
                throw new PluginException(ErrorKind.ENVIRON, "Cannot read bundle file " + file + ": " + e.getMessage());
            }
            BundleRecord rec = BundleRecord.of(jar, file.toString(), Instant.now());
            try (Session s = session()) {
                s.requireInitialised();
                // the nodes to wait for: those live now (a node started later installs it at start)
                List<String> live = live(s);
                try (NodeStateView view = new NodeStateView(s.bus()).start()) {
                    try (BundlePublisher pub = new BundlePublisher(s.bus(), "gnt-plugin")) {
                        pub.publish(rec);
                    }
                    out().println("Published " + rec.symbolicName() + " " + rec.version() + " (sha256 " + rec.sha256()
                            + ", " + rec.size() + " bytes)");
                    if (noWait) {
                        return ExitCodes.SUCCESS;
                    }
                    return await(view, live, rec);
                }
            }
        }

        private int await(NodeStateView view, List<String> nodes, BundleRecord rec) throws InterruptedException {
            if (nodes.isEmpty()) {
                out().println("No node service is running; nodes install the bundle when they start");
                return ExitCodes.SUCCESS;
            }
            long end = System.nanoTime() + Duration.ofSeconds(timeout).toNanos();
            Map<String, String> outcome = new LinkedHashMap<>();
            boolean failed = false;
            while (outcome.size() < nodes.size() && System.nanoTime() < end) {
                for (String n : nodes) {
                    if (outcome.containsKey(n)) {
                        continue;
                    }
                    Optional<BundleStatus> st = status(view.get(n), rec.symbolicName());
                    if (st.isPresent() && st.get().sha256().equals(rec.sha256())) {
                        outcome.put(n, "ok");
                        out().println(n + ": running " + rec.symbolicName() + " " + st.get().version() + " ("
                                + st.get().state() + ")");
                    } else if (st.isPresent() && st.get().error().contains(rec.sha256())) {
                        outcome.put(n, "refused");
                        failed = true;
                        out().println(n + ": refused: " + st.get().error());
                    }
                }
                Thread.sleep(200);
            }
            for (String n : nodes) {
                if (!outcome.containsKey(n)) {
                    failed = true;
                    out().println(n + ": did not report the new version within " + timeout + " seconds");
                }
            }
            return failed ? ExitCodes.FAILURE : ExitCodes.SUCCESS;
        }
    }

    @Command(name = "list", description = "List the plugin bundles each node runs")
    static final class ListBundles extends GntCommand {
        @Option(names = "--no-headers", description = "Do not print the header line")
        boolean noHeaders;

        @Option(names = "--separator", paramLabel = "SEPARATOR", description = "Separate fields with this text")
        String separator;

        @Option(names = "--full-digest", description = "Show the whole sha256, not its first 12 digits")
        boolean fullDigest;

        @Parameters(paramLabel = "NODE", arity = "0..*", description = "Only these nodes")
        List<String> only = new ArrayList<>();

        @Override
        protected int run() throws Exception {
            try (Session s = session()) {
                Map<String, NodeState> all = s.read().inventory().all();
                TreeSet<String> names = new TreeSet<>(only.isEmpty() ? all.keySet() : only);
                List<List<String>> rows = new ArrayList<>();
                for (String n : names) {
                    NodeState st = all.get(n);
                    if (st == null) {
                        if (!only.isEmpty()) {
                            throw new PluginException(ErrorKind.NOENT, "Node " + n + " has not reported an inventory");
                        }
                        continue;
                    }
                    for (BundleStatus b : st.bundleInfo()) {
                        String digest = fullDigest || b.sha256().length() < 12 ? b.sha256() : b.sha256().substring(0, 12);
                        rows.add(List.of(n, b.symbolicName(), b.version(), digest, b.state(),
                                b.error().isEmpty() ? "-" : b.error()));
                    }
                }
                List<Table.Column> cols = List.of(new Table.Column("Node", false), new Table.Column("Bundle", false),
                        new Table.Column("Version", false), new Table.Column("Digest", false),
                        new Table.Column("State", false), new Table.Column("Error", false));
                Table.render(cols, rows, !noHeaders, separator).forEach(out()::println);
                return ExitCodes.SUCCESS;
            }
        }
    }

    static Optional<BundleStatus> status(Optional<NodeState> s, String name) {
        return s.flatMap(st -> st.bundleInfo().stream().filter(b -> b.symbolicName().equals(name)).findFirst());
    }

    static List<String> live(Session s) {
        try {
            return new ArrayList<>(new TreeSet<>(s.curator().getChildren().forPath(s.bus().paths().live())));
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        } catch (Exception e) {
            throw new CliException("Cannot read the live nodes from ZooKeeper " + s.bus().zkConnect() + ": " + e);
        }
    }
}
