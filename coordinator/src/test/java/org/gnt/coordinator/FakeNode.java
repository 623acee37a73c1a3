package org.gnt.coordinator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.zookeeper.CreateMode;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.bus.TopicAdmin;
import org.gnt.bus.rpc.NodeCommand;
import org.gnt.bus.rpc.NodeRpcReply;
import org.gnt.bus.rpc.NodeRpcRequest;
import org.gnt.bus.state.NodeState;

/**
 * A stand-in node service for tests of the node LUs: registers liveness and answers NodeInfo on its
 * real {@code node.rpc.<node>} topic, so OP_NODE_ADD goes over the bus as with a real node.
 */
final class FakeNode implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> requests;
    private final KafkaProducer<String, byte[]> replies;
    private final Thread loop;
    private volatile boolean running = true;

    FakeNode(BusConfig bus, CuratorFramework curator, String name, String ip) throws Exception {
        TopicAdmin.ensureNodeTopic(bus, name);
        requests = BusClients.reader(bus, "fake-" + name);
        TopicPartition tp = new TopicPartition(bus.topics().nodeRpc(name), 0);
        requests.assign(List.of(tp));
        requests.seekToEnd(List.of(tp));
        requests.position(tp);
        replies = BusClients.producer(bus, "fake-" + name);
        NodeState info = new NodeState(NodeState.VERSION, name, ip, 1, 1, Instant.now(), Map.of(), Map.of(), List.of(),
                Map.of(), List.of(), Map.of());
        loop = new Thread(() -> {
            while (running) {
                for (var r : requests.poll(Duration.ofMillis(100))) {
                    NodeRpcRequest req = Json.read(r.value(), NodeRpcRequest.class);
                    NodeRpcReply reply = req.command() instanceof NodeCommand.NodeInfo
                            ? new NodeRpcReply(NodeRpcReply.VERSION, req.requestId(), name, Json.tree(info), null)
                            : new NodeRpcReply(NodeRpcReply.VERSION, req.requestId(), name, null,
                            new NodeRpcReply.RpcError("ECODE_INVAL", "fake node only answers NodeInfo", false));
                    replies.send(new ProducerRecord<>(bus.topics().nodeReplies(), req.requestId(), Json.bytes(reply)));
                }
            }
            requests.close();
        }, "fake-node-" + name);
        loop.start();
        curator.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(bus.paths().live(name));
    }

    @Override
    public void close() throws Exception {
        running = false;
        loop.join(5000);
        replies.close();
    }
}
