package org.gnt.bus.rpc;

import java.time.Instant;
import java.util.Objects;

/** A node RPC on {@code node.rpc.<node>}; a node drops requests past their deadline. */
public record NodeRpcRequest(int v, String requestId, String node, Instant deadline, long jobId, NodeCommand command) {
    public static final int VERSION = 1;

    public NodeRpcRequest {
        Objects.requireNonNull(requestId, "requestId is null");
        Objects.requireNonNull(node, "node is null");
        Objects.requireNonNull(deadline, "deadline is null");
        Objects.requireNonNull(command, "command is null");
    }
}
