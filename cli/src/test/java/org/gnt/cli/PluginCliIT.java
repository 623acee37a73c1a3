package org.gnt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.bus.TopicAdmin;
import org.gnt.bus.bundle.BundleRecord;
import org.gnt.testkit.BusServersExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * gnt-plugin against embedded Kafka and ZooKeeper without node services: what install refuses
 * (nothing reaches the topic), what it publishes (the jar, byte for byte, under its symbolic
 * name), and list with no inventories. Installing on running nodes is proved by dist's
 * KvmNodeServiceIT and node-service's BundleUpdateIT.
 */
class PluginCliIT {
    @RegisterExtension
    static final BusServersExtension SERVERS = new BusServersExtension();

    @TempDir
    static Path dir;

    static Path conf;
    static BusConfig bus;

    static CliRun gnt(String... args) {
        return CliRun.run(conf, dir, "", "gnt-plugin", args);
    }

    @BeforeAll
    static void cluster() {
        bus = new BusConfig(SERVERS.bootstrapServers(), SERVERS.zkConnect(), "plugcli");
        conf = dir.resolve("gnt.conf");
        bus.store(conf);
        TopicAdmin.ensureClusterTopics(bus); // records() reads the bundles topic before anything is published
        CliRun init = CliRun.run(conf, dir, "", "gnt-cluster", "init", "--enabled-hypervisors", "fake",
                "--enabled-disk-templates", "diskless", "plugcli.example.com");
        assertEquals(0, init.rc(), init.toString());
    }

    static Path jar(String name, Map<String, String> headers) throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((k, v) -> m.getMainAttributes().put(new Attributes.Name(k), v));
        Path p = dir.resolve(name);
        try (OutputStream os = Files.newOutputStream(p); JarOutputStream out = new JarOutputStream(os, m)) {
            out.putNextEntry(new JarEntry("org/example/readme.txt"));
            out.write("hello".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return p;
    }

    @Test
    void refusesWhatIsNoBundleAndPublishesABundle() throws Exception {
        CliRun missing = gnt("install", dir.resolve("nope.jar").toString());
        assertEquals(1, missing.rc(), missing.toString());
        assertTrue(missing.err().contains("nope.jar does not exist"), missing.err());

        Path text = Files.writeString(dir.resolve("text.jar"), "not a jar");
        CliRun notJar = gnt("install", text.toString());
        assertEquals(1, notJar.rc(), notJar.toString());
        assertTrue(notJar.err().contains("not an OSGi bundle: it has no manifest")
                || notJar.err().contains("is not a jar file"), notJar.err());

        CliRun plain = gnt("install", jar("plain.jar", Map.of("Main-Class", "org.example.Main")).toString());
        assertEquals(1, plain.rc(), plain.toString());
        assertTrue(plain.err().contains("Bundle-ManifestVersion is missing, expected 2"), plain.err());

        CliRun noName = gnt("install", jar("noname.jar", Map.of("Bundle-ManifestVersion", "2",
                "Bundle-Version", "1.0.0")).toString());
        assertEquals(1, noName.rc(), noName.toString());
        assertTrue(noName.err().contains("Bundle-SymbolicName is missing"), noName.err());

        CliRun badVersion = gnt("install", jar("badv.jar", Map.of("Bundle-ManifestVersion", "2",
                "Bundle-SymbolicName", "org.example.x", "Bundle-Version", "one")).toString());
        assertEquals(1, badVersion.rc(), badVersion.toString());
        assertTrue(badVersion.err().contains("Bundle-Version 'one' is not an OSGi version"), badVersion.err());
        assertEquals(List.of(), records(), "nothing refused reached the topic");

        Path good = jar("good.jar", Map.of("Bundle-ManifestVersion", "2",
                "Bundle-SymbolicName", "org.example.plugin;singleton:=true", "Bundle-Version", "1.2.3.rc1"));
        String sha = BundleRecord.sha256(Files.readAllBytes(good));
        CliRun ok = gnt("install", good.toString());
        assertEquals(0, ok.rc(), ok.toString());
        assertTrue(ok.out().startsWith("Published org.example.plugin 1.2.3.rc1 (sha256 " + sha + ", "), ok.out());
        assertTrue(ok.out().contains("No node service is running"), ok.out());
        List<ConsumerRecord<String, byte[]>> recs = records();
        assertEquals(1, recs.size());
        assertEquals("org.example.plugin", recs.get(0).key());
        BundleRecord r = Json.MAPPER.readValue(recs.get(0).value(), BundleRecord.class);
        assertEquals(sha, r.sha256());
        assertEquals("1.2.3.rc1", r.version());
        assertArrayEquals(Files.readAllBytes(good), r.jar());
        r.verify();

        CliRun list = gnt("list");
        assertEquals(0, list.rc(), list.toString());
        assertEquals("Node Bundle Version Digest State Error", list.out().strip());
    }

    static List<ConsumerRecord<String, byte[]>> records() {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = BusClients.bundleReader(bus, "test")) {
            TopicPartition tp = new TopicPartition(bus.topics().bundles(), 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            while (c.position(tp) < end) {
                c.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        return out;
    }
}
