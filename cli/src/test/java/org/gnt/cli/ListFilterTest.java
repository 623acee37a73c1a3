package org.gnt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.bus.Json;
import org.junit.jupiter.api.Test;

class ListFilterTest {
    private static final FieldCatalog CATALOG = new FieldCatalog(List.of(Field.text("name", "Name"),
            Field.number("size", "Size"), Field.bool("up", "Up")), List.of("name"));
    private static final List<Map<String, Object>> ITEMS = List.of(
            Map.of("name", "a1.example.com", "size", 5, "up", true),
            Map.of("name", "a2.example.com", "size", 50, "up", false),
            Map.of("name", "b1.example.com", "size", 500, "up", true));
    private static final ListOptions.Source<Map<String, Object>> SOURCE = new ListOptions.Source<>() {
        @Override
        public JsonNode value(Map<String, Object> item, Field field) {
            return Json.MAPPER.valueToTree(item.get(field.name()));
        }

        @Override
        public Field.Missing missing(Map<String, Object> item, Field field) {
            return Field.Missing.UNAVAIL;
        }
    };

    /** What the selection asked the command's own lookup for, and the names selected. */
    private static List<String> select(List<String> args, boolean force, List<List<String>> lookups) {
        ListFilter f = ListFilter.of(args, force, CATALOG, "name", false);
        return f.select(names -> {
            lookups.add(names);
            return names.isEmpty() ? ITEMS : ITEMS.stream().filter(i -> names.contains(i.get("name"))).toList();
        }, SOURCE).stream().map(i -> (String) i.get("name")).toList();
    }

    @Test
    void plainNamesGoToTheLookupFiltersAndGlobsToTheFilter() {
        List<List<String>> lookups = new ArrayList<>();
        assertEquals(List.of("a2.example.com"), select(List.of("a2.example.com"), false, lookups));
        assertEquals(List.of(List.of("a2.example.com")), lookups);
        lookups.clear();
        assertEquals(List.of("a1.example.com", "b1.example.com"), select(List.of("*1"), false, lookups));
        assertEquals(List.of(List.of()), lookups, "a glob reads everything and filters");
        assertEquals(List.of("b1.example.com"), select(List.of("size > 50"), false, new ArrayList<>()));
        assertEquals(List.of("a1.example.com", "b1.example.com"), select(List.of("up"), true, new ArrayList<>()));
        assertEquals(List.of(), select(List.of("up"), false, new ArrayList<>()), "without -F a bare word is a name");
        assertTrue(ListFilter.of(List.of(), false, CATALOG, "name", false).byName());
        assertFalse(ListFilter.of(List.of("not up"), false, CATALOG, "name", false).byName());
    }

    @Test
    void errorsAreGanetiWorded() {
        CliException syntax = assertThrows(CliException.class,
                () -> ListFilter.of(List.of("size >"), false, CATALOG, "name", false));
        assertEquals("Error while parsing query filter: Invalid filter at column 7: expected a value (a quoted string"
                + " or an integer) after '>' (at column 6), found the end of the filter\nsize >\n      ^",
                syntax.getMessage());
        assertEquals(ExitCodes.FAILURE, syntax.exitCode());
        CliException unknown = assertThrows(CliException.class,
                () -> ListFilter.of(List.of("colour == 'red'"), false, CATALOG, "name", false));
        assertTrue(unknown.getMessage().startsWith("Failure: unknown/wrong parameter name 'colour'"));
    }
}
