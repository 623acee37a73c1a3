package org.gnt.bus.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.bus.Json;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.junit.jupiter.api.Test;

class FilterTextTest {
    private static JsonNode json(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    private static void parses(String text, String expected) {
        assertEquals(json(expected), FilterText.parse(text), text);
    }

    private static FilterSyntaxException bad(String text, int column, String expectedPart) {
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class, () -> FilterText.parse(text), text);
        assertEquals(ErrorKind.INVAL, e.kind());
        assertEquals(column - 1, e.position(), e.getMessage());
        assertTrue(e.getMessage().startsWith("Invalid filter at column " + column + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expectedPart), e.getMessage());
        return e;
    }

    private static boolean holds(String text, String object) {
        JsonNode o = json(object);
        return QueryFilter.parse(FilterText.parse(text), "filter", QueryFilter.LeafCheck.ANY)
                .holds(name -> Optional.ofNullable(o.get(name)));
    }

    @Test
    void comparisonsEveryOperator() {
        parses("name == \"node1\"", "[\"==\", \"name\", \"node1\"]");
        parses("pinst_cnt != 0", "[\"!=\", \"pinst_cnt\", 0]");
        parses("mfree < 1024", "[\"<\", \"mfree\", 1024]");
        parses("mfree <= 1024", "[\"<=\", \"mfree\", 1024]");
        parses("mfree>1024", "[\">\", \"mfree\", 1024]");
        parses("mfree >= -5", "[\">=\", \"mfree\", -5]");
        parses("be/vcpus == +3", "[\"==\", \"be/vcpus\", 3]");
        parses("disk.size/0 == 'x'", "[\"==\", \"disk.size/0\", \"x\"]");
    }

    @Test
    void booleansNotAndMembership() {
        parses("offline", "[\"?\", \"offline\"]");
        parses("not master_candidate", "[\"!\", [\"?\", \"master_candidate\"]]");
        parses("not not offline", "[\"!\", [\"!\", [\"?\", \"offline\"]]]");
        parses("\"web\" in tags", "[\"=[]\", \"tags\", \"web\"]");
        parses("'web' not in tags", "[\"!\", [\"=[]\", \"tags\", \"web\"]]");
        parses("3 in ids", "[\"=[]\", \"ids\", 3]");
    }

    @Test
    void regexpsWithDelimitersAndFlags() {
        parses("name =~ m/^web/", "[\"=~\", \"name\", \"^web\"]");
        parses("name =~ /^web/", "[\"=~\", \"name\", \"^web\"]");
        parses("name =~ m#a/b#", "[\"=~\", \"name\", \"a/b\"]");
        parses("name =~ m|x|", "[\"=~\", \"name\", \"x\"]");
        parses("name =~ m^x^", "[\"=~\", \"name\", \"x\"]");
        parses("name =~ m/a\\/b/", "[\"=~\", \"name\", \"a/b\"]");
        parses("name =~ m/\\d+/", "[\"=~\", \"name\", \"\\\\d+\"]");
        parses("name =~ m/web/si", "[\"=~\", \"name\", \"(?is)web\"]");
        parses("name !~ m/web/i", "[\"!\", [\"=~\", \"name\", \"(?i)web\"]]");
        assertTrue(holds("name =~ m/WEB\\d/i", "{\"name\": \"web1\"}"));
        assertFalse(holds("name !~ m/web/", "{\"name\": \"web1\"}"));
    }

    @Test
    void globsAreDnsNamePatterns() {
        parses("name =* \"web*.example.com\"", "[\"=~\", \"name\", \"^web[^.]*\\\\.example\\\\.com(\\\\..*)?$\"]");
        parses("name !* 'db?'", "[\"!\", [\"=~\", \"name\", \"^db[^.](\\\\..*)?$\"]]");
        assertTrue(holds("name =* 'web*'", "{\"name\": \"web1.example.com\"}"));
        assertFalse(holds("name =* 'web*'", "{\"name\": \"db.web1\"}"));
        assertFalse(holds("name =* 'web?'", "{\"name\": \"web12\"}"));
        assertTrue(holds("name !* 'db*'", "{\"name\": \"web1\"}"));
    }

    @Test
    void precedenceNotOverAndOverOr() {
        parses("a or b and not c", "[\"|\", [\"?\", \"a\"], [\"&\", [\"?\", \"b\"], [\"!\", [\"?\", \"c\"]]]]");
        parses("a and b or c", "[\"|\", [\"&\", [\"?\", \"a\"], [\"?\", \"b\"]], [\"?\", \"c\"]]");
        parses("a and b and c", "[\"&\", [\"?\", \"a\"], [\"?\", \"b\"], [\"?\", \"c\"]]");
        parses("(a or b) and c", "[\"&\", [\"|\", [\"?\", \"a\"], [\"?\", \"b\"]], [\"?\", \"c\"]]");
        parses("not (a or b)", "[\"!\", [\"|\", [\"?\", \"a\"], [\"?\", \"b\"]]]");
        parses("name == \"node1\" and not offline",
                "[\"&\", [\"==\", \"name\", \"node1\"], [\"!\", [\"?\", \"offline\"]]]");
        parses("(be/vcpus == 3 or be/vcpus == 6) and pnode.group =~ m/^rack/",
                "[\"&\", [\"|\", [\"==\", \"be/vcpus\", 3], [\"==\", \"be/vcpus\", 6]], [\"=~\", \"pnode.group\", \"^rack\"]]");
        // keywords are whole words: a field may start with one
        parses("notes and order", "[\"&\", [\"?\", \"notes\"], [\"?\", \"order\"]]");
    }

    @Test
    void quotingEscapes() {
        parses("name == \"a \\\"b\\\" c\"", "[\"==\", \"name\", \"a \\\"b\\\" c\"]");
        parses("name == 'a\\'b'", "[\"==\", \"name\", \"a'b\"]");
        parses("name == \"it's\"", "[\"==\", \"name\", \"it's\"]");
        parses("name == \"and or not\"", "[\"==\", \"name\", \"and or not\"]");
    }

    @Test
    void errorsNamePositionAndExpectation() {
        bad("", 1, "empty filter");
        bad("name ==", 8, "expected a value");
        bad("name == node1", 9, "found 'node1' (strings must be quoted)");
        bad("name == \"node1", 9, "no closing \"");
        bad("(a or b", 8, "expected ')'");
        bad("a and", 6, "expected a condition");
        bad("a b", 3, "expected 'and', 'or' or the end");
        bad("name =~ web", 9, "expected a regular expression");
        bad("name =~ m/web", 10, "no closing /");
        bad("name =~ m/web/x", 15, "unknown regular expression flag 'x'");
        bad("name =* web", 9, "quoted glob");
        bad("\"x\" tags", 5, "expected 'in' or 'not in'");
        bad("\"x\" in 5", 8, "expected a field name after 'in'");
        bad("== 3", 1, "expected a field name");
        bad("n > 99999999999999999999", 5, "too large");
        FilterSyntaxException e = bad("name = 1", 6, "expected 'and', 'or'");
        assertEquals(List.of("name = 1", "     ^"), e.details());
    }

    @Test
    void argumentsAsGanetiBuildsThem() {
        assertTrue(FilterText.fromArguments(List.of(), false, "name", false).isNull());
        assertEquals(json("[\"|\", [\"=\", \"name\", \"a\"], [\"=~\", \"name\", \"^b[^.]*(\\\\..*)?$\"]]"),
                FilterText.fromArguments(List.of("a", "b*"), false, "name", false));
        assertEquals(json("[\"?\", \"offline\"]"), FilterText.fromArguments(List.of("offline"), true, "name", false));
        assertEquals(json("[\"!\", [\"?\", \"offline\"]]"),
                FilterText.fromArguments(List.of("not offline"), false, "name", false));
        assertEquals(json("[\"|\", [\"=\", \"id\", 4], [\"=\", \"id\", 7]]"),
                FilterText.fromArguments(List.of("4", "7"), false, "id", true));
        PluginException two = assertThrows(PluginException.class,
                () -> FilterText.fromArguments(List.of("a", "b"), true, "name", false));
        assertTrue(two.getMessage().contains("Exactly one argument"), two.getMessage());
        assertThrows(PluginException.class, () -> FilterText.fromArguments(List.of("x"), false, "id", true));
        assertTrue(FilterText.looksLikeFilter("a==b"));
        assertFalse(FilterText.looksLikeFilter("node1.example.com"));
    }

    @Test
    void compileRefusesUnknownFields() {
        UnknownFieldException e = assertThrows(UnknownFieldException.class, () -> FilterText.compile(
                FilterText.parse("name == 'a' and nosuch > 1"), "filter", Set.of("name")::contains));
        assertEquals("nosuch", e.field());
        assertTrue(e.getMessage().contains("unknown field 'nosuch'"));
        QueryFilter f = FilterText.compile(FilterText.parse("mfree > 1024 and not offline"), "filter",
                Set.of("mfree", "offline")::contains);
        JsonNode node = json("{\"mfree\": 2048, \"offline\": false}");
        assertTrue(f.holds(n -> Optional.ofNullable(node.get(n))));
    }
}
