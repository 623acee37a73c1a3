package org.gnt.coordinator.lu;

import java.time.Duration;
import java.util.Optional;

import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.rpc.NodeCommand;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.plugins.hypervisor.RuntimeInstance;

/** Asks an instance's primary node whether it runs, so start and stop can skip what is already so. */
final class InstanceRuntime {
    private InstanceRuntime() {
    }

    static Optional<RuntimeInstance> query(LuContext ctx, NodeConfig node, InstanceConfig i) {
        return Optional.ofNullable(ctx.rpc(node.name(), new NodeCommand.InstanceInfo(i.hypervisor(), i.name()),
                Duration.ofSeconds(30), RuntimeInstance.class));
    }

    static boolean isRunning(LuContext ctx, NodeConfig node, InstanceConfig i) {
        return query(ctx, node, i).map(r -> r.state() == RuntimeInstance.RunState.RUNNING
                || r.state() == RuntimeInstance.RunState.PAUSED).orElse(false);
    }
}
