package org.gnt.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Option;

/**
 * The options every list command shares ({@code -o}, {@code --no-headers}, {@code --separator},
 * {@code --units}, {@code -v}) and the printing of a listing with them.
 */
public final class ListOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "[+]FIELD,...",
            description = "Fields to show; a leading + adds them to the default fields")
    String output;

    @Option(names = "--no-headers", description = "Do not print the header line")
    boolean noHeaders;

    @Option(names = "--separator", paramLabel = "SEPARATOR",
            description = "Separate fields with this text instead of aligning columns (sizes then in MiB)")
    String separator;

    @Option(names = "--units", paramLabel = "UNITS", description = "Size units: h, m, g, t (or H, M, G, T for powers of 10)")
    String units;

    @Option(names = "-v", description = "Spell out why a value is missing")
    boolean verbose;

    @Option(names = {"-F", "--filter"},
            description = "Take the argument as a query filter, e.g. 'mfree > 1024 and not offline' (see ganeti(7))")
    boolean filter;

    /** How a list command gets one cell's value and, if it is null, the reason. */
    public interface Source<T> {
        JsonNode value(T item, Field field);

        Field.Missing missing(T item, Field field);
    }

    /** What the arguments select: names, name globs, or (with -F or a lone filter) a query filter. */
    public ListFilter filter(List<String> args, FieldCatalog catalog) {
        return ListFilter.of(args, filter, catalog, "name", false);
    }

    /** As {@link #filter(List, FieldCatalog)} for numeric ids on {@code idField} (jobs). */
    public ListFilter filterIds(List<String> args, FieldCatalog catalog, String idField) {
        return ListFilter.of(args, filter, catalog, idField, true);
    }

    String units() {
        String u = units != null ? units : Units.defaultFor(separator);
        Units.check(u);
        return u;
    }

    /** Prints the listing; returns the exit code (14 when unknown fields were asked for, as Ganeti). */
    <T> int print(PrintStream out, PrintStream err, List<Field> fields, List<T> items, Source<T> source) {
        String u = units();
        List<String> unknown = fields.stream().filter(f -> f.kind() == Field.Kind.UNKNOWN).map(Field::name).toList();
        if (!unknown.isEmpty()) {
            err.println("Warning: Queried for unknown fields " + String.join(", ", unknown));
        }
        List<List<String>> rows = new ArrayList<>();
        for (T item : items) {
            List<String> row = new ArrayList<>();
            for (Field f : fields) {
                JsonNode v = f.kind() == Field.Kind.UNKNOWN ? null : source.value(item, f);
                Field.Missing why = v == null || v.isNull() ? source.missing(item, f) : Field.Missing.UNAVAIL;
                row.add(Cells.render(v, f.kind(), why, u, verbose));
            }
            rows.add(row);
        }
        List<Table.Column> columns = fields.stream()
                .map(f -> new Table.Column(f.title(), f.kind().rightAligned())).toList();
        Table.render(columns, rows, !noHeaders, separator).forEach(out::println);
        return unknown.isEmpty() ? ExitCodes.SUCCESS : ExitCodes.UNKNOWN_FIELD;
    }
}
