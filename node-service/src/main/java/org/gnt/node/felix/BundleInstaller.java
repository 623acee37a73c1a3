package org.gnt.node.felix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.bus.bundle.BundleManifest;
import org.gnt.bus.bundle.BundleRecord;
import org.osgi.framework.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node's bundles at the versions published on the compacted {@code bundles} topic
 * ({@code gnt-plugin install}). Reads the topic from the beginning; for the newest record of each
 * symbolic name it installs the bundle if none by that name is installed, or updates the installed
 * one in place when the sha256 differs ({@link FelixHost#update}). An accepted jar is kept as
 * {@code DIR/bundles/<name>.jar}, so a restarted node service starts with it ({@link #bootList}).
 * A record that is no bundle, lies about its digest or cannot start is refused: logged, noted in
 * the inventory, and the old bundle keeps running. After every change {@code afterChange} runs
 * (the node republishes its inventory). Lifecycle as a Curator recipe: start, close.
 */
public final class BundleInstaller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BundleInstaller.class);

    private final BusConfig cfg;
    private final String node;
    private final FelixHost felix;
    private final Path store;
    private final Runnable afterChange;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Map<String, String> refusedSha = new LinkedHashMap<>();
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private volatile boolean closed;

    public BundleInstaller(BusConfig cfg, String node, FelixHost felix, Path store, Runnable afterChange) {
        this.cfg = cfg;
        this.node = node;
        this.felix = felix;
        this.store = store;
        this.afterChange = afterChange;
    }

    /**
     * The jars to start Felix with: the command line's, except that a jar kept from the topic
     * replaces the command-line jar of the same symbolic name, and kept jars of other names are
     * added. The topic wins because it holds what the administrator installed last; to move to a
     * newer distribution jar, publish it with {@code gnt-plugin install}.
     */
    public static List<Path> bootList(List<Path> commandLine, Path store) throws IOException {
        Map<String, Path> kept = new LinkedHashMap<>();
        if (Files.isDirectory(store)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(store, "*.jar")) {
                for (Path p : jars) {
                    try {
                        kept.put(BundleManifest.read(Files.readAllBytes(p), p.toString()).symbolicName(), p);
                    } catch (RuntimeException e) {
                        LOG.warn("ignoring kept bundle {}: {}", p, e.getMessage());
                    }
                }
            }
        }
        List<Path> out = new ArrayList<>();
        for (Path p : commandLine) {
            String name;
            try {
                name = BundleManifest.read(Files.readAllBytes(p), p.toString()).symbolicName();
            } catch (RuntimeException e) {
                out.add(p); // let Felix say what is wrong with it, as before
                continue;
            }
            Path newer = kept.remove(name);
            out.add(newer == null ? p : newer);
        }
        out.addAll(kept.values());
        return out;
    }

    public BundleInstaller start() throws IOException {
        Files.createDirectories(store.resolve("incoming"));
        consumer = BusClients.bundleReader(cfg, "bundles-" + node);
        TopicPartition tp = new TopicPartition(cfg.topics().bundles(), 0);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        thread = new Thread(() -> loop(tp), "bundles-" + node);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Waits until every record present at start has been applied (or refused). */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void loop(TopicPartition tp) {
        try {
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            if (end == 0) {
                caughtUp.countDown();
            }
            while (!closed) {
                // the newest record per name of this batch: older ones of the same name are history
                Map<String, ConsumerRecord<String, byte[]>> newest = new LinkedHashMap<>();
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    newest.remove(r.key());
                    newest.put(r.key(), r);
                }
                for (ConsumerRecord<String, byte[]> r : newest.values()) {
                    if (!closed) {
                        apply(r);
                    }
                }
                if (caughtUp.getCount() > 0 && consumer.position(tp) >= end) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.error("bundle installer of {} stopped: {}", node, e.toString(), e);
            }
        } finally {
            consumer.close();
        }
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            // uninstalling is not supported: a tombstone only lets compaction drop the jar
            return;
        }
        BundleRecord rec;
        try {
            rec = Json.MAPPER.readValue(r.value(), BundleRecord.class);
        } catch (IOException e) {
            refuse(r.key(), "?", "unreadable record at offset " + r.offset() + ": " + e.getMessage());
            return;
        }
        String name = r.key();
        Optional<Bundle> installed = felix.find(name);
        if (installed.isPresent() && felix.digest(installed.get()).orElse("").equals(rec.sha256())) {
            felix.accepted(name);
            refusedSha.remove(name);
            return; // already running this jar
        }
        if (rec.sha256().equals(refusedSha.get(name))) {
            return; // refused before; the inventory already says why
        }
        Path incoming = null;
        try {
            rec.verify();
            if (!rec.symbolicName().equals(name)) {
                throw new IllegalArgumentException("the record's key is " + name + " but the jar is "
                        + rec.symbolicName());
            }
            // the name passed BundleManifest's syntax check, so it is a safe file name
            incoming = store.resolve("incoming").resolve(name + "-" + rec.sha256() + ".jar");
            Files.write(incoming, rec.jar());
            if (installed.isPresent()) {
                LOG.info("updating bundle {} {} -> {} (sha256 {})", name, installed.get().getVersion(), rec.version(),
                        rec.sha256());
                felix.update(installed.get(), incoming);
            } else {
                LOG.info("installing bundle {} {} (sha256 {})", name, rec.version(), rec.sha256());
                felix.install(incoming);
            }
            Path kept = store.resolve(name + ".jar");
            Files.move(incoming, kept, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            felix.find(name).ifPresent(b -> felix.keptAt(b, kept));
            felix.accepted(name);
            refusedSha.remove(name);
            LOG.info("bundle {} {} is in place", name, rec.version());
        } catch (Exception e) {
            refuse(name, rec.sha256(), "version " + rec.version() + " (sha256 " + rec.sha256() + ") refused: "
                    + e.getMessage());
            try {
                if (incoming != null) {
                    Files.deleteIfExists(incoming);
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        changed();
    }

    private void refuse(String name, String sha, String why) {
        LOG.warn("bundle {}: {}; keeping what runs", name, why);
        refusedSha.put(name, sha);
        felix.refused(name, why);
    }

    private void changed() {
        try {
            afterChange.run();
        } catch (RuntimeException e) {
            LOG.warn("cannot report the bundle change: {}", e.toString());
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            thread.join(10_000);
        }
    }
}
