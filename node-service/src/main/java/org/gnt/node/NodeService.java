package org.gnt.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.TopicAdmin;
import org.gnt.node.felix.BundleInstaller;
import org.gnt.node.felix.FelixHost;
import org.gnt.node.inventory.Inventory;
import org.gnt.node.plugins.NoopOs;
import org.gnt.node.plugins.PluginRegistry;
import org.gnt.node.rpc.RpcDispatcher;
import org.gnt.node.rpc.RpcServer;
import org.gnt.node.rpc.StepJournal;
import org.gnt.node.rpc.MasterEpochFence;
import org.gnt.plugins.hypervisor.Hypervisor;
import org.gnt.plugins.os.OsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node service: Felix with the plugin bundles, the RPC server, the inventory publisher and
 * the liveness znode, started in that order (a node announces itself only once it can serve).
 */
public final class NodeService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeService.class);
    /** Framework properties the bundles read. */
    public static final String PROP_NODE = "gnt.node.name";
    public static final String PROP_DIR = "gnt.node.dir";
    public static final String PROP_STORAGE_DIR = "gnt.node.storage.dir";
    /** The directory every node mounts for the {@code sharedfile} template; unset when there is none. */
    public static final String PROP_SHARED_FILE_DIR = "gnt.node.sharedfile.dir";
    public static final String PROP_MEMORY = "gnt.node.memory.mib";
    public static final String PROP_VCPUS = "gnt.node.vcpus";

    /** How a node is set up: identity, where it keeps state, which bundles, what capacity it declares. */
    public record Settings(String name, String primaryIp, Path dir, List<Path> bundles, long memoryMib, int vcpus,
                           Path sharedFileDir) {
        /** A node without shared file storage. */
        public Settings(String name, String primaryIp, Path dir, List<Path> bundles, long memoryMib, int vcpus) {
            this(name, primaryIp, dir, bundles, memoryMib, vcpus, null);
        }
    }

    private final BusConfig cfg;
    private final Settings settings;
    private CuratorFramework curator;
    private KafkaProducer<String, byte[]> producer;
    private FelixHost felix;
    private Inventory inventory;
    private BundleInstaller bundles;
    private RpcServer rpc;
    private Liveness liveness;
    private MasterEpochFence fence;

    public NodeService(BusConfig cfg, Settings settings) {
        this.cfg = cfg;
        this.settings = settings;
    }

    public NodeService start() throws Exception {
        Files.createDirectories(settings.dir());
        Path storage = settings.dir().resolve("storage");
        Files.createDirectories(storage);
        Map<String, String> props = new HashMap<>(Map.of(
                PROP_NODE, settings.name(),
                PROP_DIR, settings.dir().toAbsolutePath().toString(),
                PROP_STORAGE_DIR, storage.toAbsolutePath().toString(),
                PROP_MEMORY, Long.toString(settings.memoryMib()),
                PROP_VCPUS, Integer.toString(settings.vcpus())));
        if (settings.sharedFileDir() != null) {
            Files.createDirectories(settings.sharedFileDir());
            props.put(PROP_SHARED_FILE_DIR, settings.sharedFileDir().toAbsolutePath().toString());
        }
        Path bundleStore = settings.dir().resolve("bundles");
        felix = new FelixHost(settings.dir().resolve("felix-cache"), props)
                .start(BundleInstaller.bootList(settings.bundles(), bundleStore));
        Hashtable<String, Object> noop = new Hashtable<>();
        noop.put(Hypervisor.NAME, NoopOs.NAME);
        felix.context().registerService(OsProvider.class, new NoopOs(), noop);
        PluginRegistry plugins = new PluginRegistry(felix.context(), settings.name());

        TopicAdmin.ensureClusterTopics(cfg);
        TopicAdmin.ensureNodeTopic(cfg, settings.name());
        curator = BusClients.curator(cfg);
        producer = BusClients.producer(cfg, "node-" + settings.name());
        inventory = new Inventory(cfg, settings.name(), settings.primaryIp(), plugins, felix, producer);
        inventory.publish();
        inventory.start(Duration.ofSeconds(10));
        bundles = new BundleInstaller(cfg, settings.name(), felix, bundleStore, inventory::publish).start();
        // a node that was down while a bundle was published catches up before it announces itself
        if (!bundles.awaitCaughtUp(Duration.ofSeconds(60))) {
            LOG.warn("node {} has not applied the bundles topic within 60 s; going on", settings.name());
        }
        rpc = new RpcServer(cfg, settings.name(), new RpcDispatcher(plugins, inventory), inventory, producer,
                new StepJournal(settings.dir().resolve("step-journal.jsonl")),
                fence = new MasterEpochFence(curator, cfg.paths()).start()).start();
        liveness = new Liveness(curator, cfg.paths(), settings.name(), settings.primaryIp()).start();
        return this;
    }

    public FelixHost felix() {
        return felix;
    }

    public String name() {
        return settings.name();
    }

    @Override
    public void close() throws Exception {
        if (liveness != null) {
            liveness.close();
        }
        if (rpc != null) {
            rpc.close();
        }
        if (fence != null) {
            fence.close();
        }
        if (bundles != null) {
            bundles.close();
        }
        if (inventory != null) {
            inventory.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
        if (curator != null) {
            curator.close();
        }
        if (felix != null) {
            felix.close();
        }
    }
}
