package org.gnt.bus.filter;

import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * The textual query language of Ganeti's list commands (ganeti(7), "Query filters"), turned into
 * the JSON list form {@link QueryFilter} evaluates and the RAPI carries:
 * <pre>
 *   filter    := and ("or" and)*          and := unary ("and" unary)*
 *   unary     := "not" unary | "(" filter ")" | condition
 *   condition := field (== | != | &lt; | &lt;= | &gt; | &gt;=) value | value ["not"] "in" field
 *              | field (=~ | !~) [m]/re/[i|s] | field (=* | !*) "glob" | field
 * </pre>
 * {@code not} binds tighter than {@code and}, which binds tighter than {@code or}; a chain of one
 * operator becomes one flat list ({@code ["&", a, b, c]}), as Ganeti builds it. A value is a quoted
 * string (single or double quotes, backslash escapes the next character) or a base-10 integer.
 * A regular expression may be delimited by {@code / # ^ |}; a backslash before the delimiter
 * escapes it, other backslashes are kept so {@code \d} means a digit (Ganeti's parser drops them,
 * which makes {@code \d} a plain {@code d}; we chose the reading users expect). Globs become
 * Ganeti's DNS-name pattern: {@code *} and {@code ?} never match a dot, and the pattern matches a
 * whole name or its first labels ({@code web*} matches {@code web1.example.com}).
 */
public final class FilterText {
    /** Characters that make a lone list argument a filter rather than a name (Ganeti's FILTER_DETECTION_CHARS). */
    private static final String FILTER_CHARS = "()=/!~'\"\\<>";
    private static final List<String> COMPARISONS = List.of("==", "!=", "<=", ">=", "<", ">", "=~", "!~", "=*", "!*");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final String text;
    private int pos;

    private FilterText(String text) {
        this.text = text;
    }

    /** Parses a textual filter into its JSON form; throws {@link FilterSyntaxException}. */
    public static JsonNode parse(String text) {
        FilterText p = new FilterText(text);
        p.skipSpace();
        if (p.atEnd()) {
            throw p.error("expected a condition, found an empty filter");
        }
        JsonNode result = p.orExpr();
        p.skipSpace();
        if (!p.atEnd()) {
            throw p.error("expected 'and', 'or' or the end of the filter, found " + p.found());
        }
        return result;
    }

    /** Whether a lone command-line argument is meant as a filter (Ganeti: it has an operator, quote or space). */
    public static boolean looksLikeFilter(String arg) {
        for (char c : arg.toCharArray()) {
            if (FILTER_CHARS.indexOf(c) >= 0 || Character.isWhitespace(c)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a name argument is a glob pattern. */
    public static boolean isGlob(String arg) {
        return arg.indexOf('*') >= 0 || arg.indexOf('?') >= 0;
    }

    /**
     * The filter a list command's arguments mean (Ganeti's qlang.MakeFilter): with {@code force}
     * (-F) or one argument that looks like a filter, that argument parsed; otherwise each argument
     * is a name (or, unless {@code numeric}, a glob) on {@code nameField}, or'ed; no arguments is
     * null, no condition. {@code numeric} arguments must be integers (job ids).
     */
    public static JsonNode fromArguments(List<String> args, boolean force, String nameField, boolean numeric) {
        if (force || (args.size() == 1 && looksLikeFilter(args.get(0)))) {
            if (args.size() != 1) {
                throw new PluginException(ErrorKind.INVAL, "Exactly one argument must be given as a filter, got "
                        + args.size());
            }
            return parse(args.get(0));
        }
        if (args.isEmpty()) {
            return F.nullNode();
        }
        ArrayNode or = F.arrayNode().add("|");
        for (String a : args) {
            if (numeric) {
                try {
                    or.add(F.arrayNode().add("=").add(nameField).add(integer(Long.parseLong(a.strip()))));
                } catch (NumberFormatException e) {
                    throw new PluginException(ErrorKind.INVAL, "Invalid job ID passed: '" + a + "'");
                }
            } else if (isGlob(a)) {
                or.add(F.arrayNode().add("=~").add(nameField).add(globPattern(a)));
            } else {
                or.add(F.arrayNode().add("=").add(nameField).add(a));
            }
        }
        return or;
    }

    /**
     * A filter in JSON form checked against the fields a resource has: an unknown field is refused
     * with {@link UnknownFieldException} naming it, malformed JSON with {@code PluginException(INVAL)}.
     */
    public static QueryFilter compile(JsonNode json, String where, Predicate<String> known) {
        return QueryFilter.parse(json, where, (op, field, value, at) -> {
            if (!known.test(field)) {
                throw new UnknownFieldException(field);
            }
        });
    }

    /** Ganeti's DnsNameGlobPattern: {@code *} is {@code [^.]*}, {@code ?} is {@code [^.]}, anchored, any domain suffix. */
    public static String globPattern(String glob) {
        StringBuilder re = new StringBuilder("^");
        for (char c : glob.toCharArray()) {
            if (c == '*') {
                re.append("[^.]*");
            } else if (c == '?') {
                re.append("[^.]");
            } else if ("\\.[]{}()<>+-=!^$|&,:#~'\"/ ".indexOf(c) >= 0) {
                re.append('\\').append(c);
            } else {
                re.append(c);
            }
        }
        return re.append("(\\..*)?$").toString();
    }

    /** An int node when it fits, so the JSON form equals what a JSON reader makes of it. */
    private static JsonNode integer(long v) {
        return v == (int) v ? IntNode.valueOf((int) v) : LongNode.valueOf(v);
    }

    private JsonNode orExpr() {
        return chain("or", "|", this::andExpr);
    }

    private JsonNode andExpr() {
        return chain("and", "&", this::unary);
    }

    private JsonNode chain(String keyword, String op, java.util.function.Supplier<JsonNode> operand) {
        JsonNode first = operand.get();
        ArrayNode list = null;
        while (keywordAhead(keyword)) {
            pos += keyword.length();
            if (list == null) {
                list = F.arrayNode().add(op).add(first);
            }
            list.add(operand.get());
        }
        return list == null ? first : list;
    }

    private JsonNode unary() {
        skipSpace();
        if (keywordAhead("not")) {
            pos += 3;
            return F.arrayNode().add("!").add(unary());
        }
        if (peek() == '(') {
            pos++;
            JsonNode inner = orExpr();
            skipSpace();
            if (peek() != ')') {
                throw error("expected ')' to close the '(' , found " + found());
            }
            pos++;
            return inner;
        }
        return condition();
    }

    private JsonNode condition() {
        skipSpace();
        if (atEnd()) {
            throw error("expected a condition, found the end of the filter");
        }
        char c = peek();
        if (c == '"' || c == '\'' || c == '-' || c == '+' || Character.isDigit(c)) {
            return membership();
        }
        if (!Character.isLetter(c)) {
            throw error("expected a field name, a value, 'not' or '(', found " + found());
        }
        String field = field();
        skipSpace();
        String op = COMPARISONS.stream().filter(o -> text.startsWith(o, pos)).findFirst().orElse(null);
        if (op == null) {
            return F.arrayNode().add("?").add(field); // a boolean field on its own
        }
        int opAt = pos;
        pos += op.length();
        skipSpace();
        JsonNode leaf = switch (op) {
            case "=~", "!~" -> F.arrayNode().add("=~").add(field).add(regex());
            case "=*", "!*" -> {
                if (peek() != '"' && peek() != '\'') {
                    throw error("expected a quoted glob pattern after '" + op + "', found " + found());
                }
                yield F.arrayNode().add("=~").add(field).add(globPattern(quoted()));
            }
            default -> F.arrayNode().add(op).add(field).add(value("'" + op + "' (at column " + (opAt + 1) + ")"));
        };
        return op.startsWith("!") && !op.equals("!=") ? F.arrayNode().add("!").add(leaf) : leaf;
    }

    /** {@code value [not] in field}. */
    private JsonNode membership() {
        JsonNode value = value("the start of a condition");
        skipSpace();
        boolean negated = false;
        if (keywordAhead("not")) {
            pos += 3;
            skipSpace();
            negated = true;
        }
        if (!keywordAhead("in")) {
            throw error("expected " + (negated ? "'in'" : "'in' or 'not in'") + " after the value " + value
                    + " (a value must be followed by 'in FIELD'), found " + found());
        }
        pos += 2;
        skipSpace();
        if (atEnd() || !Character.isLetter(peek())) {
            throw error("expected a field name after 'in', found " + found());
        }
        ArrayNode leaf = F.arrayNode().add("=[]").add(field()).add(value);
        return negated ? F.arrayNode().add("!").add(leaf) : leaf;
    }

    private String field() {
        int start = pos;
        while (!atEnd() && (Character.isLetterOrDigit(peek()) || "_/.".indexOf(peek()) >= 0)) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private JsonNode value(String after) {
        skipSpace();
        if (atEnd()) {
            throw error("expected a value (a quoted string or an integer) after " + after + ", found the end of the filter");
        }
        char c = peek();
        if (c == '"' || c == '\'') {
            return TextNode.valueOf(quoted());
        }
        int start = pos;
        if (c == '-' || c == '+') {
            pos++;
        }
        int digits = pos;
        while (!atEnd() && Character.isDigit(peek())) {
            pos++;
        }
        if (pos == digits) {
            pos = start;
            throw error("expected a value (a quoted string or an integer) after " + after + ", found " + found()
                    + (Character.isLetter(c) ? " (strings must be quoted)" : ""));
        }
        if (!atEnd() && (Character.isLetter(peek()) || peek() == '_')) {
            throw error("expected a value (a quoted string or an integer) after " + after
                    + ", found a word starting at column " + (start + 1) + " (strings must be quoted)");
        }
        String number = text.substring(start, pos);
        try {
            return integer(Long.parseLong(number));
        } catch (NumberFormatException e) {
            pos = start;
            throw error("the integer " + number + " is too large");
        }
    }

    private String quoted() {
        char quote = text.charAt(pos);
        int start = pos++;
        StringBuilder s = new StringBuilder();
        while (!atEnd() && peek() != quote) {
            if (peek() == '\\' && pos + 1 < text.length()) {
                pos++;
            }
            s.append(text.charAt(pos++));
        }
        if (atEnd()) {
            pos = start;
            throw error("the string starting here has no closing " + quote);
        }
        pos++;
        return s.toString();
    }

    /** {@code [m]/re/flags} with delimiter {@code / # ^ |}; flags i and s become {@code (?is)}. */
    private String regex() {
        if (peek() == 'm' && pos + 1 < text.length() && "/#^|".indexOf(text.charAt(pos + 1)) >= 0) {
            pos++;
        }
        if (atEnd() || "/#^|".indexOf(peek()) < 0) {
            throw error("expected a regular expression like m/^web/ (delimiters / # ^ |), found " + found());
        }
        char delim = peek();
        int start = pos++;
        StringBuilder re = new StringBuilder();
        while (!atEnd() && peek() != delim) {
            if (peek() == '\\' && pos + 1 < text.length() && text.charAt(pos + 1) == delim) {
                pos++;
            } else if (peek() == '\\' && pos + 1 < text.length()) {
                re.append(text.charAt(pos++));
            }
            re.append(text.charAt(pos++));
        }
        if (atEnd()) {
            pos = start;
            throw error("the regular expression starting here has no closing " + delim);
        }
        pos++;
        StringBuilder flags = new StringBuilder();
        while (!atEnd() && Character.isLetter(peek())) {
            char f = peek();
            if (f != 'i' && f != 's') {
                throw error("unknown regular expression flag '" + f + "' (use i or s)");
            }
            if (flags.indexOf(String.valueOf(f)) < 0) {
                flags.append(f);
            }
            pos++;
        }
        String sorted = flags.chars().sorted().collect(StringBuilder::new, StringBuilder::appendCodePoint,
                StringBuilder::append).toString();
        return (sorted.isEmpty() ? "" : "(?" + sorted + ")") + re;
    }

    /** Whether the keyword starts here as a whole word. */
    private boolean keywordAhead(String keyword) {
        skipSpace();
        if (!text.startsWith(keyword, pos)) {
            return false;
        }
        int end = pos + keyword.length();
        return end >= text.length() || !(Character.isLetterOrDigit(text.charAt(end)) || "_/.".indexOf(text.charAt(end)) >= 0);
    }

    private void skipSpace() {
        while (!atEnd() && Character.isWhitespace(peek())) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private char peek() {
        return atEnd() ? '\0' : text.charAt(pos);
    }

    private String found() {
        if (atEnd()) {
            return "the end of the filter";
        }
        int end = pos;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && end - pos < 20) {
            end++;
        }
        return "'" + text.substring(pos, Math.max(end, pos + 1)) + "'";
    }

    private FilterSyntaxException error(String why) {
        return new FilterSyntaxException(text, pos, why);
    }
}
