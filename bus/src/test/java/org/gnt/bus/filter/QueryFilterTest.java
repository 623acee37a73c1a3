package org.gnt.bus.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.bus.Json;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.junit.jupiter.api.Test;

class QueryFilterTest {
    static JsonNode json(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    static final JsonNode OBJECT = json("""
            {"name": "web1", "size": 10, "ratio": 2.5, "up": true, "tags": ["a", "b"], "ids": [1, 2],
             "nested": {"depth": 3}}""");

    static QueryFilter.Fields fields(JsonNode o) {
        return name -> Optional.ofNullable(o.get(name));
    }

    static boolean holds(String expr) {
        return QueryFilter.parse(json(expr), "f", QueryFilter.LeafCheck.ANY).holds(fields(OBJECT));
    }

    static PluginException refused(String expr) {
        PluginException e = assertThrows(PluginException.class,
                () -> QueryFilter.parse(json(expr), "predicates[0][1]", QueryFilter.LeafCheck.ANY));
        assertEquals(ErrorKind.INVAL, e.kind());
        return e;
    }

    @Test
    void comparisons() {
        assertTrue(holds("[\"==\", \"name\", \"web1\"]"));
        assertTrue(holds("[\"=\", \"name\", \"web1\"]"));
        assertFalse(holds("[\"=\", \"name\", \"web2\"]"));
        assertTrue(holds("[\"!=\", \"name\", \"web2\"]"));
        assertTrue(holds("[\"<\", \"size\", 11]"));
        assertFalse(holds("[\"<\", \"size\", 10]"));
        assertTrue(holds("[\"<=\", \"size\", 10]"));
        assertTrue(holds("[\">\", \"size\", 9]"));
        assertFalse(holds("[\">\", \"size\", 10]"));
        assertTrue(holds("[\">=\", \"size\", 10]"));
        assertTrue(holds("[\">\", \"ratio\", 2]"), "a fractional field compares with an integer value");
        assertTrue(holds("[\"<\", \"name\", \"x\"]"), "strings are ordered");
        assertFalse(holds("[\"==\", \"size\", \"10\"]"), "a string is not equal to a number");
        assertTrue(holds("[\"!=\", \"size\", \"10\"]"));
    }

    @Test
    void regexpIsSearchedAnywhere() {
        assertTrue(holds("[\"=~\", \"name\", \"eb\"]"));
        assertTrue(holds("[\"=~\", \"name\", \"^web[0-9]$\"]"));
        assertFalse(holds("[\"=~\", \"name\", \"^eb\"]"));
        assertFalse(holds("[\"=~\", \"size\", \"1\"]"), "a regexp on a number is undecidable, so false");
    }

    @Test
    void listContainsAndTruth() {
        assertTrue(holds("[\"=[]\", \"tags\", \"b\"]"));
        assertFalse(holds("[\"=[]\", \"tags\", \"c\"]"));
        assertTrue(holds("[\"=[]\", \"ids\", 2]"));
        assertFalse(holds("[\"=[]\", \"name\", \"w\"]"), "not a list");
        assertTrue(holds("[\"?\", \"up\"]"));
        assertFalse(holds("[\"?\", \"name\"]"), "not a boolean");
    }

    @Test
    void booleanOperatorsAndEmptyFilter() {
        assertTrue(holds("null"));
        assertTrue(holds("[\"&\"]"), "an empty and is true");
        assertFalse(holds("[\"|\"]"), "an empty or is false");
        assertTrue(holds("[\"&\", [\"=\", \"name\", \"web1\"], [\">\", \"size\", 1]]"));
        assertFalse(holds("[\"&\", [\"=\", \"name\", \"web1\"], [\">\", \"size\", 100]]"));
        assertTrue(holds("[\"|\", [\"=\", \"name\", \"x\"], [\">\", \"size\", 1]]"));
        assertTrue(holds("[\"!\", [\"=\", \"name\", \"x\"]]"));
        assertFalse(holds("[\"!\", [\"=\", \"name\", \"web1\"]]"));
    }

    @Test
    void anUndecidableLeafMakesTheWholeExpressionFalse() {
        assertFalse(holds("[\"=\", \"missing\", 1]"));
        assertFalse(holds("[\"!\", [\"=\", \"missing\", 1]]"), "not over an undecidable leaf is still false");
        assertFalse(holds("[\"!\", [\"<\", \"name\", 1]]"), "ordering a string against a number is undecidable");
        assertTrue(holds("[\"|\", [\"=\", \"name\", \"web1\"], [\"=\", \"missing\", 1]]"),
                "evaluation stops at the operand that decides an or");
        assertFalse(holds("[\"|\", [\"=\", \"missing\", 1], [\"=\", \"name\", \"web1\"]]"));
    }

    @Test
    void readsBackAsWritten() {
        String expr = "[\"&\",[\"=\",\"OP_ID\",\"OP_TEST_DELAY\"],[\"!=\",\"x\",1],[\"!\",[\"?\",\"up\"]],"
                + "[\"=~\",\"name\",\"^a.*\"],[\"=[]\",\"tags\",\"b\"],[\"|\",null,[\">=\",\"n\",3]]]";
        QueryFilter f = QueryFilter.parse(json(expr), "f", QueryFilter.LeafCheck.ANY);
        assertEquals(json(expr), f.toJson());
        assertEquals(f, QueryFilter.parse(f.toJson(), "f", QueryFilter.LeafCheck.ANY), "equal after a round trip");
    }

    @Test
    void malformedExpressionsAreRefusedWithTheirPlace() {
        PluginException e = refused("[\"and\", [\"=\", \"a\", 1]]");
        assertTrue(e.getMessage().startsWith("predicates[0][1]: unknown operator 'and'"), e.getMessage());
        e = refused("[\"&\", [\"=\", \"a\", 1], [\"<\", \"a\"]]");
        assertTrue(e.getMessage().startsWith("predicates[0][1][2]: '<' takes 2 operands"), e.getMessage());
        e = refused("[\"=~\", \"name\", \"(\"]");
        assertTrue(e.getMessage().contains("invalid regular expression '('"), e.getMessage());
        e = refused("[\"=\", 5, 1]");
        assertTrue(e.getMessage().contains("a field name must be a non-empty string"), e.getMessage());
        e = refused("[\"=\", \"a\", 1.5]");
        assertTrue(e.getMessage().contains("must be a string or an integer, got 1.5"), e.getMessage());
        e = refused("[\"=\", \"a\", true]");
        assertTrue(e.getMessage().contains("must be a string or an integer"), e.getMessage());
        e = refused("{\"=\": 1}");
        assertTrue(e.getMessage().contains("expected a query filter"), e.getMessage());
        e = refused("[\"!\", null, null]");
        assertTrue(e.getMessage().contains("'!' takes 1 operand"), e.getMessage());
    }
}
