package org.gnt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.bus.Json;
import org.junit.jupiter.api.Test;

class ListingTest {
    private static final FieldCatalog CATALOG = new FieldCatalog(List.of(Field.text("name", "Node"),
            Field.unit("mfree", "MFree"), Field.bool("offline", "Offline"), Field.list("tags", "Tags"),
            new Field("sizes", "Sizes", Field.Kind.UNIT_LIST)), List.of("name", "mfree"));

    @Test
    void selectsDefaultsExtrasAndUnknownFields() {
        assertEquals(List.of("name", "mfree"), names(CATALOG.select(null)));
        assertEquals(List.of("name", "mfree", "offline"), names(CATALOG.select("+offline")));
        assertEquals(List.of("offline", "name"), names(CATALOG.select("offline,name")));
        List<Field> withUnknown = CATALOG.select("name,bogus");
        assertEquals(Field.Kind.UNKNOWN, withUnknown.get(1).kind());
    }

    @Test
    void cellsRenderLikeGaneti() {
        assertEquals("1.0G", Cells.render(Json.tree(1024), Field.Kind.UNIT, Field.Missing.NODATA, "h", false));
        assertEquals("1024", Cells.render(Json.tree(1024), Field.Kind.UNIT, Field.Missing.NODATA, "m", false));
        assertEquals("Y", Cells.render(Json.tree(true), Field.Kind.BOOL, Field.Missing.NODATA, "h", false));
        assertEquals("a,b", Cells.render(Json.tree(List.of("a", "b")), Field.Kind.LIST, Field.Missing.UNAVAIL, "h", false));
        assertEquals("512M,1.0G", Cells.render(Json.tree(List.of(512, 1024)), Field.Kind.UNIT_LIST,
                Field.Missing.UNAVAIL, "h", false));
        assertEquals("?", Cells.render(null, Field.Kind.UNIT, Field.Missing.NODATA, "h", false));
        assertEquals("*", Cells.render(Json.tree(null), Field.Kind.UNIT, Field.Missing.OFFLINE, "h", false));
        assertEquals("-", Cells.render(null, Field.Kind.UNIT, Field.Missing.UNAVAIL, "h", false));
        assertEquals("(nodata)", Cells.render(null, Field.Kind.UNIT, Field.Missing.NODATA, "h", true));
        assertEquals("??", Cells.render(Json.tree(1), Field.Kind.UNKNOWN, Field.Missing.NODATA, "h", false));
    }

    @Test
    void printsTableAndReportsUnknownFields() {
        ListOptions opts = new ListOptions();
        opts.output = "name,mfree,bogus";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<Map<String, Object>> rows = List.of(Map.of("name", "node1", "mfree", 2048), Map.of("name", "node2"));
        ListOptions.Source<Map<String, Object>> src = new ListOptions.Source<>() {
            @Override
            public JsonNode value(Map<String, Object> item, Field field) {
                return item.containsKey(field.name()) ? Json.tree(item.get(field.name())) : null;
            }

            @Override
            public Field.Missing missing(Map<String, Object> item, Field field) {
                return Field.Missing.NODATA;
            }
        };
        int rc = opts.print(stream(out), stream(err), CATALOG.select(opts.output), rows, src);
        assertEquals(ExitCodes.UNKNOWN_FIELD, rc);
        assertEquals("Node  MFree bogus\nnode1  2.0G ??\nnode2     ? ??\n", text(out));
        assertEquals("Warning: Queried for unknown fields bogus\n", text(err));

        opts.output = null;
        opts.separator = "|";
        opts.noHeaders = true;
        out.reset();
        assertEquals(ExitCodes.SUCCESS, opts.print(stream(out), stream(err), CATALOG.select(null), rows, src));
        assertEquals("node1|2048\nnode2|?\n", text(out));
    }

    private static List<String> names(List<Field> fields) {
        return fields.stream().map(Field::name).toList();
    }

    private static PrintStream stream(ByteArrayOutputStream b) {
        return new PrintStream(b, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream b) {
        return b.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
    }
}
