package org.gnt.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.curator.framework.CuratorFramework;
import org.gnt.bus.BusClients;
import org.gnt.bus.Json;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.job.JobClient;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.opcode.OpCodes;
import org.gnt.bus.view.ClusterRead;
import org.gnt.cli.Gnt;
import org.gnt.plugins.hypervisor.RuntimeInstance;
import org.gnt.testkit.RapiHttp;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every dist end-to-end test starts with: a {@link LocalCluster} in a fresh directory under
 * target, the clients a test talks to it with (RAPI, ZooKeeper, the config/inventory mirror,
 * jobs), and the few helpers they all need. A JUnit extension: a test class holds it in a static
 * {@code @RegisterExtension} field; the cluster starts before the class's {@code @BeforeAll}
 * methods and stops after its {@code @AfterAll} ones, also when the start failed half way.
 */
final class ClusterFixture implements BeforeAllCallback, AfterAllCallback {
    /** The tiny kvm guest (kernel + busybox initramfs), built once by the kvm bundle's script. */
    static final Path GUEST = Path.of("target", "kvm-guest").toAbsolutePath();
    static final Path BUILD_GUEST = Path.of("..", "bundles", "hypervisor-kvm", "src", "test", "resources", "guest",
            "build-guest.sh").toAbsolutePath().normalize();
    /** Long enough for a kvm guest under TCG; fake-hypervisor jobs take seconds. */
    static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);

    private final String prefix;
    private final int coordinators;
    private final int nodes;
    private final long nodeMemoryMib;
    private final List<String> hypervisors;
    private boolean kvmGuest;
    private final List<Long> killOnClose = new ArrayList<>();
    Path dir;
    LocalCluster cluster;
    RapiHttp rapi;
    CuratorFramework curator;
    ClusterRead read;
    JobClient jobs;

    /**
     * A cluster of {@code coordinators} and {@code nodes} in target/{@code prefix}-millis (keep the
     * prefix short for kvm: QEMU's unix sockets live under it, sun_path is 108 bytes).
     */
    ClusterFixture(String prefix, int coordinators, int nodes, long nodeMemoryMib, List<String> hypervisors) {
        this.prefix = prefix;
        this.coordinators = coordinators;
        this.nodes = nodes;
        this.nodeMemoryMib = nodeMemoryMib;
        this.hypervisors = List.copyOf(hypervisors);
    }

    /** Skip the test class without QEMU; build the kvm guest ({@link #GUEST}) unless it is cached. */
    ClusterFixture withKvmGuest() {
        kvmGuest = true;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (kvmGuest) {
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64")),
                    "qemu-system-x86_64 is not installed (.ci/run installs it)");
            if (!Files.exists(GUEST.resolve("vmlinuz")) || !Files.exists(GUEST.resolve("initrd.gz"))) {
                Process p = new ProcessBuilder("bash", BUILD_GUEST.toString(), GUEST.toString()).inheritIO().start();
                assertEquals(0, p.waitFor(), "build-guest.sh failed");
            }
        }
        dir = Files.createDirectories(Path.of("target", prefix + "-" + System.currentTimeMillis())).toAbsolutePath();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        cluster = new LocalCluster(new LocalCluster.Options(dir, coordinators, nodes, port,
                Path.of(System.getProperty("gnt.bundles.dir", "target/bundles")).toAbsolutePath(), nodeMemoryMib,
                hypervisors));
        cluster.start();
        rapi = new RapiHttp("https://127.0.0.1:" + port, LocalCluster.ADMIN, cluster.password());
        curator = BusClients.curator(cluster.bus());
        read = new ClusterRead(cluster.bus(), curator).awaitReady(Duration.ofSeconds(30));
        jobs = new JobClient(cluster.bus(), curator);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (long pid : killOnClose) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        for (AutoCloseable c : new AutoCloseable[]{jobs, read, curator, cluster}) {
            if (c != null) {
                c.close();
            }
        }
    }

    /** A process the test made the cluster start (a QEMU): killed first when the class is done. */
    void killOnClose(long pid) {
        killOnClose.add(pid);
    }

    /** Submits one opcode (Ganeti's JSON form) and waits for its job's final state. */
    JobState run(String opJson) throws Exception {
        return awaitFinal(jobs.submit(OpCodes.parse(Json.MAPPER.readTree(opJson))).get());
    }

    JobState awaitFinal(long id) throws Exception {
        return jobs.awaitFinal(id, JOB_TIMEOUT).get()
                .orElseThrow(() -> new AssertionError("job " + id + " did not finish"));
    }

    JobState awaitSuccess(long id) throws Exception {
        JobState j = awaitFinal(id);
        assertEquals(JobStatus.SUCCESS, j.status(), "job " + id + ": " + j);
        return j;
    }

    /** A RAPI request that starts a job: must answer 200 with the bare job id. */
    long submit(String method, String path, String body) {
        RapiHttp.Response r = rapi.send(method, path, body);
        assertEquals(200, r.status(), method + " " + path + ": " + r.body());
        assertTrue(r.body().trim().matches("\\d+"), "job id is a bare number: " + r.body());
        return Long.parseLong(r.body().trim());
    }

    /** Runs a gnt-* command in-process, with empty input: exit code, standard output, standard error. */
    String[] gnt(String program, String command, String... options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of(program, command, "--conf", cluster.confFile().toString()));
        args.addAll(List.of(options));
        int rc = Gnt.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[]{Integer.toString(rc), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8)};
    }

    /** Where a hypervisor bundle keeps its per-instance files on a node ("fake" → fake-hv). */
    Path hvDir(String node, String hypervisor) {
        return cluster.nodeDir(node).resolve(hypervisor + "-hv");
    }

    /** What {@code node} reports in its inventory for {@code name} under {@code hypervisor}. */
    Optional<RuntimeInstance> reported(String node, String hypervisor, String name) {
        return read.inventory().get(node).flatMap(s -> s.instances().getOrDefault(hypervisor, List.of()).stream()
                .filter(r -> r.name().equals(name)).findFirst());
    }

    /**
     * A hypervisor's record of a guest on a node, read from its own file (the fake's
     * NAME.instance, kvm's NAME.runtime); empty when there is none.
     */
    Optional<Properties> record(String node, String hypervisor, String name) throws IOException {
        Path file = hvDir(node, hypervisor).resolve(name + (hypervisor.equals("kvm") ? ".runtime" : ".instance"));
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return Optional.of(p);
    }

    static boolean contains(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file, StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * An instance as the config has it once our mirror holds every write made before this call
     * (a finished job's among them): a ZooKeeper barrier, no sleeping.
     */
    InstanceConfig instance(String name) {
        try {
            read.config().barrier().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the config mirror did not catch up: " + e, e);
        }
        return read.config().instance(name).orElseThrow(() -> new AssertionError("no instance " + name));
    }

    static void eventually(BooleanSupplier ok, Duration timeout, String what) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }
}
