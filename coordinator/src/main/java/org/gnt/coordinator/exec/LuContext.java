package org.gnt.coordinator.exec;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.rpc.NodeCommand;
import org.gnt.bus.state.NodeState;
import org.gnt.bus.view.NodeStateView;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.rpc.NodeRpcClient;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * What a logical unit may use while it runs: config, node RPC, inventory, the job's feedback log,
 * and the opcode's step record ({@link #step}).
 */
public final class LuContext {
    private final ConfigStore config;
    private final NodeRpcClient rpc;
    private final NodeStateView inventory;
    private final long jobId;
    private final int opIndex;
    private final boolean resumed;
    private final Consumer<String> feedback;
    private final Map<String, JsonNode> doneSteps;
    private final BiConsumer<String, JsonNode> stepRecorder;
    private final java.util.function.BooleanSupplier stillMaster;
    /** The step now running on this (the job's only) thread, and how many RPCs it has sent. */
    private String currentStep;
    private int stepCalls;

    public LuContext(ConfigStore config, NodeRpcClient rpc, NodeStateView inventory, long jobId, int opIndex,
                     boolean resumed, Consumer<String> feedback, Map<String, JsonNode> doneSteps,
                     BiConsumer<String, JsonNode> stepRecorder, java.util.function.BooleanSupplier stillMaster) {
        this.stillMaster = stillMaster;
        this.config = config;
        this.rpc = rpc;
        this.inventory = inventory;
        this.jobId = jobId;
        this.opIndex = opIndex;
        this.resumed = resumed;
        this.feedback = feedback;
        this.doneSteps = new java.util.HashMap<>(doneSteps);
        this.stepRecorder = stepRecorder;
    }

    public ConfigStore config() {
        return config;
    }

    public NodeStateView inventory() {
        return inventory;
    }

    /** Whether the node's service is running (its liveness znode exists). */
    public boolean isLive(String node) {
        return rpc.isLive(node);
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

    /**
     * Runs one step of the opcode once: a step recorded as done by this or an earlier master is
     * not run again, its recorded result is returned instead. Node RPCs sent inside a step carry
     * a key fixed by (job, opcode, step, call number), so a step that was in flight when the
     * previous master died is answered by the node from its first execution, never run twice.
     * Names must be unique within the opcode; steps do not nest.
     */
    public JsonNode step(String name, Supplier<JsonNode> action) {
        JsonNode done = doneSteps.get(name);
        if (done != null) {
            return done;
        }
        if (currentStep != null) {
            throw new IllegalStateException("step " + name + " inside step " + currentStep);
        }
        currentStep = name;
        stepCalls = 0;
        JsonNode result;
        try {
            result = action.get();
        } finally {
            currentStep = null;
        }
        JsonNode r = result == null ? NullNode.instance : result;
        doneSteps.put(name, r);
        stepRecorder.accept(name, r);
        return r;
    }

    /** A step that is one node RPC. */
    public JsonNode rpcStep(String name, String node, NodeCommand command, Duration timeout) {
        return step(name, () -> rpc(node, command, timeout));
    }

    /** True when step {@code name} finished, in this run or an earlier one. */
    public boolean stepDone(String name) {
        return doneSteps.containsKey(name);
    }

    /**
     * Node calls stop with {@link ConfigStore.FencedException} once this coordinator is no longer
     * master: a deposed master must not touch nodes, not even to clean up, because the next master
     * resumes from the recorded steps and relies on what they made.
     */
    private void requireMaster() {
        if (!stillMaster.getAsBoolean()) {
            throw new ConfigStore.FencedException();
        }
    }

    /** Ganeti never calls an offline node: it is treated as gone until it is set online again. */
    private void requireNotOffline(String node) {
        if (config.nodeByName(node).map(NodeConfig::offline).orElse(false)) {
            throw new PluginException(ErrorKind.STATE, "Node " + node + " is offline; no call is made to an"
                    + " offline node");
        }
    }

    public JsonNode rpc(String node, NodeCommand command, Duration timeout) {
        requireMaster();
        requireNotOffline(node);
        String key = currentStep == null ? null
                : config.cluster().uuid() + "/job-" + jobId + "/op-" + opIndex + "/" + currentStep + "/" + (stepCalls++);
        return rpc.call(node, jobId, config.epoch(), key, command, timeout);
    }

    public <T> T rpc(String node, NodeCommand command, Duration timeout, Class<T> type) {
        requireMaster();
        requireNotOffline(node);
        return rpc.call(node, jobId, config.epoch(), command, timeout, type);
    }

    /**
     * The node's inventory, asked even when the node is offline: taking a node back (de-offline,
     * readd) needs proof that its service answers, the one call Ganeti makes to an offline node.
     */
    public NodeState nodeInfoEvenIfOffline(String node, Duration timeout) {
        requireMaster();
        return rpc.call(node, jobId, config.epoch(), new NodeCommand.NodeInfo(), timeout, NodeState.class);
    }

    /**
     * A UUID fixed by job, opcode and purpose: the same on a re-run after master failover, so a
     * resumed opcode finds what its first run created.
     */
    public String stableUuid(String purpose) {
        return UUID.nameUUIDFromBytes(("gnt-job-" + jobId + "-" + opIndex + "-" + purpose).getBytes()).toString();
    }
}
