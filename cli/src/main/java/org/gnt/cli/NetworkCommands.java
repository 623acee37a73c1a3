package org.gnt.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.Json;
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.config.NetworkConfig;
import org.gnt.bus.opcode.OpNetworkAdd;
import org.gnt.bus.opcode.OpNetworkConnect;
import org.gnt.bus.opcode.OpNetworkDisconnect;
import org.gnt.bus.opcode.OpNetworkRemove;
import org.gnt.bus.opcode.OpNetworkSetParams;
import org.gnt.bus.view.ClusterRead;
import org.gnt.bus.view.NameOrder;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gnt-network}: IP networks and their connection to node groups. Changes are OP_NETWORK_*
 * jobs; list, list-fields and info read the config mirror. {@code connect} and {@code disconnect}
 * without groups act on every group (connect) or every connected group (disconnect), one job each.
 */
@Command(name = "gnt-network", description = "Network administration",
        subcommands = {NetworkCommands.Add.class, NetworkCommands.Remove.class, NetworkCommands.Modify.class,
                NetworkCommands.Connect.class, NetworkCommands.Disconnect.class, NetworkCommands.ListNetworks.class,
                NetworkCommands.ListFields.class, NetworkInfo.class, TagCommands.NetworkAdd.class,
                TagCommands.NetworkRemove.class, TagCommands.NetworkList.class})
public final class NetworkCommands extends GroupCommand {

    /** Runs opcodes as jobs with the common job options. */
    abstract static class Jobs extends GntCommand {
        @Mixin
        JobOptions job = new JobOptions();

        int submit(List<ObjectNode> ops, String label) {
            try (Session s = session()) {
                return new JobRunner(s, out(), err()).run(ops.stream().map(op -> JobRunner.Job.of(op, label)).toList(),
                        job, program());
            }
        }

        static ObjectNode op(String opId, String network) {
            ObjectNode op = JsonNodeFactory.instance.objectNode();
            op.put("OP_ID", opId);
            op.put("network_name", network);
            return op;
        }
    }

    /** What add and modify share: Ganeti's option names, comma-separated address lists. */
    static class Params {
        @Option(names = "--gateway", paramLabel = "GATEWAY", description = "IPv4 gateway ('none' clears it)")
        String gateway;

        @Option(names = "--network6", paramLabel = "NETWORK6", description = "IPv6 subnet ('none' clears it)")
        String network6;

        @Option(names = "--gateway6", paramLabel = "GATEWAY6", description = "IPv6 gateway ('none' clears it)")
        String gateway6;

        @Option(names = "--mac-prefix", paramLabel = "MACPREFIX", description = "MAC prefix, like aa:00:00")
        String macPrefix;

        @Option(names = "--add-reserved-ips", paramLabel = "IP,...", description = "Reserve these addresses")
        String addReserved;

        boolean fill(ObjectNode op) {
            boolean any = put(op, "gateway", gateway) | put(op, "network6", network6) | put(op, "gateway6", gateway6)
                    | put(op, "mac_prefix", macPrefix);
            if (addReserved != null) {
                op.set("add_reserved_ips", Json.tree(split(addReserved)));
                any = true;
            }
            return any;
        }

        private static boolean put(ObjectNode op, String field, String value) {
            if (value != null) {
                op.put(field, value);
            }
            return value != null;
        }
    }

    static List<String> split(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** {@code gnt-network add --network=CIDR [...] NETWORK}. */
    @Command(name = "add", description = "Add a network")
    static final class Add extends Jobs {
        @Mixin
        Params params = new Params();

        @Option(names = "--network", paramLabel = "NETWORK", description = "IPv4 subnet in CIDR notation (required)")
        String network;

        @Option(names = "--no-conflicts-check", description = "Do not check for conflicting IP addresses")
        boolean noConflictsCheck;

        @Option(names = "--tags", paramLabel = "TAG,...", description = "Tags of the new network")
        String tags;

        @Parameters(paramLabel = "NETWORK")
        String name;

        @Override
        protected int run() {
            if (network == null) {
                throw new CliException("Error: the network address is required (--network=CIDR)", ExitCodes.FAILURE);
            }
            ObjectNode op = op(OpNetworkAdd.OP_ID, name).put("network", network);
            params.fill(op);
            op.put("conflicts_check", !noConflictsCheck);
            if (tags != null) {
                op.set("tags", Json.tree(split(tags)));
            }
            return submit(List.of(op), name);
        }
    }

    /** {@code gnt-network modify}. */
    @Command(name = "modify", description = "Change the parameters of a network")
    static final class Modify extends Jobs {
        @Mixin
        Params params = new Params();

        @Option(names = "--remove-reserved-ips", paramLabel = "IP,...", description = "Release these addresses")
        String removeReserved;

        @Parameters(paramLabel = "NETWORK")
        String name;

        @Override
        protected int run() {
            ObjectNode op = op(OpNetworkSetParams.OP_ID, name);
            boolean any = params.fill(op);
            if (removeReserved != null) {
                op.set("remove_reserved_ips", Json.tree(split(removeReserved)));
                any = true;
            }
            if (!any) {
                throw new CliException("Please give at least one of the parameters.", ExitCodes.FAILURE);
            }
            return submit(List.of(op), name);
        }
    }

    /** {@code gnt-network remove NETWORK}. */
    @Command(name = "remove", description = "Remove a network connected to no group")
    static final class Remove extends Jobs {
        @Parameters(paramLabel = "NETWORK")
        String name;

        @Override
        protected int run() {
            return submit(List.of(op(OpNetworkRemove.OP_ID, name).put("force", false)), name);
        }
    }

    /** {@code gnt-network connect -N mode=MODE,link=LINK[,vlan=VLAN] NETWORK [GROUP...]}. */
    @Command(name = "connect", description = "Connect a network to node groups")
    static final class Connect extends Jobs {
        @Option(names = {"-N", "--nic-parameters"}, paramLabel = "mode=MODE,link=LINK[,vlan=VLAN]",
                description = "How the groups reach the network (mode defaults to bridged; link is required)")
        String nicParams;

        @Option(names = "--no-conflicts-check", description = "Do not check for conflicting IP addresses")
        boolean noConflictsCheck;

        @Parameters(index = "0", paramLabel = "NETWORK")
        String name;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "GROUP", description = "Default: every group")
        List<String> groups = new ArrayList<>();

        @Override
        protected int run() {
            Map<String, String> nic = nicParams(nicParams);
            if (!nic.containsKey("link")) {
                throw new CliException("Error: the NIC link is required (-N link=LINK)", ExitCodes.FAILURE);
            }
            List<String> targets = groups.isEmpty() ? allGroups() : groups;
            List<ObjectNode> ops = new ArrayList<>();
            for (String g : targets) {
                ObjectNode op = op(OpNetworkConnect.OP_ID, name).put("group_name", g)
                        .put("network_mode", nic.getOrDefault("mode", "bridged")).put("network_link", nic.get("link"))
                        .put("network_vlan", nic.getOrDefault("vlan", "")).put("conflicts_check", !noConflictsCheck);
                ops.add(op);
            }
            return submit(ops, name);
        }

        private List<String> allGroups() {
            try (Session s = session()) {
                return s.read().config().groups().stream().map(GroupConfig::name).sorted(NameOrder.INSTANCE).toList();
            }
        }
    }

    /** Parses {@code -N key=value,...}; only Ganeti's NIC keys mode, link and vlan. */
    static Map<String, String> nicParams(String spec) {
        Map<String, String> out = new LinkedHashMap<>();
        if (spec == null) {
            return out;
        }
        for (String kv : split(spec)) {
            int eq = kv.indexOf('=');
            String key = eq < 0 ? kv : kv.substring(0, eq);
            if (eq < 0 || !List.of("mode", "link", "vlan").contains(key)) {
                throw new CliException("Error: invalid NIC parameter '" + kv + "'; use mode=MODE, link=LINK or"
                        + " vlan=VLAN", ExitCodes.FAILURE);
            }
            out.put(key, kv.substring(eq + 1));
        }
        return out;
    }

    /** {@code gnt-network disconnect NETWORK [GROUP...]}. */
    @Command(name = "disconnect", description = "Disconnect a network from node groups")
    static final class Disconnect extends Jobs {
        @Parameters(index = "0", paramLabel = "NETWORK")
        String name;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "GROUP", description = "Default: every connected group")
        List<String> groups = new ArrayList<>();

        @Override
        protected int run() {
            List<String> targets = groups;
            if (targets.isEmpty()) {
                try (Session s = session()) {
                    ClusterRead read = s.read();
                    NetworkConfig n = known(read, name);
                    targets = read.config().groups().stream().filter(g -> g.networks().containsKey(n.uuid()))
                            .map(GroupConfig::name).sorted(NameOrder.INSTANCE).toList();
                }
                if (targets.isEmpty()) {
                    out().println("Network '" + name + "' is not connected to any node group");
                    return ExitCodes.SUCCESS;
                }
            }
            return submit(targets.stream().map(g -> op(OpNetworkDisconnect.OP_ID, name).put("group_name", g)).toList(),
                    name);
        }
    }

    /** {@code gnt-network list}. */
    @Command(name = "list", description = "List the networks")
    static final class ListNetworks extends GntCommand {
        @Mixin
        ListOptions list = new ListOptions();

        @Parameters(paramLabel = "NETWORK", arity = "0..*", description = "Only these networks")
        List<String> names = new ArrayList<>();

        @Override
        protected int run() {
            List<Field> fields = NetworkColumns.CATALOG.select(list.output);
            list.units();
            ListFilter filter = list.filter(names, NetworkColumns.CATALOG);
            try (Session s = session()) {
                ClusterRead read = s.read();
                NetworkColumns columns = new NetworkColumns(read);
                return list.print(out(), err(), fields, filter.select(n -> select(read, n), columns), columns);
            }
        }
    }

    static NetworkConfig known(ClusterRead read, String name) {
        return read.config().network(name).orElseThrow(() ->
                new PluginException(ErrorKind.NOENT, "Network '" + name + "' not found"));
    }

    static List<NetworkConfig> select(ClusterRead read, List<String> names) {
        if (names.isEmpty()) {
            return read.config().networks().stream()
                    .sorted(Comparator.comparing(NetworkConfig::name, NameOrder.INSTANCE)).toList();
        }
        return names.stream().map(n -> known(read, n)).toList();
    }

    /** {@code gnt-network list-fields}: name, type, title and description of each field. */
    @Command(name = "list-fields", description = "List the fields of networks")
    static final class ListFields extends ListFieldsCommand {
        @Override
        protected List<String> allFields() {
            return NetworkColumns.FIELDS.stream().map(Field::name).toList();
        }

        @Override
        protected List<String> describe(String n) {
            return NetworkColumns.CATALOG.find(n).map(f -> List.of(n, NetworkColumns.type(f), f.title(),
                    NetworkColumns.description(n))).orElse(null);
        }
    }
}
