package org.gnt.node.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.gnt.bus.BusConfig;
import org.gnt.bus.GntVersion;
import org.gnt.bus.Json;
import org.gnt.bus.state.NodeState;
import org.gnt.node.felix.FelixHost;
import org.gnt.node.plugins.PluginRegistry;
import org.gnt.plugins.ParamSpec;
import org.gnt.plugins.disk.DiskDriver;
import org.gnt.plugins.disk.DiskRef;
import org.gnt.plugins.disk.StorageSpace;
import org.gnt.plugins.hypervisor.Hypervisor;
import org.gnt.plugins.hypervisor.NodeResources;
import org.gnt.plugins.hypervisor.RuntimeInstance;
import org.gnt.plugins.os.OsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's inventory (capacity, storage, the disks present, OSes, instances, plugin parameter
 * specs, bundles, the service's version),
 * published to the compacted {@code nodes.state} topic at start, periodically, and after every
 * RPC that changed something.
 */
public final class Inventory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Inventory.class);

    private final BusConfig cfg;
    private final String node;
    private final String primaryIp;
    private final PluginRegistry plugins;
    private final FelixHost felix;
    private final KafkaProducer<String, byte[]> producer;
    private final long epoch = System.currentTimeMillis();
    private final AtomicLong seq = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "inventory");
        t.setDaemon(true);
        return t;
    });

    public Inventory(BusConfig cfg, String node, String primaryIp, PluginRegistry plugins, FelixHost felix,
                     KafkaProducer<String, byte[]> producer) {
        this.cfg = cfg;
        this.node = node;
        this.primaryIp = primaryIp;
        this.plugins = plugins;
        this.felix = felix;
        this.producer = producer;
    }

    public Inventory start(Duration period) {
        timer.scheduleAtFixedRate(() -> {
            try {
                publish();
            } catch (RuntimeException e) {
                LOG.warn("cannot publish inventory: {}", e.toString());
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** What this node has now. */
    public synchronized NodeState snapshot() {
        Map<String, NodeResources> hvs = new LinkedHashMap<>();
        Map<String, List<RuntimeInstance>> instances = new LinkedHashMap<>();
        Map<String, List<ParamSpec>> params = new LinkedHashMap<>();
        for (String hv : plugins.names(Hypervisor.class)) {
            plugins.with(Hypervisor.class, hv, h -> {
                hvs.put(hv, h.nodeInfo());
                instances.put(hv, h.list());
                params.put("hv:" + hv, h.parameters());
                return null;
            });
        }
        Map<String, StorageSpace> storage = new LinkedHashMap<>();
        Map<String, List<String>> volumes = new LinkedHashMap<>();
        for (String d : plugins.names(DiskDriver.class)) {
            plugins.with(DiskDriver.class, d, drv -> {
                storage.put(d, drv.space());
                params.put("disk:" + d, drv.parameters());
                drv.list().ifPresent(refs -> volumes.put(d, refs.stream().map(DiskRef::id).toList()));
                return null;
            });
        }
        List<String> oses = plugins.names(OsProvider.class);
        for (String os : oses) {
            params.put("os:" + os, plugins.with(OsProvider.class, os, OsProvider::parameters));
        }
        return new NodeState(NodeState.VERSION, node, primaryIp, epoch, seq.incrementAndGet(), Instant.now(), hvs,
                storage, oses, instances, felix.bundles(), params, volumes, GntVersion.SOFTWARE, GntVersion.PROTOCOL,
                felix.bundleInfo());
    }

    /** Publishes the current inventory and waits until Kafka has it. */
    public void publish() {
        NodeState s = snapshot();
        try {
            producer.send(new ProducerRecord<>(cfg.topics().nodesState(), node, Json.bytes(s))).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish inventory of " + node + ": " + e, e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
