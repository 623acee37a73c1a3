package org.gnt.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Ganeti's list layout: one line per row, columns separated by a space and padded to the widest
 * cell (numbers right-aligned, text left-aligned, trailing blanks dropped); or, with a separator,
 * cells joined by it without padding, for scripts. The header line is optional.
 */
public final class Table {
    /** A column: its header and whether its cells are right-aligned. */
    public record Column(String title, boolean rightAligned) {
    }

    private Table() {
    }

    public static List<String> render(List<Column> columns, List<List<String>> rows, boolean headers,
                                      String separator) {
        List<List<String>> all = new ArrayList<>();
        if (headers) {
            all.add(columns.stream().map(Column::title).toList());
        }
        all.addAll(rows);
        List<String> lines = new ArrayList<>();
        if (separator != null) {
            for (List<String> r : all) {
                lines.add(String.join(separator, r));
            }
            return lines;
        }
        int[] width = new int[columns.size()];
        for (List<String> r : all) {
            for (int c = 0; c < width.length; c++) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        for (List<String> r : all) {
            StringBuilder b = new StringBuilder();
            for (int c = 0; c < width.length; c++) {
                if (c > 0) {
                    b.append(' ');
                }
                String cell = r.get(c);
                String pad = " ".repeat(width[c] - cell.length());
                b.append(columns.get(c).rightAligned() ? pad + cell : cell + pad);
            }
            lines.add(b.toString().stripTrailing());
        }
        return lines;
    }
}
