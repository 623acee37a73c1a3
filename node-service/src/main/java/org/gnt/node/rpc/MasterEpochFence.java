package org.gnt.node.rpc;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.gnt.bus.ZkPaths;

/**
 * The node's side of master fencing: the current master epoch (the master znode's version), from a
 * watched mirror. A request sent by an older master — one deposed that has not noticed yet — is
 * refused instead of run, so two masters never both drive a node. The mirror may trail a new
 * claim for a moment; it never runs ahead of it, so the current master is never refused.
 */
public final class MasterEpochFence implements AutoCloseable {
    private final CuratorCache cache;
    private final String path;

    public MasterEpochFence(CuratorFramework curator, ZkPaths paths) {
        this.path = paths.master();
        this.cache = CuratorCache.build(curator, path, CuratorCache.Options.SINGLE_NODE_CACHE);
    }

    public MasterEpochFence start() {
        cache.start();
        return this;
    }

    /** The newest master epoch this node has seen; -1 before any master claimed the role. */
    public long current() {
        return cache.get(path).map(d -> (long) d.getStat().getVersion()).orElse(-1L);
    }

    @Override
    public void close() {
        cache.close();
    }
}
