package org.gnt.bus.rpc;

import java.time.Instant;
import java.util.Objects;

/**
 * A node RPC on {@code node.rpc.<node>}; a node drops requests past their deadline.
 * {@code stepKey}, when set, names the job step the call belongs to: the node runs a step at most
 * once, and answers a repeat (a master that took over re-sending it) with the first outcome.
 */
public record NodeRpcRequest(int v, String requestId, String node, Instant deadline, long jobId, NodeCommand command,
                             String stepKey) {
    public static final int VERSION = 1;

    public NodeRpcRequest {
        Objects.requireNonNull(requestId, "requestId is null");
        Objects.requireNonNull(node, "node is null");
        Objects.requireNonNull(deadline, "deadline is null");
        Objects.requireNonNull(command, "command is null");
    }
}
