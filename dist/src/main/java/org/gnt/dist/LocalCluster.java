package org.gnt.dist;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.curator.framework.CuratorFramework;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.TopicAdmin;
import org.gnt.bus.config.ClusterInit;
import org.gnt.bus.config.RapiCertificate;
import org.gnt.bus.job.JobClient;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.job.OpErrors;
import org.gnt.bus.Json;
import org.gnt.bus.opcode.OpCodes;
import org.gnt.bus.opcode.OpNodeAdd;
import org.gnt.coordinator.CoordinatorMain;
import org.gnt.gateway.GatewayMain;
import org.gnt.node.NodeServiceMain;
import org.gnt.testkit.EmbeddedBusServers;

/**
 * A whole gnt cluster on one machine: embedded ZooKeeper and Kafka in this JVM, and coordinators,
 * node services and a RAPI gateway as child JVMs. All state lives under one directory, so a
 * restart over the same directory brings back the same cluster. Used by the quickstart and by
 * the end-to-end tests.
 */
public final class LocalCluster implements AutoCloseable {
    public static final String CLUSTER = "quickstart";
    public static final String ADMIN = "admin";

    /**
     * What to start. {@code hypervisors} are the cluster's enabled hypervisors at init (the first
     * is the default); the node services load every bundle in {@code bundleDir} whatever it says.
     */
    public record Options(Path dir, int coordinators, int nodes, int rapiPort, Path bundleDir, long nodeMemoryMib,
                          List<String> hypervisors) {
        public Options {
            hypervisors = List.copyOf(hypervisors);
        }

        /** The fake hypervisor only, as the quickstart and the walking-skeleton tests use. */
        public Options(Path dir, int coordinators, int nodes, int rapiPort, Path bundleDir, long nodeMemoryMib) {
            this(dir, coordinators, nodes, rapiPort, bundleDir, nodeMemoryMib, List.of("fake"));
        }

        public static Options defaults(Path dir, Path bundleDir) {
            return new Options(dir, 2, 3, 5080, bundleDir, 8192);
        }

        public Options withRapiPort(int port) {
            return new Options(dir, coordinators, nodes, port, bundleDir, nodeMemoryMib, hypervisors);
        }

        public Options withHypervisors(List<String> hvs) {
            return new Options(dir, coordinators, nodes, rapiPort, bundleDir, nodeMemoryMib, hvs);
        }
    }

    private final Options opt;
    private final Path logs;
    private EmbeddedBusServers servers;
    private BusConfig bus;
    private final Map<String, Process> coordinators = new LinkedHashMap<>();
    private final Map<String, Process> nodes = new LinkedHashMap<>();
    private Process gateway;
    private String password;

    public LocalCluster(Options opt) {
        this.opt = opt;
        this.logs = opt.dir().resolve("logs");
    }

    public LocalCluster start() throws Exception {
        Files.createDirectories(logs);
        servers = new EmbeddedBusServers(opt.dir().resolve("bus")).start();
        bus = new BusConfig(servers.bootstrapServers(), servers.zkConnect(), CLUSTER);
        bus.store(confFile());
        TopicAdmin.ensureClusterTopics(bus);
        boolean fresh;
        try (CuratorFramework curator = BusClients.curator(bus)) {
            fresh = !ClusterInit.isInitialised(curator, bus.paths());
            if (fresh) {
                ClusterInit.init(curator, bus.paths(), CLUSTER, opt.hypervisors(),
                        List.of("file", "sharedfile", "diskless"), Map.of(), Map.of(), opt.dir().resolve("storage").toString());
            }
            RapiCertificate.ensure(curator, bus.paths(), "localhost");
        }
        writeCredentials();
        for (int i = 1; i <= opt.coordinators(); i++) {
            startCoordinator("coord" + i);
        }
        for (int i = 1; i <= opt.nodes(); i++) {
            startNode(nodeName(i));
        }
        gateway = ChildJvm.start("gateway", ChildJvm.BUSY, GatewayMain.class, List.of("--conf", confFile().toString(),
                "--users", usersFile().toString(), "--port", Integer.toString(opt.rapiPort()), "--bind", "127.0.0.1"),
                logs);
        try (CuratorFramework curator = BusClients.curator(bus); JobClient jobs = new JobClient(bus, curator)) {
            if (fresh) {
                // one candidate per coordinator: coordinator i runs bound to node i, every candidate has one
                await(jobs, jobs.submit(OpCodes.parse(Json.MAPPER.readTree("{\"OP_ID\": \"OP_CLUSTER_SET_PARAMS\","
                        + " \"candidate_pool_size\": " + Math.max(1, opt.coordinators()) + "}"))).get(), "cluster-modify");
            }
            waitForNodesLive(curator, Duration.ofMinutes(2));
            addMissingNodes(curator, jobs);
        }
        waitForPort(opt.rapiPort(), Duration.ofMinutes(1));
        awaitCoordinatorsRegistered(Duration.ofMinutes(1));
        return this;
    }

    public static String nodeName(int i) {
        return "node" + i;
    }

    public static String nodeIp(int i) {
        return "127.0.0." + i;
    }

    /**
     * Starts coordinator {@code coordN}, bound to node {@code nodeN} when the cluster has that node:
     * it takes part in the master election while nodeN is a master candidate (or not added yet).
     */
    public void startCoordinator(String id) throws IOException {
        List<String> args = new ArrayList<>(List.of("--conf", confFile().toString(), "--id", id));
        boundNode(id).ifPresent(n -> args.addAll(List.of("--node", n)));
        coordinators.put(id, ChildJvm.start(id, ChildJvm.BUSY, CoordinatorMain.class, args, logs));
    }

    /**
     * Waits until every running coordinator has registered itself ({@code ZkPaths.coordinator}):
     * cluster verify counts a candidate whose coordinator is still starting as one without.
     */
    public void awaitCoordinatorsRegistered(Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        try (CuratorFramework curator = BusClients.curator(bus)) {
            for (var c : coordinators.entrySet()) {
                while (c.getValue().isAlive() && curator.checkExists().forPath(bus.paths().coordinator(c.getKey())) == null) {
                    if (System.nanoTime() > end) {
                        throw new IllegalStateException("coordinator " + c.getKey() + " did not register; see "
                                + logs.resolve(c.getKey() + ".log"));
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    /** The node coordinator {@code coordN} is bound to: nodeN when N is at most the node count. */
    public Optional<String> boundNode(String coordinatorId) {
        if (coordinatorId.matches("coord[1-9][0-9]*")) {
            int i = Integer.parseInt(coordinatorId.substring(5));
            if (i <= opt.nodes()) {
                return Optional.of(nodeName(i));
            }
        }
        return Optional.empty();
    }

    public void startNode(String name) throws IOException {
        int i = Integer.parseInt(name.substring(4));
        List<String> args = new ArrayList<>(List.of("--conf", confFile().toString(), "--name", name, "--ip", nodeIp(i),
                "--dir", opt.dir().resolve("nodes").resolve(name).toString(),
                "--memory", Long.toString(opt.nodeMemoryMib()), "--vcpus", "8",
                // every node of the one-machine cluster mounts the same "shared" directory
                "--shared-file-dir", sharedFileDir().toString()));
        try (var jars = Files.list(opt.bundleDir())) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                args.add("--bundle");
                args.add(jar.toString());
            }
        }
        nodes.put(name, ChildJvm.start(name, ChildJvm.SMALL, NodeServiceMain.class, args, logs));
    }

    private void waitForNodesLive(CuratorFramework curator, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        for (String n : nodes.keySet()) {
            while (curator.checkExists().forPath(bus.paths().live(n)) == null) {
                if (System.nanoTime() > end || !nodes.get(n).isAlive()) {
                    throw new IllegalStateException("node service " + n + " did not come up; see " + logs.resolve(n + ".log"));
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Adds (OP_NODE_ADD) every node service not yet in the config, one after the other: a new node
     * promotes itself while the candidate pool is short, so node1..nodeN (those with coordinators)
     * become the candidates.
     */
    private void addMissingNodes(CuratorFramework curator, JobClient jobs) throws Exception {
        for (String n : nodes.keySet()) {
            if (curator.checkExists().forPath(bus.paths().nodes()) != null && !nodeInConfig(curator, n)) {
                int i = Integer.parseInt(n.substring(4));
                await(jobs, jobs.submit(OpNodeAdd.of(n, nodeIp(i))).get(), "node-add");
            }
        }
    }

    private void await(JobClient jobs, long id, String what) throws Exception {
        Optional<JobState> j = jobs.awaitFinal(id, Duration.ofMinutes(2)).get();
        if (j.isEmpty()) {
            throw new IllegalStateException(what + " job " + id + " did not finish; see " + logs);
        }
        if (j.get().status() != JobStatus.SUCCESS) {
            throw new IllegalStateException(what + " job " + id + " failed: "
                    + OpErrors.message(j.get().ops().get(0).result()));
        }
    }

    private boolean nodeInConfig(CuratorFramework curator, String name) throws Exception {
        for (String uuid : curator.getChildren().forPath(bus.paths().nodes())) {
            String json = new String(curator.getData().forPath(bus.paths().node(uuid)), StandardCharsets.UTF_8);
            if (json.contains("\"name\":\"" + name + "\"")) {
                return true;
            }
        }
        return false;
    }

    private static void waitForPort(int port, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("RAPI did not open port " + port);
    }

    /** Writes the admin's credentials once (kept across restarts) and the RAPI users file. */
    private void writeCredentials() throws Exception {
        Path cred = credentialsFile();
        if (Files.exists(cred)) {
            String line = Files.readString(cred).trim();
            password = line.substring(line.indexOf(':') + 1);
        } else {
            byte[] b = new byte[12];
            new SecureRandom().nextBytes(b);
            password = HexFormat.of().formatHex(b);
            Files.writeString(cred, ADMIN + ":" + password + "\n");
        }
        String ha1 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest((ADMIN + ":Ganeti Remote API:" + password).getBytes(StandardCharsets.UTF_8)));
        Files.writeString(usersFile(), "# gnt RAPI users: name password [write]\n"
                + ADMIN + " {HA1}" + ha1 + " write\n");
        cred.toFile().setReadable(false, false);
        cred.toFile().setReadable(true, true);
    }

    public BusConfig bus() {
        return bus;
    }

    public Path confFile() {
        return opt.dir().resolve("gnt.conf");
    }

    public Path usersFile() {
        return opt.dir().resolve("rapi_users");
    }

    public Path credentialsFile() {
        return opt.dir().resolve("rapi-credentials");
    }

    public Path logs() {
        return logs;
    }

    public String password() {
        return password;
    }

    public int rapiPort() {
        return opt.rapiPort();
    }

    public Map<String, Process> coordinators() {
        return coordinators;
    }

    public Map<String, Process> nodes() {
        return nodes;
    }

    /** The directory every node mounts for the {@code sharedfile} template. */
    public Path sharedFileDir() {
        return opt.dir().resolve("shared-file-storage");
    }

    public Path nodeDir(String node) {
        return opt.dir().resolve("nodes").resolve(node);
    }

    @Override
    public void close() throws Exception {
        List<Process> all = new ArrayList<>();
        if (gateway != null) {
            all.add(gateway);
        }
        all.addAll(coordinators.values());
        all.addAll(nodes.values());
        all.forEach(Process::destroy);
        for (Process p : all) {
            if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (servers != null) {
            servers.close();
        }
    }
}
