package org.gnt.coordinator.election;

import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.gnt.bus.ZkPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the {@code master-failover} znode ({@code gnt-cluster master-failover}, see
 * {@code bus.election.MasterHandover}). A request naming this coordinator while it is master is
 * consumed (deleted, so it cannot act again later) and the coordinator steps down through
 * {@link MasterElection#relaunch()}, which rejoins the election only after a pause so another
 * candidate wins. A request naming someone else is left for that coordinator.
 */
public final class FailoverWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverWatch.class);

    private final CuratorFramework curator;
    private final ZkPaths paths;
    private final String id;
    private final BooleanSupplier isMaster;
    private final Runnable stepDown;
    private final CuratorCache cache;

    public FailoverWatch(CuratorFramework curator, ZkPaths paths, String id, BooleanSupplier isMaster,
                         Runnable stepDown) {
        this.curator = curator;
        this.paths = paths;
        this.id = id;
        this.isMaster = isMaster;
        this.stepDown = stepDown;
        this.cache = CuratorCache.build(curator, paths.masterFailover(), CuratorCache.Options.SINGLE_NODE_CACHE);
    }

    public FailoverWatch start() {
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreates(this::requested)
                .forChanges((before, after) -> requested(after))
                .build());
        cache.start();
        return this;
    }

    private void requested(ChildData data) {
        if (data == null || data.getData() == null) {
            return;
        }
        String target = new String(data.getData(), StandardCharsets.UTF_8);
        if (!target.equals(id) || !isMaster.getAsBoolean()) {
            return;
        }
        try {
            curator.delete().withVersion(data.getStat().getVersion()).forPath(paths.masterFailover());
        } catch (Exception e) {
            LOG.warn("failover request already taken or changed; ignoring this one", e);
            return;
        }
        LOG.info("{} steps down as master on request (gnt-cluster master-failover)", id);
        stepDown.run();
    }

    @Override
    public void close() {
        cache.close();
    }
}
