package org.gnt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class TableTest {
    private static final List<Table.Column> COLUMNS = List.of(new Table.Column("Node", false),
            new Table.Column("MFree", true), new Table.Column("Role", false));
    private static final List<List<String>> ROWS = List.of(List.of("node1", "1.0G", "C"),
            List.of("node10.example.com", "512M", "R"));

    @Test
    void alignsColumnsLikeGaneti() {
        assertEquals(List.of(
                "Node               MFree Role",
                "node1               1.0G C",
                "node10.example.com  512M R"), Table.render(COLUMNS, ROWS, true, null));
    }

    @Test
    void trailingBlanksAreDropped() {
        List<String> lines = Table.render(List.of(new Table.Column("Name", false), new Table.Column("Tags", false)),
                List.of(List.of("a", ""), List.of("bbbbbb", "x")), true, null);
        assertEquals(List.of("Name   Tags", "a", "bbbbbb x"), lines);
    }

    @Test
    void separatorJoinsWithoutPadding() {
        assertEquals(List.of("Node|MFree|Role", "node1|1.0G|C", "node10.example.com|512M|R"),
                Table.render(COLUMNS, ROWS, true, "|"));
    }

    @Test
    void noHeaders() {
        assertEquals(List.of("node1:1.0G:C", "node10.example.com:512M:R"), Table.render(COLUMNS, ROWS, false, ":"));
        assertEquals(List.of(), Table.render(COLUMNS, List.of(), false, null));
    }
}
