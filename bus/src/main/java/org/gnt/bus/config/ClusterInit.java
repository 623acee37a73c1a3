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
import org.gnt.bus.opcode.OpClusterSetParams;
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

    /**
     * What {@code gnt-cluster init} may set beyond the basics; a null field keeps Ganeti's default.
     * {@code ipolicy}, {@code nicparams}, {@code diskparams}, {@code osparams} are changes applied to
     * the defaults with the same rules as {@code gnt-cluster modify} ({@link ClusterParams}).
     */
    public record Settings(Map<String, Object> ipolicy, Map<String, Object> nicparams,
                           Map<String, Map<String, Object>> diskparams, Map<String, Map<String, Object>> osparams,
                           Boolean maintainNodeHealth, String defaultIallocator, Integer candidatePoolSize) {
        public static final Settings DEFAULTS = new Settings(null, null, null, null, null, null, null);
    }

    public static ClusterConfig init(CuratorFramework curator, ZkPaths paths, String name, List<String> hypervisors,
                                     List<String> diskTemplates, Map<String, Object> beparams,
                                     Map<String, Map<String, Object>> hvparams, String fileStorageDir) {
        return init(curator, paths, name, hypervisors, diskTemplates, beparams, hvparams, fileStorageDir,
                Settings.DEFAULTS);
    }

    public static ClusterConfig init(CuratorFramework curator, ZkPaths paths, String name, List<String> hypervisors,
                                     List<String> diskTemplates, Map<String, Object> beparams,
                                     Map<String, Map<String, Object>> hvparams, String fileStorageDir,
                                     Settings settings) {
        ClusterConfig c = build(name, hypervisors, diskTemplates, beparams, hvparams, fileStorageDir, settings);
        GroupConfig g = new GroupConfig(GroupConfig.VERSION, UUID.randomUUID().toString(), DEFAULT_GROUP,
                "preferred", c.ctime(), c.ctime());
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

    /** The new cluster object, every value checked; nothing is written. */
    public static ClusterConfig build(String name, List<String> hypervisors, List<String> diskTemplates,
                                      Map<String, Object> beparams, Map<String, Map<String, Object>> hvparams,
                                      String fileStorageDir, Settings settings) {
        if (hypervisors.isEmpty()) {
            throw new PluginException(ErrorKind.INVAL, "At least one hypervisor must be enabled");
        }
        for (String h : hypervisors) {
            if (!OpClusterSetParams.HYPERVISORS.contains(h)) {
                throw new PluginException(ErrorKind.INVAL, "Invalid 'enabled_hypervisors': unknown hypervisor '" + h
                        + "' (known: " + String.join(", ", OpClusterSetParams.HYPERVISORS) + ")");
            }
        }
        for (String t : diskTemplates) {
            if (!OpClusterSetParams.DISK_TEMPLATES.contains(t)) {
                throw new PluginException(ErrorKind.INVAL, "Invalid 'enabled_disk_templates': unknown disk template '"
                        + t + "' (known: " + String.join(", ", OpClusterSetParams.DISK_TEMPLATES) + ")");
            }
        }
        if (settings.candidatePoolSize() != null && settings.candidatePoolSize() < 1) {
            throw new PluginException(ErrorKind.INVAL, "Invalid 'candidate_pool_size': must be greater than zero");
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
                diskTemplates, hvparams, be, fileStorageDir,
                settings.defaultIallocator() == null ? "hail" : settings.defaultIallocator(),
                settings.candidatePoolSize() == null ? 10 : settings.candidatePoolSize(), now, now);
        ClusterConfig.Builder b = c.toBuilder();
        if (settings.ipolicy() != null) {
            Map<String, Object> ip = ClusterParams.updatedIpolicy(c.ipolicy(), settings.ipolicy());
            ClusterParams.checkIpolicyTemplates(ip, diskTemplates);
            b.ipolicy(ip);
        }
        if (settings.nicparams() != null) {
            b.nicparams(ClusterParams.updatedNic(c.nicparams(), settings.nicparams()));
        }
        if (settings.diskparams() != null) {
            b.diskparams(ClusterParams.updatedDisk(c.diskparams(), settings.diskparams()));
        }
        if (settings.osparams() != null) {
            b.osparams(ClusterParams.updatedOs(c.osparams(), settings.osparams()));
        }
        if (settings.maintainNodeHealth() != null) {
            b.maintainNodeHealth(settings.maintainNodeHealth());
        }
        return b.build();
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
