package org.gnt.cli;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.gnt.bus.BusConfig;
import org.gnt.bus.config.ClusterConfig;
import org.gnt.bus.config.ClusterInit;
import org.gnt.bus.filter.FilterStore;
import org.gnt.bus.job.JobClient;
import org.gnt.bus.view.ArchiveView;
import org.gnt.bus.view.ClusterRead;
import org.gnt.bus.view.ConfigView;
import org.gnt.bus.view.JobView;

/**
 * The connections one command needs, opened on first use and closed together: ZooKeeper (config,
 * master), the job client (Kafka) and the read-side views. Every failure to reach the cluster is a
 * {@link CliException} naming the address and the configuration file it came from.
 */
final class Session implements AutoCloseable {
    static final Duration READ_TIMEOUT = Duration.ofSeconds(Long.getLong("gnt.cli.read.seconds", 30));

    private final BusConfig bus;
    private final Path file;
    private CuratorFramework curator;
    private JobClient jobs;
    private JobView jobView;
    private ArchiveView archive;
    private ConfigView config;
    private ClusterRead read;

    private Session(BusConfig bus, Path file) {
        this.bus = bus;
        this.file = file;
    }

    static Session open(Path file) {
        try {
            return new Session(BusConfig.load(file), file);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new CliException("Invalid cluster configuration file " + file + ": " + e.getMessage() + "\n"
                    + ClusterLocation.HOW);
        }
    }

    /** How long to try reaching ZooKeeper ({@code -Dgnt.cli.connect.seconds}, default 15). */
    static Duration connectTimeout() {
        return Duration.ofSeconds(Long.getLong("gnt.cli.connect.seconds", 15));
    }

    BusConfig bus() {
        return bus;
    }

    CuratorFramework curator() {
        if (curator == null) {
            // Not BusClients.curator: its 4 s session is shorter than its 5 s connection timeout, which
            // makes Curator log a warning on every command. A CLI holds no ephemeral znodes.
            curator = CuratorFrameworkFactory.builder().connectString(bus.zkConnect())
                    .sessionTimeoutMs(30_000).connectionTimeoutMs(5_000)
                    .ensembleTracker(false)
                    .retryPolicy(new ExponentialBackoffRetry(100, 5, 1_000)).build();
            curator.start();
            boolean up;
            try {
                up = curator.blockUntilConnected((int) connectTimeout().toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                up = false;
            }
            if (!up) {
                throw new CliException("Cannot reach ZooKeeper at " + bus.zkConnect() + " (from " + file
                        + ").\nIs the cluster running?");
            }
        }
        return curator;
    }

    /** Refuses to go on when {@code gnt-cluster init} has not run for this cluster. */
    void requireInitialised() {
        if (!ClusterInit.isInitialised(curator(), bus.paths())) {
            throw new CliException("Cluster '" + bus.cluster() + "' is not initialised (nothing at "
                    + bus.paths().root() + " in ZooKeeper " + bus.zkConnect() + ").\nRun gnt-cluster init first.");
        }
    }

    /** The cluster object (config mirror read once). */
    ClusterConfig cluster() {
        return config().cluster().orElseThrow(() -> new CliException("Cluster '" + bus.cluster()
                + "' is not initialised.\nRun gnt-cluster init first."));
    }

    /** The configuration, read once (a command is short-lived and needs no updates). */
    ConfigView config() {
        if (read != null) {
            return read.config();
        }
        if (config == null) {
            requireInitialised();
            config = snapshot(() -> ConfigView.snapshot(curator(), bus.paths(), READ_TIMEOUT),
                    "the cluster configuration in ZooKeeper " + bus.zkConnect());
        }
        return config;
    }

    /** Config plus node inventories and liveness, read once, for listings that show runtime state. */
    ClusterRead read() {
        if (read == null) {
            requireInitialised();
            read = snapshot(() -> ClusterRead.snapshot(bus, curator(), READ_TIMEOUT), "the cluster state (ZooKeeper "
                    + bus.zkConnect() + ", Kafka " + bus.bootstrapServers() + ")");
        }
        return read;
    }

    private interface Read<T> {
        T read() throws Exception;
    }

    private static <T> T snapshot(Read<T> how, String what) {
        try {
            return how.read();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("Interrupted while reading " + what);
        } catch (CliException e) {
            throw e;
        } catch (Exception e) {
            throw new CliException("Cannot read " + what + " within " + READ_TIMEOUT.toSeconds() + " seconds: "
                    + e.getMessage() + "\nIs the cluster running?");
        }
    }

    /** The job filter rules in ZooKeeper (gnt-filter); no Kafka needed. */
    FilterStore filters() {
        requireInitialised();
        return new FilterStore(curator(), bus.paths());
    }

    JobClient jobs() {
        if (jobs == null) {
            requireInitialised();
            jobs = new JobClient(bus, curator());
        }
        return jobs;
    }

    /** Every job, read to the end of {@code jobs.state}. */
    JobView jobView() {
        JobView v;
        if (jobs != null) {
            v = jobs.view();
        } else {
            if (jobView == null) {
                requireInitialised();
                jobView = new JobView(bus).start();
            }
            v = jobView;
        }
        await(() -> v.awaitCaughtUp(READ_TIMEOUT), "the job queue in Kafka at " + bus.bootstrapServers());
        return v;
    }

    /** Every archived job, read to the end of {@code jobs.archive}; opened only by commands that show them. */
    ArchiveView archiveView() {
        if (archive == null) {
            requireInitialised();
            archive = ArchiveView.full(bus).start();
        }
        ArchiveView a = archive;
        await(() -> a.awaitCaughtUp(READ_TIMEOUT), "the job archive in Kafka at " + bus.bootstrapServers());
        return a;
    }

    /**
     * The content of the master znode: which coordinator was elected last (empty when none ever
     * was). A coordinator claims it with a versioned write, so version 0 is the placeholder made at
     * init (which Curator fills with the creating host's address).
     */
    String masterId() {
        try {
            Stat stat = new Stat();
            byte[] data = curator().getData().storingStatIn(stat).forPath(bus.paths().master());
            return data == null || stat.getVersion() == 0 ? "" : new String(data, StandardCharsets.UTF_8).trim();
        } catch (KeeperException.NoNodeException e) {
            return "";
        } catch (Exception e) {
            throw new CliException("Cannot read the master from ZooKeeper " + bus.zkConnect() + ": " + e);
        }
    }

    /** Whether any coordinator takes part in the master election right now. */
    boolean coordinatorRunning() {
        try {
            return !curator().getChildren().forPath(bus.paths().leader()).isEmpty();
        } catch (KeeperException.NoNodeException e) {
            return false;
        } catch (Exception e) {
            return true; // unknown: do not warn
        }
    }

    private interface Wait {
        boolean await() throws InterruptedException;
    }

    private static void await(Wait w, String what) {
        boolean ok;
        try {
            ok = w.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
        }
        if (!ok) {
            throw new CliException("Cannot read " + what + " within " + READ_TIMEOUT.toSeconds()
                    + " seconds.\nIs the cluster running?");
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (read != null) {
            read.close();
        }
        if (config != null) {
            config.close();
        }
        if (jobView != null) {
            jobView.close();
        }
        if (archive != null) {
            archive.close();
        }
        if (jobs != null) {
            jobs.close();
        }
        if (curator != null) {
            curator.close();
        }
    }
}
