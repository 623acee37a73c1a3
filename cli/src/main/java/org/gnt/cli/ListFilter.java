package org.gnt.cli;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.bus.filter.FilterSyntaxException;
import org.gnt.bus.filter.FilterText;
import org.gnt.bus.filter.QueryFilter;
import org.gnt.bus.filter.UnknownFieldException;

/**
 * What the arguments of a list command select, as Ganeti reads them (qlang.MakeFilter): with
 * {@code -F}, or a lone argument that looks like a filter ({@code 'mfree > 1024'}), a query filter;
 * names with glob characters, a filter or'ing name patterns; plain names (or none), the command's
 * own lookup by name, which refuses unknown names. The filter is parsed and checked against the
 * command's fields when this is made, before the cluster is contacted, so a bad filter changes and
 * reads nothing.
 */
public final class ListFilter {
    private final List<String> args;
    private final QueryFilter filter;
    private final FieldCatalog catalog;

    private ListFilter(List<String> args, QueryFilter filter, FieldCatalog catalog) {
        this.args = List.copyOf(args);
        this.filter = filter;
        this.catalog = catalog;
    }

    /**
     * Reads the arguments; {@code nameField} is the field plain arguments name ({@code name},
     * {@code id}), {@code numeric} makes them integers (job ids, never globs). A syntax error or an
     * unknown field is a {@link CliException} worded as Ganeti's (exit code 1).
     */
    public static ListFilter of(List<String> args, boolean force, FieldCatalog catalog, String nameField,
                                boolean numeric) {
        boolean asFilter = force || (args.size() == 1 && FilterText.looksLikeFilter(args.get(0)));
        if (!asFilter && (numeric || args.stream().noneMatch(FilterText::isGlob))) {
            return new ListFilter(args, null, catalog);
        }
        try {
            JsonNode json = FilterText.fromArguments(args, force, nameField, numeric);
            return new ListFilter(args, FilterText.compile(json, "filter", n -> catalog.find(n).isPresent()), catalog);
        } catch (FilterSyntaxException e) {
            throw new CliException("Error while parsing query filter: " + e.getMessage() + "\n"
                    + String.join("\n", e.details()));
        } catch (UnknownFieldException e) {
            // Ganeti's ParameterError rendering, then which word of the filter it was
            throw new CliException("Failure: unknown/wrong parameter name '" + e.field() + "'\n" + e.getMessage());
        }
    }

    /** Whether the arguments are plain names for the command's own lookup (no filter). */
    public boolean byName() {
        return filter == null;
    }

    /**
     * The selected items: {@code byName} applied to the arguments when they are plain names,
     * otherwise {@code byName} of no names (everything, in listing order) kept where the filter holds.
     */
    public <T> List<T> select(Function<List<String>, List<T>> byName, ListOptions.Source<T> source) {
        if (filter == null) {
            return byName.apply(args);
        }
        return byName.apply(List.of()).stream().filter(item -> holds(item, source)).toList();
    }

    /** Whether the filter holds for one item (always, without a filter). */
    public <T> boolean holds(T item, ListOptions.Source<T> source) {
        return filter == null || filter.holds(name -> {
            JsonNode v = source.value(item, catalog.find(name).orElseThrow());
            return v == null || v.isNull() || v.isMissingNode() ? Optional.empty() : Optional.of(v);
        });
    }
}
