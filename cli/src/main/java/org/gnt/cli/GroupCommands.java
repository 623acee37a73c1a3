package org.gnt.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.Json;
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.opcode.OpGroupAdd;
import org.gnt.bus.opcode.OpGroupAssignNodes;
import org.gnt.bus.opcode.OpGroupRemove;
import org.gnt.bus.opcode.OpGroupRename;
import org.gnt.bus.opcode.OpGroupSetParams;
import org.gnt.bus.view.ClusterRead;
import org.gnt.bus.view.GroupFields;
import org.gnt.bus.view.NameOrder;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gnt-group}: node group administration. */
@Command(name = "gnt-group", description = "Node group administration",
        subcommands = {GroupCommands.Add.class, GroupCommands.Remove.class, GroupCommands.Rename.class,
                GroupCommands.AssignNodes.class, GroupCommands.Modify.class, GroupCommands.ListGroups.class,
                GroupCommands.Info.class, TagCommands.GroupAdd.class, TagCommands.GroupRemove.class,
                TagCommands.GroupList.class})
public final class GroupCommands extends GroupCommand {

    /** Runs one opcode as a job with the common job options. */
    abstract static class OneJob extends GntCommand {
        @Mixin
        JobOptions job = new JobOptions();

        int submit(ObjectNode op, String label) {
            try (Session s = session()) {
                return new JobRunner(s, out(), err()).run(List.of(JobRunner.Job.of(op, label)), job, program());
            }
        }

        static ObjectNode op(String opId, String group) {
            ObjectNode op = JsonNodeFactory.instance.objectNode();
            op.put("OP_ID", opId);
            op.put("group_name", group);
            return op;
        }
    }

    /** {@code gnt-group add}. */
    @Command(name = "add", description = "Add a node group")
    static final class Add extends OneJob {
        @Mixin
        GroupParamOptions params = new GroupParamOptions();

        @Parameters(paramLabel = "GROUP")
        String group;

        @Override
        protected int run() {
            ObjectNode op = op(OpGroupAdd.OP_ID, group);
            params.fill(op);
            return submit(op, group);
        }
    }

    /** {@code gnt-group modify}. */
    @Command(name = "modify", description = "Change the parameters of a node group")
    static final class Modify extends OneJob {
        @Mixin
        GroupParamOptions params = new GroupParamOptions();

        @Parameters(paramLabel = "GROUP")
        String group;

        @Override
        protected int run() {
            ObjectNode op = op(OpGroupSetParams.OP_ID, group);
            if (!params.fill(op)) {
                throw new CliException("Please give at least one of the parameters.", ExitCodes.FAILURE);
            }
            return submit(op, group);
        }
    }

    /** {@code gnt-group remove}. */
    @Command(name = "remove", description = "Remove an empty node group")
    static final class Remove extends OneJob {
        @Parameters(paramLabel = "GROUP")
        String group;

        @Override
        protected int run() {
            return submit(op(OpGroupRemove.OP_ID, group), group);
        }
    }

    /** {@code gnt-group rename}. */
    @Command(name = "rename", description = "Rename a node group")
    static final class Rename extends OneJob {
        @Parameters(index = "0", paramLabel = "OLD_NAME")
        String group;

        @Parameters(index = "1", paramLabel = "NEW_NAME")
        String newName;

        @Override
        protected int run() {
            return submit(op(OpGroupRename.OP_ID, group).put("new_name", newName), group);
        }
    }

    /** {@code gnt-group assign-nodes}. */
    @Command(name = "assign-nodes", description = "Move nodes into a node group")
    static final class AssignNodes extends OneJob {
        @Option(names = "--force", description = "Move them even if instances end up split across groups")
        boolean force;

        @Parameters(index = "0", paramLabel = "GROUP")
        String group;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "NODE")
        List<String> nodes = new ArrayList<>();

        @Override
        protected int run() {
            ObjectNode op = op(OpGroupAssignNodes.OP_ID, group);
            op.put("force", force);
            op.set("nodes", Json.tree(nodes));
            return submit(op, group);
        }
    }

    /** {@code gnt-group list}. */
    @Command(name = "list", description = "List the node groups")
    static final class ListGroups extends GntCommand {
        @Mixin
        ListOptions list = new ListOptions();

        @Parameters(paramLabel = "GROUP", arity = "0..*", description = "Only these groups (globs allowed), or one filter")
        List<String> names = new ArrayList<>();

        @Override
        protected int run() {
            List<Field> fields = GroupColumns.CATALOG.select(list.output);
            list.units();
            ListFilter filter = list.filter(names, GroupColumns.CATALOG);
            try (Session s = session()) {
                ClusterRead read = s.read();
                GroupColumns columns = new GroupColumns(read);
                return list.print(out(), err(), fields, filter.select(n -> select(read, n), columns), columns);
            }
        }
    }

    static List<GroupConfig> select(ClusterRead read, List<String> names) {
        if (names.isEmpty()) {
            return read.config().groups().stream()
                    .sorted(Comparator.comparing(GroupConfig::name, NameOrder.INSTANCE)).toList();
        }
        List<GroupConfig> out = new ArrayList<>();
        for (String n : names) {
            out.add(read.config().group(n).orElseThrow(() ->
                    new PluginException(ErrorKind.NOENT, "Node group '" + n + "' not found")));
        }
        return out;
    }

    /** {@code gnt-group info}: each group's parameters, the effective value with the group's own marked. */
    @Command(name = "info", description = "Show the parameters of node groups")
    static final class Info extends GntCommand {
        @Parameters(paramLabel = "GROUP", arity = "0..*")
        List<String> names = new ArrayList<>();

        @Override
        protected int run() {
            try (Session s = session()) {
                ClusterRead read = s.read();
                GroupFields.Snapshot snap = new GroupFields.Snapshot(read.config());
                for (GroupConfig g : select(read, names)) {
                    out().println("Group: " + g.name());
                    out().println("  UUID: " + g.uuid());
                    out().println("  Number of nodes: " + snap.field(g, "node_cnt").asInt());
                    out().println("  Nodes: " + String.join(", ", strings(snap.field(g, "node_list"))));
                    out().println("  Instances: " + snap.field(g, "pinst_cnt").asInt());
                    out().println("  Allocation policy: " + g.allocPolicy());
                    out().println("  Tags: " + (g.tags().isEmpty() ? "(none)" : String.join(", ", g.tags())));
                    section("Node parameters", snap.field(g, "ndparams"), Json.tree(g.ndparams()), "    ");
                    section("Disk parameters", snap.field(g, "diskparams"), Json.tree(g.diskparams()), "    ");
                    section("Instance policy", snap.field(g, "ipolicy"), Json.tree(g.ipolicy()), "    ");
                }
                return ExitCodes.SUCCESS;
            }
        }

        private static List<String> strings(JsonNode list) {
            List<String> out = new ArrayList<>();
            list.forEach(n -> out.add(n.asText()));
            return out;
        }

        /** Prints a parameter tree; a value the group does not set itself shows as {@code default (value)}, as Ganeti. */
        private void section(String title, JsonNode effective, JsonNode own, String indent) {
            out().println(indent.substring(2) + title + ":");
            for (Map.Entry<String, JsonNode> e : effective.properties()) {
                JsonNode mine = own == null ? null : own.get(e.getKey());
                if (e.getValue().isObject()) {
                    section(e.getKey(), e.getValue(), mine, indent + "  ");
                } else {
                    String v = Cells.scalar(e.getValue());
                    out().println(indent + e.getKey() + ": " + (mine == null ? "default (" + v + ")" : v));
                }
            }
        }
    }
}
