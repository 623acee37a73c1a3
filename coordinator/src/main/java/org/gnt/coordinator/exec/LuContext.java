package org.gnt.coordinator.exec;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.bus.rpc.NodeCommand;
import org.gnt.bus.view.NodeStateView;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.rpc.NodeRpcClient;

/** What a logical unit may use while it runs: config, node RPC, inventory, and the job's feedback log. */
public final class LuContext {
    private final ConfigStore config;
    private final NodeRpcClient rpc;
    private final NodeStateView inventory;
    private final long jobId;
    private final int opIndex;
    private final boolean resumed;
    private final Consumer<String> feedback;

    public LuContext(ConfigStore config, NodeRpcClient rpc, NodeStateView inventory, long jobId, int opIndex,
                     boolean resumed, Consumer<String> feedback) {
        this.config = config;
        this.rpc = rpc;
        this.inventory = inventory;
        this.jobId = jobId;
        this.opIndex = opIndex;
        this.resumed = resumed;
        this.feedback = feedback;
    }

    public ConfigStore config() {
        return config;
    }

    public NodeStateView inventory() {
        return inventory;
    }

    public long jobId() {
        return jobId;
    }

    /** True when an earlier master started this opcode and died before it finished. */
    public boolean resumed() {
        return resumed;
    }

    /** Adds a line to the job's log (Ganeti's LogInfo / Feedback). */
    public void log(String message) {
        feedback.accept(message);
    }

    public JsonNode rpc(String node, NodeCommand command, Duration timeout) {
        return rpc.call(node, jobId, command, timeout);
    }

    public <T> T rpc(String node, NodeCommand command, Duration timeout, Class<T> type) {
        return rpc.call(node, jobId, command, timeout, type);
    }

    /**
     * A UUID fixed by job, opcode and purpose: the same on a re-run after master failover, so a
     * resumed opcode finds what its first run created.
     */
    public String stableUuid(String purpose) {
        return UUID.nameUUIDFromBytes(("gnt-job-" + jobId + "-" + opIndex + "-" + purpose).getBytes()).toString();
    }
}
