package org.gnt.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.gnt.bus.Json;
import org.gnt.bus.filter.FilterRule;
import org.gnt.bus.filter.FilterSpec;
import org.gnt.bus.filter.FilterStore;
import org.gnt.bus.filter.ReasonEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gnt-filter}: job filter rules, as Ganeti's command of that name. Rules are written to
 * ZooKeeper directly, not submitted as jobs, so these commands work while the queue is paused.
 */
@Command(name = "gnt-filter", description = "Job filter rule commands",
        subcommands = {FilterCommands.Add.class, FilterCommands.Replace.class, FilterCommands.Delete.class,
                FilterCommands.ListFilters.class, FilterCommands.ListFields.class, FilterCommands.Info.class})
public final class FilterCommands extends GroupCommand {
    /** Source of the reason-trail entry the command adds, like the one of job commands. */
    static final String PROGRAM = "gnt-filter";

    /** The options of {@code add} and {@code replace}, Ganeti's names and defaults. */
    static final class RuleOptions {
        @Option(names = "--priority", paramLabel = "N", defaultValue = "0",
                description = "Non-negative; lower numbers are evaluated first (default: 0)")
        int priority;

        @Option(names = "--predicates", paramLabel = "JSON", defaultValue = "[]",
                description = "JSON list of predicates, e.g. '[[\"jobid\", [\">\", \"id\", \"watermark\"]]]'"
                        + " (default: [], the rule matches every job)")
        String predicates;

        @Option(names = "--action", paramLabel = "ACTION", defaultValue = "CONTINUE",
                description = "ACCEPT, PAUSE, REJECT, CONTINUE or 'RATE_LIMIT n' (default: CONTINUE)")
        String action;

        @Option(names = "--reason", paramLabel = "REASON", description = "Why the rule is added (kept in its reason trail)")
        String reason;

        /** The request the options describe; a malformed value is refused naming its option. */
        FilterSpec spec() {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("priority", priority);
            body.set("predicates", parseJson("--predicates", predicates));
            body.set("action", parseAction(action));
            body.putArray("reason").add(ReasonEntry.now("gnt:client:" + PROGRAM, reason == null ? "" : reason)
                    .toJson());
            return FilterSpec.fromJson(body);
        }
    }

    private static final Pattern RATE_LIMIT = Pattern.compile("RATE_LIMIT\\s+(\\d+)\\s*");

    /** {@code RATE_LIMIT n} becomes Ganeti's {@code ["RATE_LIMIT", n]}; a JSON list is taken as it is. */
    static JsonNode parseAction(String s) {
        Matcher m = RATE_LIMIT.matcher(s.strip());
        if (m.matches()) {
            try {
                return Json.MAPPER.createArrayNode().add("RATE_LIMIT").add(Integer.parseInt(m.group(1)));
            } catch (NumberFormatException e) {
                throw new CliException("Invalid --action '" + s + "': the rate limit is too large");
            }
        }
        return s.strip().startsWith("[") ? parseJson("--action", s) : TextNode.valueOf(s.strip());
    }

    static JsonNode parseJson(String option, String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CliException("Invalid " + option + " value, not JSON: " + e.getOriginalMessage());
        }
    }

    /** {@code gnt-filter add}: prints the new rule's UUID. */
    @Command(name = "add", description = "Add a job filter rule")
    static final class Add extends GntCommand {
        @Mixin
        RuleOptions rule = new RuleOptions();

        @Override
        protected int run() {
            FilterSpec spec = rule.spec();
            try (Session s = session()) {
                out().println(s.filters().add(spec).uuid());
            }
            return ExitCodes.SUCCESS;
        }
    }

    /** {@code gnt-filter replace UUID}: replaces the rule, or creates it under that UUID; prints the UUID. */
    @Command(name = "replace", description = "Replace a job filter rule, or create it if it does not exist")
    static final class Replace extends GntCommand {
        @Mixin
        RuleOptions rule = new RuleOptions();

        @Parameters(paramLabel = "FILTER_UUID", description = "The rule to replace")
        String uuid;

        @Override
        protected int run() {
            FilterStore.checkUuid(uuid);
            FilterSpec spec = rule.spec();
            try (Session s = session()) {
                out().println(s.filters().replace(uuid, spec).uuid());
            }
            return ExitCodes.SUCCESS;
        }
    }

    /** {@code gnt-filter delete UUID}. */
    @Command(name = "delete", description = "Delete a job filter rule")
    static final class Delete extends GntCommand {
        @Parameters(paramLabel = "FILTER_UUID", description = "The rule to delete")
        String uuid;

        @Override
        protected int run() {
            try (Session s = session()) {
                s.filters().delete(uuid);
            }
            return ExitCodes.SUCCESS;
        }
    }

    /** {@code gnt-filter list}: the rules in evaluation order, Ganeti's fields and list options. */
    @Command(name = "list", description = "List job filter rules")
    static final class ListFilters extends GntCommand {
        @Mixin
        ListOptions list = new ListOptions();

        @Parameters(paramLabel = "FILTER_UUID", arity = "0..*", description = "Only these rules")
        List<String> uuids = new ArrayList<>();

        @Override
        protected int run() {
            List<Field> fields = FilterColumns.CATALOG.select(list.output);
            list.units();
            ListFilter filter = ListFilter.of(uuids, list.filter, FilterColumns.CATALOG, "uuid", false);
            try (Session s = session()) {
                FilterColumns columns = new FilterColumns();
                return list.print(out(), err(), fields, filter.select(u -> rules(s.filters(), u), columns), columns);
            }
        }
    }

    /** {@code gnt-filter list-fields}: name, type, title and description of each field. */
    @Command(name = "list-fields", description = "List the fields of job filter rules")
    static final class ListFields extends ListFieldsCommand {
        @Override
        protected List<String> allFields() {
            return FilterColumns.CATALOG.defaults();
        }

        @Override
        protected List<String> describe(String n) {
            return FilterColumns.CATALOG.find(n)
                    .map(f -> List.of(n, "Custom", f.title(), FilterColumns.description(n))).orElse(null);
        }
    }

    /** {@code gnt-filter info [UUID...]}: every field of each rule (all rules without arguments). */
    @Command(name = "info", description = "Show job filter rules in detail")
    static final class Info extends GntCommand {
        @Parameters(paramLabel = "FILTER_UUID", arity = "0..*", description = "The rules (default: all)")
        List<String> uuids = new ArrayList<>();

        @Override
        protected int run() {
            try (Session s = session()) {
                for (FilterRule r : rules(s.filters(), uuids)) {
                    out().println("UUID: " + r.uuid());
                    out().println("  Watermark: " + r.watermark());
                    out().println("  Priority: " + r.priority());
                    out().println("  Predicates: " + Json.string(r.predicates()));
                    out().println("  Action: " + Cells.scalar(r.action().toJson()));
                    out().println("  Reason trail: " + Json.string(r.reasonTrail()));
                }
            }
            return ExitCodes.SUCCESS;
        }
    }

    /** All rules in evaluation order, or the named ones in the order given; an unknown UUID fails. */
    static List<FilterRule> rules(FilterStore store, List<String> uuids) {
        if (uuids.isEmpty()) {
            return store.list();
        }
        List<FilterRule> out = new ArrayList<>();
        for (String u : uuids) {
            out.add(store.get(u));
        }
        return out;
    }
}
