package org.gnt.dist;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.server.ServerMetrics;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.bus.TopicAdmin;
import org.gnt.bus.config.ClusterInit;
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.job.JobClient;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.state.NodeState;
import org.gnt.bus.view.ClusterRead;
import org.gnt.bus.view.NodeStateView;
import org.gnt.cli.Gnt;
import org.gnt.coordinator.Coordinator;
import org.gnt.node.NodeService;
import org.gnt.testkit.EmbeddedBusServers;

/**
 * A large cluster in one JVM, for scale tests and benchmarks: embedded Kafka and ZooKeeper, one
 * real node service (Felix with the real fake-hypervisor and file-storage bundles) and
 * {@code nodes - 1} simulated ones — each announces itself with a liveness znode and publishes
 * the real node's inventory under its own name — and an in-process master coordinator. Instances
 * are created by real jobs (diskless, not started, so no node RPC is needed per create).
 */
public final class ScaleCluster implements AutoCloseable {
    private final Path dir;
    private final int nodes;
    private final Path bundles;
    private EmbeddedBusServers servers;
    private BusConfig bus;
    private CuratorFramework curator;
    private NodeService realNode;
    private Coordinator coordinator;
    private JobClient jobs;
    private ClusterRead read;
    private Process gateway;
    private org.gnt.testkit.RapiHttp rapi;

    public ScaleCluster(Path dir, int nodes, Path bundles) {
        this.dir = dir;
        this.nodes = nodes;
        this.bundles = bundles;
    }

    public static String nodeName(int i) {
        return "node" + i;
    }

    public ScaleCluster start() throws Exception {
        servers = new EmbeddedBusServers(dir.resolve("bus")).start();
        bus = new BusConfig(servers.bootstrapServers(), servers.zkConnect(), "scale");
        bus.store(confFile());
        TopicAdmin.ensureClusterTopics(bus);
        curator = BusClients.curator(bus);
        ClusterInit.init(curator, bus.paths(), "scale", List.of("fake"), List.of("file", "diskless"), Map.of(),
                Map.of(), dir.resolve("storage").toString());
        org.gnt.bus.config.RapiCertificate.ensure(curator, bus.paths(), "localhost");
        List<Path> jars;
        try (var l = Files.list(bundles)) {
            jars = l.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        realNode = new NodeService(bus, new NodeService.Settings(nodeName(1), "127.0.0.1",
                dir.resolve("nodes").resolve(nodeName(1)), jars, 1 << 20, 64)).start();
        NodeState model;
        try (NodeStateView states = new NodeStateView(bus).start()) {
            long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (states.get(nodeName(1)).isEmpty() && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            model = states.get(nodeName(1)).orElseThrow(() -> new IllegalStateException("node1 published nothing"));
        }
        simulateNodes(model);
        writeNodeConfigs();
        coordinator = new Coordinator(bus, "scale-master", 64).start();
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!coordinator.isMaster() && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        jobs = new JobClient(bus, curator);
        read = new ClusterRead(bus, curator).awaitReady(Duration.ofMinutes(1));
        return this;
    }

    /** Nodes 2..N: the real node's inventory under their names, and a liveness znode each. */
    private void simulateNodes(NodeState model) throws Exception {
        try (KafkaProducer<String, byte[]> p = BusClients.producer(bus, "scale-nodes")) {
            for (int i = 2; i <= nodes; i++) {
                String name = nodeName(i);
                NodeState s = new NodeState(NodeState.VERSION, name, ip(i), 1, 1, Instant.now(), model.hypervisors(),
                        model.storage(), model.oses(), Map.of(), model.bundles(), model.parameters(),
                        Map.of(), model.softwareVersion(), model.protocolVersion()); // no disks listed: none are real
                p.send(new ProducerRecord<>(bus.topics().nodesState(), name, Json.bytes(s)));
                curator.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
                        .forPath(bus.paths().live(name), ("{\"node\":\"" + name + "\"}").getBytes());
            }
            p.flush();
        }
    }

    private static String ip(int i) {
        return "127." + (i / 65536) % 256 + "." + (i / 256) % 256 + "." + i % 256;
    }

    /** The node objects, written before the master loads the config (as N node-add jobs would). */
    private void writeNodeConfigs() throws Exception {
        String group = curator.getChildren().forPath(bus.paths().groups()).get(0);
        GroupConfig g = Json.read(curator.getData().forPath(bus.paths().group(group)), GroupConfig.class);
        Instant now = Instant.now();
        for (int i = 1; i <= nodes; i++) {
            NodeConfig n = new NodeConfig(NodeConfig.VERSION, UUID.randomUUID().toString(), nodeName(i), ip(i), ip(i),
                    g.uuid(), i <= 10, false, false, true, true, now, now);
            curator.create().forPath(bus.paths().node(n.uuid()), Json.bytes(n));
        }
    }

    /** What creating instances cost: jobs/s and ZooKeeper bytes received per create. */
    public record CreateFigures(int created, double seconds, double zkBytesPerCreate) {
    }

    /** Creates {@code count} more instances by jobs from {@code submitters} threads, spread over the nodes. */
    public CreateFigures createInstances(int first, int count, int submitters) throws Exception {
        long zkBefore = ServerMetrics.getMetrics().BYTES_RECEIVED_COUNT.get();
        AtomicInteger next = new AtomicInteger(first);
        ExecutorService pool = Executors.newFixedThreadPool(submitters);
        List<Future<?>> parts = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < submitters; t++) {
            parts.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < first + count) {
                    JsonNode op = Json.MAPPER.readTree("""
                            {"OP_ID": "OP_INSTANCE_CREATE", "mode": "create", "instance_name": "inst%d.example.com",
                             "disk_template": "diskless", "disks": [], "nics": [{"mode": "bridged", "link": "br0"}],
                             "os_type": "noop", "beparams": {"memory": 128}, "start": false, "no_install": true,
                             "name_check": false, "ip_check": false, "pnode": "%s"}"""
                            .formatted(i, nodeName(i % nodes + 1)));
                    long id = jobs.submitAndGetId(List.of(op), 0);
                    JobState j = jobs.awaitFinal(id, Duration.ofMinutes(5)).get()
                            .orElseThrow(() -> new IllegalStateException("job " + id + " did not finish"));
                    if (j.status() != JobStatus.SUCCESS) {
                        throw new IllegalStateException("create " + i + " failed: " + j.ops().get(0).result());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : parts) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        long zkBytes = ServerMetrics.getMetrics().BYTES_RECEIVED_COUNT.get() - zkBefore;
        return new CreateFigures(count, seconds, (double) zkBytes / count);
    }

    /** Runs a gnt-* command in-process against this cluster; returns its output (throws on failure). */
    public String cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--conf";
        all[args.length + 1] = confFile().toString();
        int rc = Gnt.run(all, new PrintStream(out, true), new PrintStream(err, true));
        if (rc != 0) {
            throw new IllegalStateException(Arrays.toString(args) + " exited " + rc + ": " + err);
        }
        return out.toString();
    }

    /** Starts the RAPI gateway (a child JVM, as in a real deployment) on {@code port}; reads need no credentials. */
    public ScaleCluster startGateway(int port) throws Exception {
        Path users = dir.resolve("rapi_users");
        Files.writeString(users, "");
        gateway = ChildJvm.start("gateway", ChildJvm.BUSY, org.gnt.gateway.GatewayMain.class, List.of("--conf",
                confFile().toString(), "--users", users.toString(), "--port", Integer.toString(port), "--bind",
                "127.0.0.1"), Files.createDirectories(dir.resolve("logs")));
        rapi = new org.gnt.testkit.RapiHttp("https://127.0.0.1:" + port, "reader", "none");
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (true) {
            try {
                if (rapi.get("/2/info").status() == 200) {
                    return this;
                }
            } catch (RuntimeException e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
            }
            Thread.sleep(200);
        }
    }

    /** A RAPI read; throws unless the answer is 200. */
    public String rapiGet(String path) {
        org.gnt.testkit.RapiHttp.Response r = rapi.get(path);
        if (r.status() != 200) {
            throw new IllegalStateException("GET " + path + ": " + r.status() + " " + r.body());
        }
        return r.body();
    }

    /** Median wall time in milliseconds of {@code runs} runs of {@code what}, after one unmeasured run. */
    public static double medianMs(int runs, Runnable what) {
        what.run();
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            what.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return t[runs / 2];
    }

    public Path confFile() {
        return dir.resolve("gnt.conf");
    }

    public BusConfig bus() {
        return bus;
    }

    public CuratorFramework curator() {
        return curator;
    }

    public ClusterRead read() {
        return read;
    }

    @Override
    public void close() throws Exception {
        if (gateway != null) {
            gateway.destroy();
            gateway.waitFor(10, TimeUnit.SECONDS);
        }
        for (AutoCloseable c : new AutoCloseable[]{read, jobs, coordinator, realNode, curator, servers}) {
            if (c != null) {
                c.close();
            }
        }
    }
}
