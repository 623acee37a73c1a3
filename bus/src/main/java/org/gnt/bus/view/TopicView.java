package org.gnt.bus.view;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a topic from its beginning for as long as it runs, handing each record (key, value or
 * null for a tombstone) to a handler on its own thread, as Kafka Connect's stores rebuild their
 * view. {@link #awaitCaughtUp} blocks until the end offsets seen at start have been read.
 */
public final class TopicView implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicView.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final BiConsumer<String, byte[]> handler;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private final java.util.Queue<CompletableFuture<Void>> catchUpRequests =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    public TopicView(BusConfig cfg, String topic, BiConsumer<String, byte[]> handler) {
        this.consumer = BusClients.reader(cfg, "view-" + topic);
        this.topic = topic;
        this.handler = handler;
        this.thread = new Thread(this::run, "view-" + topic);
        this.thread.setDaemon(true);
    }

    public TopicView start() {
        thread.start();
        return this;
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads until closed; a failure (broker gone for too long) restarts the read from the beginning. */
    private void run() {
        try {
            while (running) {
                try {
                    readOnce();
                } catch (WakeupException e) {
                    return;
                } catch (RuntimeException e) {
                    if (running) {
                        LOG.warn("view of {} failed, reading it again in 1 s: {}", topic, e.toString());
                        sleepQuietly(1000);
                    }
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readOnce() {
        List<TopicPartition> parts = partitions();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        Map<TopicPartition, Long> end = consumer.endOffsets(parts);
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        Map<TopicPartition, Long> target = null;
        while (running) {
            if (!catchUpRequests.isEmpty()) {
                // offsets asked for now; earlier requests can be answered by the newer target
                target = consumer.endOffsets(parts);
                for (var f = catchUpRequests.poll(); f != null; f = catchUpRequests.poll()) {
                    waiting.add(f);
                }
            }
            var records = consumer.poll(Duration.ofMillis(waiting.isEmpty() ? 200 : 10));
            for (ConsumerRecord<String, byte[]> r : records) {
                try {
                    handler.accept(r.key(), r.value());
                } catch (RuntimeException e) {
                    LOG.warn("skipping unreadable record {} in {}: {}", r.offset(), topic, e.toString());
                }
            }
            if (caughtUp.getCount() > 0 && reached(end)) {
                caughtUp.countDown();
            }
            if (target != null && reached(target)) {
                waiting.forEach(f -> f.complete(null));
                waiting.clear();
                target = null;
            }
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    /** Completes once everything written to the topic before this call has been handed to the handler. */
    public CompletableFuture<Void> catchUp() {
        var f = new CompletableFuture<Void>();
        catchUpRequests.add(f);
        return f;
    }

    private List<TopicPartition> partitions() {
        while (running) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            LOG.info("waiting for topic {}", topic);
        }
        throw new WakeupException();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
