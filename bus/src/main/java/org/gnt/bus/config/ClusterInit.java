package org.gnt.bus.config;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.KeeperException;
import org.gnt.bus.Json;
import org.gnt.bus.ZkPaths;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * The bootstrap half of {@code gnt-cluster init}: writes the cluster object, the default node group
 * and the empty config tree in one ZooKeeper transaction. As in Ganeti this is not a job: there is
 * no cluster yet for a master to run one in. Refuses (EXISTS) when the cluster is already initialised.
 */
public final class ClusterInit {
    public static final String DEFAULT_GROUP = "default";

    private ClusterInit() {
    }

    public static ClusterConfig init(CuratorFramework curator, ZkPaths paths, String name, List<String> hypervisors,
                                     List<String> diskTemplates, Map<String, Object> beparams,
                                     Map<String, Map<String, Object>> hvparams, String fileStorageDir) {
        if (hypervisors.isEmpty()) {
            throw new PluginException(ErrorKind.INVAL, "At least one hypervisor must be enabled");
        }
        Instant now = Instant.now();
        Map<String, Object> be = new java.util.LinkedHashMap<>(ClusterConfig.defaultBeparams());
        be.putAll(beparams);
        Object memory = be.remove("memory"); // Ganeti's legacy key: minmem = maxmem = memory
        if (memory != null) {
            be.put("minmem", memory);
            be.put("maxmem", memory);
        }
        ClusterConfig c = new ClusterConfig(ClusterConfig.VERSION, name, UUID.randomUUID().toString(), hypervisors,
                diskTemplates, hvparams, be, fileStorageDir, "hail", 10, now, now);
        GroupConfig g = new GroupConfig(GroupConfig.VERSION, UUID.randomUUID().toString(), DEFAULT_GROUP,
                "preferred", now, now);
        try {
            ensure(curator, paths.root());
            ensure(curator, paths.master());
            ensure(curator, paths.live());
            List<CuratorOp> ops = List.of(
                    curator.transactionOp().create().forPath(paths.config()),
                    curator.transactionOp().create().forPath(paths.clusterConfig(), Json.bytes(c)),
                    curator.transactionOp().create().forPath(paths.groups()),
                    curator.transactionOp().create().forPath(paths.group(g.uuid()), Json.bytes(g)),
                    curator.transactionOp().create().forPath(paths.nodes()),
                    curator.transactionOp().create().forPath(paths.instances()),
                    curator.transactionOp().create().forPath(paths.networks()));
            curator.transaction().forOperations(ops);
            return c;
        } catch (KeeperException.NodeExistsException e) {
            throw new PluginException(ErrorKind.EXISTS, "Cluster '" + paths.cluster() + "' is already initialised");
        } catch (PluginException e) {
            throw e;
        } catch (Exception e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot initialise the cluster in ZooKeeper: " + e, e);
        }
    }

    /** Whether the cluster object exists. */
    public static boolean isInitialised(CuratorFramework curator, ZkPaths paths) {
        try {
            return curator.checkExists().forPath(paths.clusterConfig()) != null;
        } catch (Exception e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot read ZooKeeper: " + e, e);
        }
    }

    private static void ensure(CuratorFramework curator, String path) throws Exception {
        try {
            // empty data: Curator would otherwise store this host's address
            curator.create().creatingParentsIfNeeded().forPath(path, new byte[0]);
        } catch (KeeperException.NodeExistsException e) {
            // already there
        }
    }
}
