package org.gnt.bus.rpc;

import java.time.Instant;
import java.util.Objects;

/**
 * A node RPC on {@code node.rpc.<node>}; a node drops requests past their deadline.
 * {@code stepKey}, when set, names the job step the call belongs to: the node runs a step at most
 * once, and answers a repeat (a master that took over re-sending it) with the first outcome.
 * {@code masterEpoch} is the epoch of the master that sent it: a node refuses requests from a
 * master older than the one the master znode names (a deposed master that does not know it yet).
 */
public record NodeRpcRequest(int v, String requestId, String node, Instant deadline, long jobId, NodeCommand command,
                             String stepKey, long masterEpoch) {
    public static final int VERSION = 1;

    public NodeRpcRequest {
        Objects.requireNonNull(requestId, "requestId is null");
        Objects.requireNonNull(node, "node is null");
        Objects.requireNonNull(deadline, "deadline is null");
        Objects.requireNonNull(command, "command is null");
    }
}
