package org.gnt.cli;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A {@code list-fields} command: name, type, title and description of each field of one object
 * kind, Ganeti's layout; unknown names are warned about and make the exit code 14.
 */
abstract class ListFieldsCommand extends GntCommand {
    @Option(names = "--no-headers", description = "Do not print the header line")
    boolean noHeaders;

    @Option(names = "--separator", paramLabel = "SEPARATOR", description = "Separate fields with this text")
    String separator;

    @Parameters(paramLabel = "FIELD", arity = "0..*", description = "Only these fields")
    List<String> names = new ArrayList<>();

    /** The fields listed when none are named. */
    protected abstract List<String> allFields();

    /** The row of one field (name, type, title, description); null when there is no such field. */
    protected abstract List<String> describe(String field);

    @Override
    protected int run() {
        List<String> unknown = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (String n : names.isEmpty() ? allFields() : names) {
            List<String> row = describe(n);
            if (row == null) {
                unknown.add(n);
            } else {
                rows.add(row);
            }
        }
        if (!unknown.isEmpty()) {
            err().println("Warning: Queried for unknown fields " + String.join(", ", unknown));
        }
        List<Table.Column> columns = List.of(new Table.Column("Name", false), new Table.Column("Type", false),
                new Table.Column("Title", false), new Table.Column("Description", false));
        Table.render(columns, rows, !noHeaders, separator).forEach(out()::println);
        return unknown.isEmpty() ? ExitCodes.SUCCESS : ExitCodes.UNKNOWN_FIELD;
    }
}
