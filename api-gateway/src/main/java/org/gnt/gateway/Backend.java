package org.gnt.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.TopicAdmin;
import org.gnt.bus.ZkPaths;
import org.gnt.bus.config.RapiCertificate;
import org.gnt.bus.filter.FilterStore;
import org.gnt.bus.job.JobClient;
import org.gnt.bus.view.ArchiveView;
import org.gnt.bus.view.ClusterRead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster as the gateway sees it: a ZooKeeper session, the job client (submission and the
 * {@code jobs.state} mirror), the {@code jobs.archive} mirror and the config/inventory mirror. Routes read the mirrors only; the
 * few direct ZooKeeper reads here are blocking and run on worker threads.
 */
public final class Backend implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Backend.class);

    private final BusConfig cfg;
    private final CuratorFramework curator;
    private final JobClient jobs;
    private final ClusterRead read;
    private final FilterStore filters;
    private final ArchiveView archive;

    private Backend(BusConfig cfg, CuratorFramework curator, JobClient jobs, ClusterRead read, ArchiveView archive) {
        this.cfg = cfg;
        this.curator = curator;
        this.jobs = jobs;
        this.read = read;
        this.filters = new FilterStore(curator, cfg.paths());
        this.archive = archive;
    }

    /** Connects to the cluster and waits (up to {@code timeout}) until the mirrors have caught up. */
    public static Backend connect(BusConfig cfg, Duration timeout) throws Exception {
        CuratorFramework curator = BusClients.curator(cfg);
        JobClient jobs = null;
        ClusterRead read = null;
        ArchiveView archive = null;
        try {
            if (!curator.blockUntilConnected((int) timeout.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("cannot connect to ZooKeeper at " + cfg.zkConnect());
            }
            // Create the topics with their retention policies before any reader asks for them:
            // a reader first could get them auto-created without compaction.
            TopicAdmin.ensureClusterTopics(cfg);
            jobs = new JobClient(cfg, curator);
            read = new ClusterRead(cfg, curator);
            // Ganeti still answers GET /2/jobs/ID of an archived job, so the archive is mirrored too
            archive = ArchiveView.full(cfg).start();
            if (!jobs.view().awaitCaughtUp(timeout)) {
                LOG.warn("job view not caught up after {}", timeout);
            }
            if (!archive.awaitCaughtUp(timeout)) {
                LOG.warn("job archive view not caught up after {}", timeout);
            }
            read.awaitReady(timeout);
            return new Backend(cfg, curator, jobs, read, archive);
        } catch (Exception | Error e) {
            if (archive != null) {
                archive.close();
            }
            if (read != null) {
                read.close();
            }
            if (jobs != null) {
                jobs.close();
            }
            curator.close();
            throw e;
        }
    }

    public BusConfig config() {
        return cfg;
    }

    public ZkPaths paths() {
        return cfg.paths();
    }

    public JobClient jobs() {
        return jobs;
    }

    public ClusterRead read() {
        return read;
    }

    /** The job filter rules in ZooKeeper; blocking. */
    public FilterStore filters() {
        return filters;
    }

    /** The archived jobs. */
    public ArchiveView archive() {
        return archive;
    }

    /** The PKCS12 certificate made at cluster init (password {@link RapiCertificate#PASSWORD}). Blocking. */
    public byte[] certificate() {
        return RapiCertificate.load(curator, cfg.paths());
    }

    /** The id of the coordinator that is master now, if any. Blocking. */
    public Optional<String> master() throws Exception {
        try {
            byte[] data = curator.getData().forPath(cfg.paths().master());
            return data == null || data.length == 0 ? Optional.empty()
                    : Optional.of(new String(data, StandardCharsets.UTF_8));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        }
    }

    /** The highest job id handed out so far (0 when none). Blocking. */
    public long lastJobId() throws Exception {
        try {
            byte[] data = curator.getData().forPath(cfg.paths().jobIdCounter());
            return Long.parseLong(new String(data, StandardCharsets.US_ASCII).trim());
        } catch (KeeperException.NoNodeException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        archive.close();
        read.close();
        jobs.close();
        curator.close();
    }
}
