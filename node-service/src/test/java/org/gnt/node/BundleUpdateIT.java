package org.gnt.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.gnt.bus.BusConfig;
import org.gnt.bus.bundle.BundlePublisher;
import org.gnt.bus.bundle.BundleRecord;
import org.gnt.bus.state.BundleStatus;
import org.gnt.bus.state.NodeState;
import org.gnt.bus.view.NodeStateView;
import org.gnt.node.plugins.PluginRegistry;
import org.gnt.plugins.hypervisor.Hypervisor;
import org.gnt.plugins.hypervisor.InstanceSpec;
import org.gnt.plugins.hypervisor.RuntimeInstance;
import org.gnt.plugins.hypervisor.RuntimeInstance.RunState;
import org.gnt.testkit.BundleJars;
import org.gnt.testkit.BusServersExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.framework.Bundle;

/**
 * A real node service (real Felix, the real fake-hypervisor bundle jar, embedded Kafka and
 * ZooKeeper) with a running fake instance: a new version of the bundle published on the
 * {@code bundles} topic replaces the old one in place, the instance keeps running (the same
 * record), a restarted node service comes back with the new version, a node started later takes
 * it from the topic before it announces itself, and a corrupt jar or one
 * whose SPI import cannot be satisfied is refused while the running version keeps serving.
 */
class BundleUpdateIT {
    @RegisterExtension
    static final BusServersExtension servers = new BusServersExtension();

    static final Path FAKE = Path.of("target", "bundles", "gnt-bundle-hypervisor-fake.jar").toAbsolutePath();
    static final String NAME = "gnt-bundle-hypervisor-fake";

    @Test
    void updatesInPlaceKeepsInstancesAndRefusesBadJars() throws Exception {
        assertTrue(Files.exists(FAKE), FAKE + " (copied by the pom)");
        BusConfig bus = new BusConfig(servers.bootstrapServers(), servers.zkConnect(), "bu" + System.nanoTime() % 1000000);
        Path dir = Files.createDirectories(Path.of("target", "bundle-it-" + System.currentTimeMillis())).toAbsolutePath();
        Path work = Files.createDirectories(dir.resolve("jars"));
        NodeService.Settings settings = new NodeService.Settings("n1", "127.0.0.1", dir.resolve("n1"), List.of(FAKE),
                4096, 4);
        String v1 = BundleJars.header(FAKE, "Bundle-Version");
        try (NodeStateView view = new NodeStateView(bus).start(); BundlePublisher pub = new BundlePublisher(bus, "test")) {
            NodeService node = new NodeService(bus, settings).start();
            try {
                // a running instance, started through the bundle's own service
                InstanceSpec spec = new InstanceSpec("web1", "uuid-web1", 512, 1, Map.of());
                new PluginRegistry(node.felix().context(), "n1").with(Hypervisor.class, "fake", h -> {
                    h.start(spec, List.of(), false);
                    return null;
                });
                long firstBundleId = node.felix().find(NAME).orElseThrow().getBundleId();
                eventually(() -> instance(view).map(r -> r.state() == RunState.RUNNING).orElse(false),
                        "the inventory reports web1 running");
                RuntimeInstance before = instance(view).orElseThrow();
                BundleStatus old = status(view).orElseThrow();
                assertEquals(v1, old.version());
                assertEquals(BundleRecord.sha256(Files.readAllBytes(FAKE)), old.sha256());
                assertEquals("active", old.state());

                // version 2: same classes, new Bundle-Version, so a new digest
                byte[] v2jar = Files.readAllBytes(BundleJars.withVersion(FAKE, work.resolve("fake-v2.jar"), "0.1.1.v2"));
                BundleRecord v2 = BundleRecord.of(v2jar, "fake-v2.jar", Instant.now());
                assertNotEquals(old.sha256(), v2.sha256());
                pub.publish(v2);
                eventually(() -> status(view).map(s -> s.sha256().equals(v2.sha256())).orElse(false),
                        "the inventory reports the new digest");
                BundleStatus now = status(view).orElseThrow();
                assertEquals("0.1.1.v2", now.version());
                assertEquals("active", now.state());
                assertEquals("", now.error());
                Bundle b = node.felix().find(NAME).orElseThrow();
                assertEquals(firstBundleId, b.getBundleId(), "updated in place, not installed anew");
                assertEquals("0.1.1.v2", b.getVersion().toString());
                eventually(() -> instance(view).isPresent(), "the new code lists web1");
                assertEquals(before, instance(view).orElseThrow(), "the same running instance");
                assertTrue(Files.exists(dir.resolve("n1").resolve("bundles").resolve(NAME + ".jar")), "kept for restarts");
            } finally {
                node.close();
            }

            // restarted with the old jar on its command line: the node runs the kept newer version
            long epoch = view.get("n1").orElseThrow().epoch();
            node = new NodeService(bus, settings).start();
            try {
                eventually(() -> view.get("n1").map(s -> s.epoch() > epoch).orElse(false), "a new inventory");
                assertEquals("0.1.1.v2", node.felix().find(NAME).orElseThrow().getVersion().toString());
                String v2sha = BundleRecord.sha256(Files.readAllBytes(work.resolve("fake-v2.jar")));
                eventually(() -> status(view).map(s -> s.sha256().equals(v2sha) && s.version().equals("0.1.1.v2"))
                        .orElse(false), "the restarted node reports version 2");
                assertEquals(RunState.RUNNING, instance(view).orElseThrow().state());

                // a node that starts now, with the old jar on its command line, takes version 2 from
                // the topic before its start returns (it announces itself only after that)
                try (NodeService n2 = new NodeService(bus, new NodeService.Settings("n2", "127.0.0.1",
                        dir.resolve("n2"), List.of(FAKE), 4096, 4)).start()) {
                    assertEquals("0.1.1.v2", n2.felix().find(NAME).orElseThrow().getVersion().toString());
                    assertEquals(Optional.of(v2sha), n2.felix().digest(n2.felix().find(NAME).orElseThrow()));
                }

                // a corrupt jar (the record's digest is right, the bytes are no jar) is refused
                byte[] junk = "not a jar at all".getBytes(StandardCharsets.UTF_8);
                pub.publish(new BundleRecord(BundleRecord.VERSION, NAME, "0.1.2.junk", BundleRecord.sha256(junk),
                        junk.length, junk, Instant.now()));
                eventually(() -> status(view).map(s -> s.error().contains(BundleRecord.sha256(junk))).orElse(false),
                        "the inventory reports the refusal");
                BundleStatus refused = status(view).orElseThrow();
                assertTrue(refused.error().contains("not a jar") || refused.error().contains("no manifest"),
                        refused.error());
                assertEquals(v2sha, refused.sha256(), "still version 2");
                assertEquals("active", refused.state());

                // a real bundle that imports an SPI version the node does not export: Felix cannot
                // resolve it, the node puts version 2 back
                String imports = BundleJars.header(FAKE, "Import-Package");
                String bad = imports.replaceAll("org\\.gnt\\.plugins\\.hypervisor;version=\"[^\"]*\"",
                        "org.gnt.plugins.hypervisor;version=\"[9.0,10)\"");
                assertNotEquals(imports, bad, imports);
                byte[] badJar = Files.readAllBytes(BundleJars.withHeaders(FAKE, work.resolve("fake-bad.jar"),
                        Map.of("Bundle-Version", "0.1.3.badspi", "Import-Package", bad)));
                BundleRecord badRec = BundleRecord.of(badJar, "fake-bad.jar", Instant.now());
                pub.publish(badRec);
                eventually(() -> status(view).map(s -> s.error().contains(badRec.sha256())).orElse(false),
                        "the inventory reports the unresolvable bundle");
                BundleStatus afterBad = status(view).orElseThrow();
                assertEquals("0.1.1.v2", afterBad.version(), afterBad.toString());
                assertEquals(v2sha, afterBad.sha256());
                assertEquals("active", afterBad.state(), afterBad.toString());
                // the old version still serves: it lists the instance and starts another one
                PluginRegistry plugins = new PluginRegistry(node.felix().context(), "n1");
                assertEquals(List.of("web1"), plugins.with(Hypervisor.class, "fake",
                        h -> h.list().stream().map(RuntimeInstance::name).toList()));
                plugins.with(Hypervisor.class, "fake", h -> {
                    h.start(new InstanceSpec("web2", "uuid-web2", 256, 1, Map.of()), List.of(), false);
                    return null;
                });
                eventually(() -> view.get("n1").map(s -> s.instances().getOrDefault("fake", List.of()).size() == 2)
                        .orElse(false), "the inventory reports web2");
            } finally {
                node.close();
            }
        }
    }

    private static Optional<BundleStatus> status(NodeStateView view) {
        return view.get("n1").flatMap(s -> s.bundleInfo().stream().filter(b -> b.symbolicName().equals(NAME))
                .findFirst());
    }

    private static Optional<RuntimeInstance> instance(NodeStateView view) {
        return view.get("n1").flatMap((NodeState s) -> s.instances().getOrDefault("fake", List.of()).stream()
                .filter(r -> r.name().equals("web1")).findFirst());
    }

    private static void eventually(BooleanSupplier ok, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }
}
