package org.gnt.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.view.ClusterRead;
import org.gnt.plugins.hypervisor.NodeResources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code gnt-node info}: Ganeti's layout (a YAML-like list, one entry per node). gnt has no
 * secondary nodes yet, so "secondary for instances" is always empty, and only the node's own
 * parameters are listed (the cluster keeps no node parameter defaults). A live node's inventory
 * adds the hypervisors' accelerators (so an admin sees kvm falling back to TCG).
 */
@Command(name = "info", description = "Show information about nodes")
final class NodeInfo extends GntCommand {
    @Parameters(paramLabel = "NODE", arity = "0..*", description = "Only these nodes (default: all)")
    List<String> names = new ArrayList<>();

    @Override
    protected int run() {
        try (Session s = session()) {
            ClusterRead read = s.read();
            for (NodeConfig n : NodeCommands.ListNodes.select(read, names)) {
                print(out(), n, read.config().instances().stream().filter(i -> n.uuid().equals(i.primaryNode()))
                        .map(InstanceConfig::name).sorted().toList());
                read.inventory().get(n.name()).ifPresent(st -> accelerators(out(), st.hypervisors()));
            }
        }
        return ExitCodes.SUCCESS;
    }

    static void print(PrintStream out, NodeConfig n, List<String> primaries) {
        out.println("Node name: " + n.name());
        out.println("  primary ip: " + n.primaryIp());
        out.println("  secondary ip: " + n.secondaryIp());
        out.println("  master candidate: " + py(n.masterCandidate()));
        out.println("  drained: " + py(n.drained()));
        out.println("  offline: " + py(n.offline()));
        out.println("  master_capable: " + py(n.masterCapable()));
        out.println("  vm_capable: " + py(n.vmCapable()));
        if (n.vmCapable()) {
            out.println("  primary for instances:");
            primaries.forEach(i -> out.println("    - " + i));
            out.println("  secondary for instances:");
        }
        out.println("  node parameters:");
        Map<String, Object> own = new TreeMap<>(n.ndparams());
        own.forEach((k, v) -> out.println("    " + k + ": " + ClusterInfo.value(v)));
    }

    /**
     * gnt's addition to Ganeti's layout, from the node's inventory: how each hypervisor that has a
     * choice runs guests here (kvm: {@code kvm}, or {@code tcg} when QEMU has to emulate).
     */
    static void accelerators(PrintStream out, Map<String, NodeResources> hvs) {
        Map<String, String> acc = new TreeMap<>();
        hvs.forEach((hv, r) -> {
            if (!r.accelerator().isEmpty()) {
                acc.put(hv, r.accelerator());
            }
        });
        if (!acc.isEmpty()) {
            out.println("  hypervisor accelerators:");
            acc.forEach((hv, a) -> out.println("    " + hv + ": " + a));
        }
    }

    private static String py(boolean b) {
        return b ? "True" : "False";
    }
}
