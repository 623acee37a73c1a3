package org.gnt.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.view.NameOrder;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.opcode.OpNodeAdd;
import org.gnt.bus.view.ClusterRead;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gnt-node}: node administration. */
@Command(name = "gnt-node", description = "Node administration",
        subcommands = {NodeCommands.ListNodes.class, NodeCommands.Add.class, NodeModify.class, NodeRemove.class,
                NodeInfo.class, NodeAnnounced.class, TagCommands.NodeAdd.class, TagCommands.NodeRemove.class, TagCommands.NodeList.class})
public final class NodeCommands extends GroupCommand {

    /** {@code gnt-node list}. */
    @Command(name = "list", description = "List the nodes of the cluster")
    static final class ListNodes extends GntCommand {
        @Mixin
        ListOptions list = new ListOptions();

        @Parameters(paramLabel = "NODE", arity = "0..*", description = "Only these nodes (globs allowed), or one filter")
        List<String> names = new ArrayList<>();

        @Override
        protected int run() {
            List<Field> fields = NodeColumns.CATALOG.select(list.output);
            list.units();
            ListFilter filter = list.filter(names, NodeColumns.CATALOG);
            try (Session s = session()) {
                ClusterRead read = s.read();
                NodeColumns columns = new NodeColumns(read);
                List<NodeConfig> nodes = filter.select(n -> select(read, n), columns);
                return list.print(out(), err(), fields, nodes, columns);
            }
        }

        static List<NodeConfig> select(ClusterRead read, List<String> names) {
            if (names.isEmpty()) {
                return read.config().nodes().stream()
                        .sorted(Comparator.comparing(NodeConfig::name, NameOrder.INSTANCE)).toList();
            }
            List<NodeConfig> out = new ArrayList<>();
            for (String n : names) {
                Optional<NodeConfig> c = read.config().node(n);
                out.add(c.orElseThrow(() -> new PluginException(ErrorKind.NOENT, "Node '" + n + "' not known")));
            }
            return out;
        }
    }

    /** {@code gnt-node add}: accepts a running node service into the cluster (OP_NODE_ADD). */
    @Command(name = "add", description = "Add a node to the cluster")
    static final class Add extends GntCommand {
        @Mixin
        JobOptions job = new JobOptions();

        @Option(names = "--primary-ip", paramLabel = "IP",
                description = "The node's primary address (default: the one its node service reports)")
        String primaryIp;

        @Option(names = {"-s", "--secondary-ip"}, paramLabel = "IP", description = "The node's secondary address")
        String secondaryIp;

        @Option(names = {"-g", "--node-group", "--group"}, paramLabel = "GROUP", description = "Node group")
        String group;

        @Option(names = "--master-capable", paramLabel = "yes|no", description = "Whether it may become a master candidate")
        String masterCapable;

        @Option(names = "--vm-capable", paramLabel = "yes|no", description = "Whether it may host instances")
        String vmCapable;

        @Option(names = "--node-parameters", paramLabel = "PARAM=VALUE,...", description = "The node's own parameters")
        String ndparams;

        @Option(names = "--readd", description = "Re-add a node that is already in the configuration")
        boolean readd;

        @Parameters(paramLabel = "NODE", description = "The node's name")
        String name;

        @Override
        protected int run() {
            ObjectNode op = JsonNodeFactory.instance.objectNode();
            op.put("OP_ID", OpNodeAdd.OP_ID);
            op.put("node_name", name);
            putIfSet(op, "primary_ip", primaryIp);
            putIfSet(op, "secondary_ip", secondaryIp);
            putIfSet(op, "group", group);
            if (masterCapable != null) {
                op.put("master_capable", OptionValues.bool(masterCapable, "--master-capable"));
            }
            if (vmCapable != null) {
                op.put("vm_capable", OptionValues.bool(vmCapable, "--vm-capable"));
            }
            if (ndparams != null) {
                op.set("ndparams", org.gnt.bus.Json.tree(OptionValues.keyValues(ndparams, "--node-parameters")));
            }
            if (readd) {
                op.put("readd", true);
            }
            try (Session s = session()) {
                return new JobRunner(s, out(), err()).run(List.of(JobRunner.Job.of(op, name)), job, program());
            }
        }
    }

    static void putIfSet(ObjectNode op, String field, String value) {
        if (value != null) {
            op.put(field, value);
        }
    }
}
