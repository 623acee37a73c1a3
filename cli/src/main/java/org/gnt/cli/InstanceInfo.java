package org.gnt.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.gnt.bus.config.ClusterConfig;
import org.gnt.bus.config.DiskConfig;
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NicConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.view.ClusterRead;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.hypervisor.RuntimeInstance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gnt-instance info}: a readable block per instance, laid out like Ganeti's. */
@Command(name = "info", description = "Show detailed information about instances")
final class InstanceInfo extends GntCommand {
    @Option(names = "--all", description = "All instances")
    boolean all;

    @Option(names = {"-s", "--static"}, description = "Only the configuration, not the runtime state")
    boolean statical;

    @Parameters(paramLabel = "INSTANCE", arity = "0..*", description = "Instance names")
    List<String> names = new ArrayList<>();

    @Override
    protected int run() {
        if (all == !names.isEmpty()) {
            throw new PluginException(ErrorKind.INVAL, all ? "Cannot use --all together with instance names"
                    : "Give instance names or --all");
        }
        try (Session s = session()) {
            ClusterRead read = s.read();
            ClusterConfig cluster = s.cluster();
            boolean first = true;
            for (InstanceConfig i : InstanceList.select(read, names)) {
                if (!first) {
                    out().println();
                }
                first = false;
                print(out(), read, cluster, i);
            }
        }
        return ExitCodes.SUCCESS;
    }

    private void print(PrintStream out, ClusterRead read, ClusterConfig cluster, InstanceConfig i) {
        Optional<NodeConfig> pnode = read.primaryNode(i);
        out.println("Instance name: " + i.name());
        out.println("UUID: " + i.uuid());
        out.println("Serial number: " + i.serial());
        out.println("Creation time: " + (i.ctime() == null ? "N/A" : Cells.time(i.ctime())));
        out.println("Modification time: " + (i.mtime() == null ? "N/A" : Cells.time(i.mtime())));
        out.println("State: configured to be " + i.adminState()
                + (statical ? "" : ", actual state is " + runtimeState(read, i, pnode)));
        out.println("  Nodes:");
        out.println("    - primary: " + pnode.map(NodeConfig::name).orElse(i.primaryNode() + " (unknown node)"));
        out.println("      group: " + pnode.map(n -> groupName(read, n)).orElse("N/A"));
        out.println("    - secondaries: ");
        out.println("  Operating system: " + i.os());
        if (!i.osparams().isEmpty()) {
            out.println("  Operating system parameters:");
            params(out, i.osparams(), Map.of());
        }
        out.println("  Hypervisor: " + i.hypervisor());
        out.println("  Hypervisor parameters:");
        params(out, i.hvparams(), cluster.hvparams().getOrDefault(i.hypervisor(), Map.of()));
        out.println("  Back-end parameters:");
        params(out, i.beparams(), cluster.beparams());
        out.println("  NICs:" + (i.nics().isEmpty() ? " none" : ""));
        for (int n = 0; n < i.nics().size(); n++) {
            NicConfig nic = i.nics().get(n);
            out.println("    - nic/" + n + ": MAC: " + orNone(nic.mac()) + ", IP: " + orNone(nic.ip()) + ", mode: "
                    + orNone(nic.mode()) + ", link: " + orNone(nic.link()) + ", network: " + orNone(nic.network()));
        }
        out.println("  Disk template: " + i.diskTemplate());
        out.println("  Disks:" + (i.disks().isEmpty() ? " none" : ""));
        for (DiskConfig d : i.disks()) {
            out.println("    - disk/" + d.index() + ": " + i.diskTemplate() + ", size " + Units.format(d.sizeMib(), "h"));
            out.println("      access mode: " + d.mode());
            if (d.name() != null) {
                out.println("      name: " + d.name());
            }
            out.println("      UUID: " + d.uuid());
            if (d.ref() != null) {
                out.println("      logical id: " + d.ref().driver() + ":" + d.ref().id());
            }
        }
        if (!i.tags().isEmpty()) {
            out.println("  Tags: " + String.join(", ", i.tags()));
        }
    }

    private static String runtimeState(ClusterRead read, InstanceConfig i, Optional<NodeConfig> pnode) {
        if (pnode.isEmpty()) {
            return "unknown (primary node unknown)";
        }
        if (pnode.get().offline()) {
            return "unknown (primary node offline)";
        }
        if (!read.isLiveCached(pnode.get().name())) {
            return "unknown (primary node down)";
        }
        Optional<RuntimeInstance> rt = read.runtime(i);
        return rt.map(r -> r.state() == RuntimeInstance.RunState.RUNNING ? "up"
                : r.state().name().toLowerCase(java.util.Locale.ROOT)).orElse("down");
    }

    private static String groupName(ClusterRead read, NodeConfig n) {
        return read.config().groups().stream().filter(g -> g.uuid().equals(n.group())).map(GroupConfig::name)
                .findFirst().orElse(n.group());
    }

    /** Own values as they are, inherited ones as {@code default (value)}, as Ganeti shows them. */
    private static void params(PrintStream out, Map<String, Object> own, Map<String, Object> defaults) {
        TreeSet<String> keys = new TreeSet<>(own.keySet());
        keys.addAll(defaults.keySet());
        if (keys.isEmpty()) {
            out.println("    (none)");
        }
        for (String k : keys) {
            String v = own.containsKey(k) ? ClusterInfo.value(own.get(k))
                    : "default (" + ClusterInfo.value(defaults.get(k)) + ")";
            out.println("    " + k + ": " + v);
        }
    }

    private static String orNone(String s) {
        return s == null ? "None" : s;
    }
}
