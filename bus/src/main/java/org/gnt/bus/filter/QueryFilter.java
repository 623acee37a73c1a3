package org.gnt.bus.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.gnt.bus.Json;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * A boolean expression of Ganeti's query language in its JSON form (what filter rule predicates
 * carry): {@code ["&", e, ...]}, {@code ["|", e, ...]}, {@code ["!", e]}, {@code ["?", field]},
 * {@code [op, field, value]} with op one of {@code == = != < > <= >=}, {@code ["=~", field, regexp]}
 * and {@code ["=[]", field, value]}; JSON {@code null} is the empty filter, always true. Values are
 * strings or integers. An expression keeps the operator spelling it was written with, so it reads
 * back as given.
 *
 * <p>Evaluation follows Ganeti: {@code &} and {@code |} stop at the first operand that decides them,
 * and a leaf that cannot be decided (the field is absent, or its value has the wrong type for the
 * operator) makes the whole expression false, not just that leaf; so {@code ["!", ["==", "x", 1]]}
 * is false for an object without {@code x}. Regular expressions are searched for anywhere in the
 * value (Ganeti's PCRE match), with Java's syntax.
 */
public sealed interface QueryFilter {
    /** Every operator, as accepted on input. */
    List<String> OPERATORS = List.of("&", "|", "!", "?", "==", "=", "!=", "<", ">", "<=", ">=", "=~", "=[]");
    /** The comparison operators (a field against a value). */
    List<String> COMPARISONS = List.of("==", "=", "!=", "<", ">", "<=", ">=");

    /** The object an expression is evaluated against. */
    @FunctionalInterface
    interface Fields {
        /** The value of a field; empty when the object has no such field. */
        Optional<JsonNode> get(String name);

        /** A literal as this context reads it; jobid predicates read {@code "watermark"} as a number. */
        default JsonNode literal(JsonNode value) {
            return value;
        }
    }

    /** Refuses leaves a predicate kind cannot evaluate, with {@code PluginException(INVAL)}. */
    @FunctionalInterface
    interface LeafCheck {
        LeafCheck ANY = (operator, field, value, where) -> {
        };

        /** {@code value} is null for {@code ?}; {@code where} locates the leaf for the message. */
        void check(String operator, String field, JsonNode value, String where);
    }

    /** Thrown inside evaluation when a leaf cannot be decided; {@link #holds} turns it into false. */
    final class Undecidable extends RuntimeException {
        private static final Undecidable INSTANCE = new Undecidable();

        private Undecidable() {
            super("undecidable", null, false, false);
        }
    }

    /** The truth of the expression for one object; throws {@link Undecidable} (see {@link #holds}). */
    boolean eval(Fields fields);

    /** The JSON form, as stored and shown. */
    JsonNode toJson();

    /** The truth of the expression for one object, an undecidable leaf making it false. */
    default boolean holds(Fields fields) {
        try {
            return eval(fields);
        } catch (Undecidable e) {
            return false;
        }
    }

    /** Parses an expression; {@code where} names it in error messages, e.g. {@code predicates[0][1]}. */
    static QueryFilter parse(JsonNode json, String where, LeafCheck check) {
        if (json == null || json.isNull()) {
            return new Always();
        }
        if (!json.isArray() || json.isEmpty() || !json.get(0).isTextual()) {
            throw invalid(where, "expected a query filter [operator, operands...] or null, got " + json);
        }
        String op = json.get(0).textValue();
        int operands = json.size() - 1;
        switch (op) {
            case "&", "|" -> {
                List<QueryFilter> parts = new ArrayList<>();
                for (int i = 1; i < json.size(); i++) {
                    parts.add(parse(json.get(i), where + "[" + i + "]", check));
                }
                return op.equals("&") ? new And(parts) : new Or(parts);
            }
            case "!" -> {
                expectOperands(where, op, operands, 1, "[\"!\", filter]");
                return new Not(parse(json.get(1), where + "[1]", check));
            }
            case "?" -> {
                expectOperands(where, op, operands, 1, "[\"?\", field]");
                String field = fieldName(json.get(1), where);
                check.check(op, field, null, where);
                return new Truth(field);
            }
            default -> {
                if (!OPERATORS.contains(op)) {
                    throw invalid(where, "unknown operator '" + op + "' (use one of "
                            + String.join(" ", OPERATORS) + ")");
                }
                expectOperands(where, op, operands, 2, "[\"" + op + "\", field, value]");
                String field = fieldName(json.get(1), where);
                JsonNode value = json.get(2);
                if (op.equals("=~")) {
                    if (!value.isTextual()) {
                        throw invalid(where, "the regular expression of '=~' must be a string, got " + value);
                    }
                    check.check(op, field, value, where);
                    return new Regex(field, compile(value.textValue(), where));
                }
                if (!value.isTextual() && !value.isIntegralNumber()) {
                    throw invalid(where, "the value compared with '" + field + "' must be a string or an integer, got "
                            + value);
                }
                check.check(op, field, value, where);
                return op.equals("=[]") ? new Contains(field, value) : new Compare(op, field, value);
            }
        }
    }

    private static void expectOperands(String where, String op, int got, int want, String form) {
        if (got != want) {
            throw invalid(where, "'" + op + "' takes " + want + " operand" + (want == 1 ? "" : "s") + " (" + form
                    + "), got " + got);
        }
    }

    private static String fieldName(JsonNode n, String where) {
        if (!n.isTextual() || n.textValue().isEmpty()) {
            throw invalid(where, "a field name must be a non-empty string, got " + n);
        }
        return n.textValue();
    }

    private static Pattern compile(String re, String where) {
        try {
            return Pattern.compile(re);
        } catch (PatternSyntaxException e) {
            throw invalid(where, "invalid regular expression '" + re + "': " + e.getDescription());
        }
    }

    private static PluginException invalid(String where, String why) {
        return new PluginException(ErrorKind.INVAL, where + ": " + why);
    }

    private static JsonNode need(Fields fields, String field) {
        return fields.get(field).orElseThrow(() -> Undecidable.INSTANCE);
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    /** Orders two numbers or two strings; anything else cannot be ordered. */
    private static int order(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        if (a.isTextual() && b.isTextual()) {
            return a.textValue().compareTo(b.textValue());
        }
        throw Undecidable.INSTANCE;
    }

    private static ArrayNode form(String op) {
        return Json.MAPPER.createArrayNode().add(op);
    }

    /** JSON {@code null}: no condition. */
    record Always() implements QueryFilter {
        @Override
        public boolean eval(Fields fields) {
            return true;
        }

        @Override
        public JsonNode toJson() {
            return NullNode.getInstance();
        }
    }

    /** {@code ["&", ...]}: true when every part is (so true when empty). */
    record And(List<QueryFilter> parts) implements QueryFilter {
        public And {
            parts = List.copyOf(parts);
        }

        @Override
        public boolean eval(Fields fields) {
            for (QueryFilter p : parts) {
                if (!p.eval(fields)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public JsonNode toJson() {
            ArrayNode a = form("&");
            parts.forEach(p -> a.add(p.toJson()));
            return a;
        }
    }

    /** {@code ["|", ...]}: true when some part is (so false when empty). */
    record Or(List<QueryFilter> parts) implements QueryFilter {
        public Or {
            parts = List.copyOf(parts);
        }

        @Override
        public boolean eval(Fields fields) {
            for (QueryFilter p : parts) {
                if (p.eval(fields)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public JsonNode toJson() {
            ArrayNode a = form("|");
            parts.forEach(p -> a.add(p.toJson()));
            return a;
        }
    }

    /** {@code ["!", e]}. */
    record Not(QueryFilter part) implements QueryFilter {
        public Not {
            Objects.requireNonNull(part, "part is null");
        }

        @Override
        public boolean eval(Fields fields) {
            return !part.eval(fields);
        }

        @Override
        public JsonNode toJson() {
            return form("!").add(part.toJson());
        }
    }

    /** {@code ["?", field]}: the field's boolean value. */
    record Truth(String field) implements QueryFilter {
        @Override
        public boolean eval(Fields fields) {
            JsonNode v = need(fields, field);
            if (!v.isBoolean()) {
                throw Undecidable.INSTANCE;
            }
            return v.booleanValue();
        }

        @Override
        public JsonNode toJson() {
            return form("?").add(field);
        }
    }

    /**
     * {@code [op, field, value]}. Numbers compare by value, strings by code units; {@code ==} and
     * {@code !=} across types are simply unequal, ordering across types is undecidable.
     */
    record Compare(String operator, String field, JsonNode value) implements QueryFilter {
        public Compare {
            if (!COMPARISONS.contains(operator)) {
                throw new IllegalArgumentException("not a comparison: " + operator);
            }
        }

        @Override
        public boolean eval(Fields fields) {
            JsonNode actual = need(fields, field);
            JsonNode expected = fields.literal(value);
            return switch (operator) {
                case "==", "=" -> same(actual, expected);
                case "!=" -> !same(actual, expected);
                case "<" -> order(actual, expected) < 0;
                case ">" -> order(actual, expected) > 0;
                case "<=" -> order(actual, expected) <= 0;
                default -> order(actual, expected) >= 0;
            };
        }

        @Override
        public JsonNode toJson() {
            return form(operator).add(field).add(value);
        }
    }

    /** {@code ["=~", field, regexp]}: the regexp is found somewhere in the field's string. */
    record Regex(String field, Pattern pattern) implements QueryFilter {
        @Override
        public boolean eval(Fields fields) {
            JsonNode v = need(fields, field);
            if (!v.isTextual()) {
                throw Undecidable.INSTANCE;
            }
            return pattern.matcher(v.textValue()).find();
        }

        @Override
        public JsonNode toJson() {
            return form("=~").add(field).add(pattern.pattern());
        }

        // Pattern has identity equality; two filters with the same regexp are the same filter.
        @Override
        public boolean equals(Object o) {
            return o instanceof Regex r && r.field.equals(field) && r.pattern.pattern().equals(pattern.pattern());
        }

        @Override
        public int hashCode() {
            return Objects.hash(field, pattern.pattern());
        }
    }

    /** {@code ["=[]", field, value]}: the field is a list holding the value. */
    record Contains(String field, JsonNode value) implements QueryFilter {
        @Override
        public boolean eval(Fields fields) {
            JsonNode list = need(fields, field);
            if (!list.isArray()) {
                throw Undecidable.INSTANCE;
            }
            JsonNode expected = fields.literal(value);
            for (JsonNode e : list) {
                if (same(e, expected)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public JsonNode toJson() {
            return form("=[]").add(field).add(value);
        }
    }
}
