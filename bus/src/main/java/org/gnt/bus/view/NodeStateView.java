package org.gnt.bus.view;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.bus.state.NodeState;

/** The newest inventory each node service published on {@code nodes.state}. */
public final class NodeStateView implements AutoCloseable {
    private final Map<String, NodeState> nodes = new ConcurrentHashMap<>();
    private final TopicView view;

    public NodeStateView(BusConfig cfg) {
        this.view = new TopicView(cfg, cfg.topics().nodesState(), this::apply);
    }

    public NodeStateView start() {
        view.start();
        return this;
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return view.awaitCaughtUp(timeout);
    }

    private void apply(String node, byte[] value) {
        if (value == null) {
            nodes.remove(node);
            return;
        }
        NodeState s = Json.read(value, NodeState.class);
        nodes.merge(node, s, (old, nu) -> nu.isNewerThan(old) ? nu : old);
    }

    public Optional<NodeState> get(String node) {
        return Optional.ofNullable(nodes.get(node));
    }

    public Map<String, NodeState> all() {
        return Map.copyOf(nodes);
    }

    @Override
    public void close() {
        view.close();
    }
}
