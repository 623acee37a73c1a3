package org.gnt.bus.rpc;

import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/** The answer to a node RPC on {@code node.replies}: a result, or a structured error. */
public record NodeRpcReply(int v, String requestId, String node, JsonNode result, RpcError error) {
    public static final int VERSION = 1;

    public NodeRpcReply {
        Objects.requireNonNull(requestId, "requestId is null");
    }

    /** A failure on the node, with Ganeti's error class as {@code kind}. */
    public record RpcError(String kind, String message, boolean retriable) {
    }
}
