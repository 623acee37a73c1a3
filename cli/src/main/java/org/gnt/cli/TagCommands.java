package org.gnt.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.Json;
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NetworkConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.opcode.OpTagsDel;
import org.gnt.bus.opcode.OpTagsSet;
import org.gnt.bus.view.ClusterRead;
import org.gnt.bus.view.ConfigView;
import org.gnt.bus.view.NameOrder;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code add-tags}, {@code remove-tags} and {@code list-tags} of gnt-cluster, gnt-node, gnt-group,
 * gnt-instance and gnt-network (one implementation, a subclass per program fixing the tag kind), and
 * {@code gnt-cluster search-tags}. Changes are OP_TAGS_SET/OP_TAGS_DEL jobs; reads use the config mirror.
 */
final class TagCommands {
    private TagCommands() {
    }

    /** What all three share: the kind, and for objects other than the cluster the object's name first. */
    abstract static class TagCommand extends GntCommand {
        @Parameters(paramLabel = "[NAME] TAG", arity = "0..*")
        List<String> args = new ArrayList<>();

        abstract String kind();

        boolean named() {
            return !kind().equals("cluster");
        }

        String name() {
            if (!named()) {
                return null;
            }
            if (args.isEmpty()) {
                throw new CliException("Error: the " + what() + " name is required", ExitCodes.FAILURE);
            }
            return args.get(0);
        }

        List<String> tagArgs() {
            return named() ? args.subList(Math.min(1, args.size()), args.size()) : args;
        }

        String what() {
            return kind().equals("nodegroup") ? "group" : kind();
        }
    }

    /** {@code add-tags} / {@code remove-tags}: one job; {@code --from} reads more tags from a file ({@code -}: stdin). */
    abstract static class ChangeTags extends TagCommand {
        @Mixin
        JobOptions job = new JobOptions();

        @Option(names = "--from", paramLabel = "FILE", description = "Read tags from this file, one per line ('-': stdin)")
        String from;

        abstract String opId();

        @Override
        protected int run() throws IOException {
            String name = name();
            List<String> tags = new ArrayList<>(tagArgs());
            if (from != null) {
                List<String> lines = from.equals("-")
                        ? new BufferedReader(new InputStreamReader(ctx().in(), StandardCharsets.UTF_8)).lines().toList()
                        : Files.readAllLines(Path.of(from), StandardCharsets.UTF_8);
                lines.stream().map(String::strip).filter(l -> !l.isEmpty()).forEach(tags::add);
            }
            if (tags.isEmpty()) {
                throw new CliException("Error: no tags given", ExitCodes.FAILURE);
            }
            ObjectNode op = JsonNodeFactory.instance.objectNode();
            op.put("OP_ID", opId());
            op.put("kind", kind());
            if (name != null) {
                op.put("name", name);
            }
            op.set("tags", Json.tree(tags));
            try (Session s = session()) {
                return new JobRunner(s, out(), err()).run(List.of(JobRunner.Job.of(op, name == null ? "cluster" : name)),
                        job, program());
            }
        }
    }

    abstract static class AddTags extends ChangeTags {
        @Override
        String opId() {
            return OpTagsSet.OP_ID;
        }
    }

    abstract static class RemoveTags extends ChangeTags {
        @Override
        String opId() {
            return OpTagsDel.OP_ID;
        }
    }

    /** {@code list-tags}: the object's tags, sorted, one a line. */
    abstract static class ListTags extends TagCommand {
        @Override
        protected int run() {
            String name = name();
            if (!tagArgs().isEmpty()) {
                throw new CliException("Error: list-tags takes no tags", ExitCodes.FAILURE);
            }
            try (Session s = session()) {
                ConfigView c = s.read().config();
                List<String> tags = switch (kind()) {
                    case "cluster" -> c.cluster().orElseThrow().tags();
                    case "node" -> c.node(name).map(NodeConfig::tags).orElseThrow(() -> unknown("Node", name));
                    case "nodegroup" -> c.group(name).map(GroupConfig::tags).orElseThrow(() -> unknown("Node group", name));
                    case "network" -> c.network(name).map(NetworkConfig::tags).orElseThrow(() -> unknown("Network", name));
                    default -> c.instance(name).map(InstanceConfig::tags).orElseThrow(() -> unknown("Instance", name));
                };
                tags.stream().sorted().forEach(out()::println);
                return ExitCodes.SUCCESS;
            }
        }

        private static PluginException unknown(String what, String name) {
            return new PluginException(ErrorKind.NOENT, what + " '" + name + "' not known");
        }
    }

    /** {@code gnt-cluster search-tags PATTERN}: every object's tags matching a regular expression. */
    @Command(name = "search-tags", description = "Search the tags of all objects with a regular expression")
    static final class Search extends GntCommand {
        @Parameters(paramLabel = "PATTERN")
        String pattern;

        @Override
        protected int run() {
            Pattern p;
            try {
                p = Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new PluginException(ErrorKind.INVAL, "Invalid search pattern '" + pattern + "': "
                        + e.getDescription());
            }
            try (Session s = session()) {
                ClusterRead read = s.read();
                ConfigView c = read.config();
                List<String> hits = new ArrayList<>();
                match(p, "/cluster", c.cluster().orElseThrow().tags(), hits);
                c.instances().stream().sorted(Comparator.comparing(InstanceConfig::name, NameOrder.INSTANCE))
                        .forEach(i -> match(p, "/instances/" + i.name(), i.tags(), hits));
                c.nodes().stream().sorted(Comparator.comparing(NodeConfig::name, NameOrder.INSTANCE))
                        .forEach(n -> match(p, "/nodes/" + n.name(), n.tags(), hits));
                c.groups().stream().sorted(Comparator.comparing(GroupConfig::name, NameOrder.INSTANCE))
                        .forEach(g -> match(p, "/nodegroup/" + g.name(), g.tags(), hits));
                c.networks().stream().sorted(Comparator.comparing(NetworkConfig::name, NameOrder.INSTANCE))
                        .forEach(n -> match(p, "/network/" + n.name(), n.tags(), hits));
                hits.forEach(out()::println);
                return hits.isEmpty() ? ExitCodes.FAILURE : ExitCodes.SUCCESS;
            }
        }

        private static void match(Pattern p, String path, List<String> tags, List<String> hits) {
            tags.stream().sorted().filter(t -> p.matcher(t).find()).forEach(t -> hits.add(path + " " + t));
        }
    }

    @Command(name = "add-tags", description = "Add tags to the cluster")
    static final class ClusterAdd extends AddTags {
        @Override
        String kind() {
            return "cluster";
        }
    }

    @Command(name = "remove-tags", description = "Remove tags from the cluster")
    static final class ClusterRemove extends RemoveTags {
        @Override
        String kind() {
            return "cluster";
        }
    }

    @Command(name = "list-tags", description = "List the cluster's tags")
    static final class ClusterList extends ListTags {
        @Override
        String kind() {
            return "cluster";
        }
    }

    @Command(name = "add-tags", description = "Add tags to a node")
    static final class NodeAdd extends AddTags {
        @Override
        String kind() {
            return "node";
        }
    }

    @Command(name = "remove-tags", description = "Remove tags from a node")
    static final class NodeRemove extends RemoveTags {
        @Override
        String kind() {
            return "node";
        }
    }

    @Command(name = "list-tags", description = "List a node's tags")
    static final class NodeList extends ListTags {
        @Override
        String kind() {
            return "node";
        }
    }

    @Command(name = "add-tags", description = "Add tags to a node group")
    static final class GroupAdd extends AddTags {
        @Override
        String kind() {
            return "nodegroup";
        }
    }

    @Command(name = "remove-tags", description = "Remove tags from a node group")
    static final class GroupRemove extends RemoveTags {
        @Override
        String kind() {
            return "nodegroup";
        }
    }

    @Command(name = "list-tags", description = "List a node group's tags")
    static final class GroupList extends ListTags {
        @Override
        String kind() {
            return "nodegroup";
        }
    }

    @Command(name = "add-tags", description = "Add tags to an instance")
    static final class InstanceAdd extends AddTags {
        @Override
        String kind() {
            return "instance";
        }
    }

    @Command(name = "remove-tags", description = "Remove tags from an instance")
    static final class InstanceRemove extends RemoveTags {
        @Override
        String kind() {
            return "instance";
        }
    }

    @Command(name = "list-tags", description = "List an instance's tags")
    static final class InstanceList extends ListTags {
        @Override
        String kind() {
            return "instance";
        }
    }

    @Command(name = "add-tags", description = "Add tags to a network")
    static final class NetworkAdd extends AddTags {
        @Override
        String kind() {
            return "network";
        }
    }

    @Command(name = "remove-tags", description = "Remove tags from a network")
    static final class NetworkRemove extends RemoveTags {
        @Override
        String kind() {
            return "network";
        }
    }

    @Command(name = "list-tags", description = "List a network's tags")
    static final class NetworkList extends ListTags {
        @Override
        String kind() {
            return "network";
        }
    }
}
