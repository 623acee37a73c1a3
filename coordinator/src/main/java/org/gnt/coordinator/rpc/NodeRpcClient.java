package org.gnt.coordinator.rpc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.bus.rpc.NodeCommand;
import org.gnt.bus.rpc.NodeRpcReply;
import org.gnt.bus.rpc.NodeRpcRequest;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls node services over the bus (Ganeti's rpc runner): a request on {@code node.rpc.<node>},
 * the reply matched by request id on {@code node.replies}. A node without a liveness znode is
 * refused at once rather than waited for.
 */
public final class NodeRpcClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRpcClient.class);

    private final BusConfig cfg;
    private final CuratorFramework curator;
    private final CuratorCache live;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> replies;
    private final Map<String, CompletableFuture<NodeRpcReply>> pending = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean running = true;

    public NodeRpcClient(BusConfig cfg, CuratorFramework curator) {
        this.cfg = cfg;
        this.curator = curator;
        this.live = CuratorCache.build(curator, cfg.paths().live());
        live.start();
        this.producer = BusClients.producer(cfg, "node-rpc");
        this.replies = BusClients.reader(cfg, "node-replies");
        TopicPartition tp = new TopicPartition(cfg.topics().nodeReplies(), 0);
        replies.assign(List.of(tp));
        replies.seekToEnd(List.of(tp));
        replies.position(tp);
        this.reader = new Thread(this::readReplies, "node-replies");
        reader.setDaemon(true);
        reader.start();
    }

    private void readReplies() {
        try {
            while (running) {
                org.apache.kafka.clients.consumer.ConsumerRecords<String, byte[]> batch;
                try {
                    batch = replies.poll(Duration.ofMillis(200));
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    LOG.warn("reading node replies failed, retrying: {}", e.toString());
                    continue;
                }
                for (var r : batch) {
                    try {
                        NodeRpcReply reply = Json.read(r.value(), NodeRpcReply.class);
                        CompletableFuture<NodeRpcReply> f = pending.remove(reply.requestId());
                        if (f != null) {
                            f.complete(reply);
                        }
                    } catch (RuntimeException e) {
                        LOG.warn("unreadable node reply at offset {}: {}", r.offset(), e.toString());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            replies.close(Duration.ofSeconds(1));
        }
    }

    /**
     * Calls {@code command} on {@code node} for job {@code jobId} of the master of {@code epoch};
     * returns the result or throws the node's error. {@code stepKey} (null for none) names the job
     * step the call belongs to: the node runs a step once and answers a repeat with its first
     * outcome. A node refuses calls from an epoch older than the current master's.
     */
    public JsonNode call(String node, long jobId, long epoch, String stepKey, NodeCommand command, Duration timeout) {
        if (Thread.currentThread().isInterrupted()) { // a killed job sends nothing more
            throw new PluginException(ErrorKind.ENVIRON, "Interrupted before calling node " + node);
        }
        requireLive(node);
        String id = UUID.randomUUID().toString();
        CompletableFuture<NodeRpcReply> f = new CompletableFuture<>();
        pending.put(id, f);
        NodeRpcRequest req = new NodeRpcRequest(NodeRpcRequest.VERSION, id, node, Instant.now().plus(timeout), jobId,
                command, stepKey, epoch);
        producer.send(new ProducerRecord<>(cfg.topics().nodeRpc(node), id, Json.bytes(req)), (md, e) -> {
            if (e != null) {
                pending.remove(id);
                f.completeExceptionally(e);
            }
        });
        NodeRpcReply reply;
        try {
            reply = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.remove(id);
            throw new PluginException(ErrorKind.ENVIRON, "Node " + node + " did not answer " + name(command)
                    + " within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            pending.remove(id);
            Thread.currentThread().interrupt();
            throw new PluginException(ErrorKind.ENVIRON, "Interrupted waiting for node " + node);
        } catch (ExecutionException e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot send to node " + node + ": " + e.getCause(), e);
        }
        if (reply.error() != null) {
            throw new PluginException(ErrorKind.fromCode(reply.error().kind()),
                    "Node " + node + ": " + reply.error().message());
        }
        return reply.result();
    }

    public <T> T call(String node, long jobId, long epoch, NodeCommand command, Duration timeout, Class<T> type) {
        JsonNode r = call(node, jobId, epoch, null, command, timeout);
        return r == null || r.isNull() ? null : Json.convert(r, type);
    }

    /** Whether the node's service is running (its liveness znode exists). */
    public boolean isLive(String node) {
        if (live.get(cfg.paths().live(node)).isPresent()) {
            return true; // the usual case, answered by the watched mirror
        }
        try {
            // the mirror may trail a node that registered a moment ago: ask ZooKeeper itself
            return curator.checkExists().forPath(cfg.paths().live(node)) != null;
        } catch (Exception e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot check node " + node + " liveness: " + e, e);
        }
    }

    private void requireLive(String node) {
        if (!isLive(node)) {
            throw new PluginException(ErrorKind.ENVIRON, "Node " + node + " is not reachable (its node service is not running)");
        }
    }

    private static String name(NodeCommand c) {
        return c.getClass().getSimpleName();
    }

    @Override
    public void close() {
        running = false;
        replies.wakeup();
        try {
            reader.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(2));
        live.close();
        pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("closed")));
    }
}
