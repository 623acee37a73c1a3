package org.gnt.cli;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.bus.filter.FilterRule;

/** The fields of {@code gnt-filter list}, with Ganeti's names, column titles and default order. */
final class FilterColumns implements ListOptions.Source<FilterRule> {
    static final FieldCatalog CATALOG = new FieldCatalog(List.of(
            Field.text("uuid", "UUID"),
            Field.number("watermark", "Watermark"),
            Field.number("priority", "Priority"),
            Field.object("predicates", "Predicates"),
            Field.object("action", "Action"),
            Field.object("reason_trail", "ReasonTrail")),
            List.of("uuid", "watermark", "priority", "predicates", "action", "reason_trail"));

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "uuid", "Identifier of the filter rule",
            "watermark", "Highest job ID handed out when the rule was added or last replaced",
            "priority", "Evaluation order among rules; lower numbers first",
            "predicates", "Conditions a job has to meet for the rule to apply",
            "action", "What happens to the jobs the rule applies to",
            "reason_trail", "Why, when and by whom the rule was added");

    static String description(String field) {
        return DESCRIPTIONS.getOrDefault(field, "");
    }

    @Override
    public JsonNode value(FilterRule r, Field f) {
        return r.ganetiFields().get(f.name());
    }

    @Override
    public Field.Missing missing(FilterRule r, Field f) {
        return Field.Missing.UNAVAIL;
    }
}
