package org.gnt.bus.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.gnt.bus.Json;
import org.gnt.bus.ZkPaths;
import org.gnt.bus.config.ClusterInit;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.testkit.EmbeddedZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link ConfigView#snapshot} reads what the live mirror holds, against a real ZooKeeper. */
class ConfigSnapshotIT {
    static EmbeddedZooKeeper zk;
    static CuratorFramework curator;

    @BeforeAll
    static void start() throws Exception {
        zk = new EmbeddedZooKeeper().start();
        curator = CuratorFrameworkFactory.newClient(zk.connectString(), new ExponentialBackoffRetry(100, 5));
        curator.start();
        assertTrue(curator.blockUntilConnected(30, TimeUnit.SECONDS));
    }

    @AfterAll
    static void stop() {
        if (curator != null) {
            curator.close();
        }
        if (zk != null) {
            zk.close();
        }
    }

    @Test
    void aSnapshotHoldsWhatTheMirrorHolds() throws Exception {
        ZkPaths paths = new ZkPaths("snap");
        ClusterInit.init(curator, paths, "snap.example.com", List.of("fake"), List.of("diskless"), Map.of(), Map.of(),
                "/srv");
        String group = curator.getChildren().forPath(paths.groups()).get(0);
        Instant now = Instant.now();
        for (int i = 0; i < 30; i++) {
            NodeConfig n = new NodeConfig(NodeConfig.VERSION, UUID.randomUUID().toString(), "node" + i, "127.0.1." + i,
                    "127.0.1." + i, group, i < 3, false, false, true, true, now, now);
            curator.create().forPath(paths.node(n.uuid()), Json.bytes(n));
        }
        // more than the reader keeps in flight at once
        for (int i = 0; i < 5000; i++) {
            InstanceConfig inst = new InstanceConfig(InstanceConfig.VERSION, UUID.randomUUID().toString(),
                    "inst" + i + ".example.com", "node" + i % 30, "noop", "fake", Map.of(), Map.of(), Map.of(),
                    "diskless", List.of(), List.of(), "down", "admin", List.of(), now, now, 1);
            curator.create().inBackground().forPath(paths.instance(inst.uuid()), Json.bytes(inst));
        }
        try (ConfigView mirror = new ConfigView(curator, paths).start()) {
            assertTrue(mirror.awaitInitialized(60_000));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (mirror.instances().size() < 5000 && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            try (ConfigView snap = ConfigView.snapshot(curator, paths, Duration.ofSeconds(60))) {
                assertEquals(mirror.cluster(), snap.cluster());
                assertEquals(asSet(mirror.nodes()), asSet(snap.nodes()));
                assertEquals(asSet(mirror.groups()), asSet(snap.groups()));
                assertEquals(5000, snap.instances().size());
                assertEquals(asSet(mirror.instances()), asSet(snap.instances()));
                assertEquals("node7", snap.node("node7").orElseThrow().name(), "nodes are found by name");
                assertEquals("node7", snap.instance("inst7.example.com").orElseThrow().primaryNode());
            }
        }
        ZkPaths empty = new ZkPaths("never-initialised");
        try (ConfigView snap = ConfigView.snapshot(curator, empty, Duration.ofSeconds(10))) {
            assertTrue(snap.cluster().isEmpty() && snap.instances().isEmpty(), "a missing tree reads as empty");
        }
    }

    private static <T> java.util.Set<T> asSet(java.util.Collection<T> c) {
        return java.util.Set.copyOf(c);
    }
}
