package org.gnt.node.rpc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.bus.rpc.NodeRpcReply;
import org.gnt.bus.rpc.NodeRpcRequest;
import org.gnt.node.inventory.Inventory;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code node.rpc.<node>}: each request runs on a worker thread and its reply goes to
 * {@code node.replies}. Requests past their deadline are answered with an error, not executed.
 * A request that changed the node republishes the inventory before the reply, so whoever sees
 * the reply can already see the new state.
 */
public final class RpcServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);

    private final BusConfig cfg;
    private final String node;
    private final RpcDispatcher dispatcher;
    private final Inventory inventory;
    private final StepJournal steps;
    private final MasterEpochFence fence;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final ExecutorService workers = Executors.newFixedThreadPool(16, r -> {
        Thread t = new Thread(r, "rpc-worker");
        t.setDaemon(true);
        return t;
    });
    private final TopicPartition tp;
    private final Thread reader;
    private volatile boolean running = true;

    public RpcServer(BusConfig cfg, String node, RpcDispatcher dispatcher, Inventory inventory,
                     KafkaProducer<String, byte[]> producer, StepJournal steps, MasterEpochFence fence) {
        this.steps = steps;
        this.fence = fence;
        this.cfg = cfg;
        this.node = node;
        this.dispatcher = dispatcher;
        this.inventory = inventory;
        this.producer = producer;
        this.consumer = BusClients.consumer(cfg, "node-rpc-" + node, "gnt." + cfg.cluster() + ".node." + node);
        this.tp = new TopicPartition(cfg.topics().nodeRpc(node), 0);
        this.reader = new Thread(this::serve, "rpc-server-" + node);
    }

    /** Positions on the RPC topic (so no request sent after this returns is missed), then serves. */
    public RpcServer start() {
        consumer.assign(List.of(tp));
        var committed = consumer.committed(java.util.Set.of(tp)).get(tp);
        if (committed == null) {
            consumer.seekToEnd(List.of(tp));
        } else {
            consumer.seek(tp, committed.offset());
        }
        consumer.position(tp);
        reader.start();
        return this;
    }

    private void serve() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                // at most once: a request is marked consumed before it runs, so a restarted node
                // never runs it a second time (its caller times out instead)
                long next = -1;
                for (var r : records) {
                    next = r.offset() + 1;
                }
                consumer.commitSync(Map.of(tp, new OffsetAndMetadata(next)));
                for (var r : records) {
                    try {
                        NodeRpcRequest req = Json.read(r.value(), NodeRpcRequest.class);
                        workers.execute(() -> handle(req));
                    } catch (RuntimeException e) {
                        LOG.warn("unreadable RPC at offset {}: {}", r.offset(), e.toString());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            // without this loop the node cannot serve: say so by exiting, so liveness tells the truth
            LOG.error("node RPC server of {} failed; exiting", node, e);
            Runtime.getRuntime().halt(3);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void handle(NodeRpcRequest req) {
        NodeRpcReply reply;
        long epoch = fence.current();
        if (Instant.now().isAfter(req.deadline())) {
            reply = error(req, ErrorKind.ENVIRON, "request expired before node " + node + " got to it", true);
        } else if (req.masterEpoch() < epoch) {
            reply = error(req, ErrorKind.STATE, "node " + node + " refuses a request from a deposed master (epoch "
                    + req.masterEpoch() + ", the master's is " + epoch + ")", false);
        } else {
            StepJournal.Outcome o = req.stepKey() == null ? execute(req)
                    : steps.run(req.stepKey(), req.command().getClass().getSimpleName(), req.jobId(), () -> execute(req));
            reply = new NodeRpcReply(NodeRpcReply.VERSION, req.requestId(), node, o.result(), o.error());
        }
        producer.send(new ProducerRecord<>(cfg.topics().nodeReplies(), req.requestId(), Json.bytes(reply)));
    }

    private StepJournal.Outcome execute(NodeRpcRequest req) {
        try {
            JsonNode result = dispatcher.execute(req.command());
            if (req.command().changesInventory()) {
                try {
                    inventory.publish();
                } catch (RuntimeException e) {
                    // the command itself succeeded; the periodic publication catches up
                    LOG.warn("inventory not republished after {}: {}", req.command().getClass().getSimpleName(), e.toString());
                }
            }
            return new StepJournal.Outcome(result, null);
        } catch (PluginException e) {
            return new StepJournal.Outcome(null, new NodeRpcReply.RpcError(e.kind().code(), e.getMessage(),
                    e.kind().retriable()));
        } catch (RuntimeException e) {
            LOG.error("RPC {} failed", req.command().getClass().getSimpleName(), e);
            return new StepJournal.Outcome(null, new NodeRpcReply.RpcError(ErrorKind.FAULT.code(), e.toString(), false));
        }
    }

    private NodeRpcReply error(NodeRpcRequest req, ErrorKind kind, String message, boolean retriable) {
        return new NodeRpcReply(NodeRpcReply.VERSION, req.requestId(), node, null,
                new NodeRpcReply.RpcError(kind.code(), message, retriable));
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            reader.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdown();
        try {
            workers.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        steps.close();
    }
}
