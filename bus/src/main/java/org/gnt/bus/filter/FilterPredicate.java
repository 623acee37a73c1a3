package org.gnt.bus.filter;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.bus.Json;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * One condition of a filter rule, Ganeti's {@code [name, expression]}: {@code jobid} (field
 * {@code id}; the string {@code "watermark"} as a value stands for the rule's watermark),
 * {@code opcode} (any field of an opcode's input, dotted for nested ones: {@code OP_ID},
 * {@code instance_name}, {@code beparams.memory}; true when some opcode of the job matches) or
 * {@code reason} (fields {@code source}, {@code reason}, {@code timestamp} of a reason-trail entry;
 * true when some entry of some opcode matches).
 *
 * <p>Unlike Ganeti, which lets such a predicate silently never match, leaves a kind cannot
 * evaluate are refused when the rule is written: another field than {@code id} in {@code jobid},
 * another value than an integer or {@code "watermark"}, {@code ?}, {@code =~} or {@code =[]} on a
 * job id, an unknown reason field, a number compared with {@code source}. Ganeti's evaluator also
 * ignores {@code =~} in {@code reason} predicates although its manual's examples use it; here it works.
 */
public record FilterPredicate(Kind kind, QueryFilter filter) {
    public enum Kind {
        JOBID("jobid"), OPCODE("opcode"), REASON("reason");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    private static final List<String> REASON_FIELDS = List.of("source", "reason", "timestamp");

    public FilterPredicate {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(filter, "filter is null");
    }

    /** Reads {@code [name, expression]}; {@code where} names it in errors, e.g. {@code predicates[0]}. */
    public static FilterPredicate parse(JsonNode json, String where) {
        if (json == null || !json.isArray() || json.isEmpty() || !json.get(0).isTextual()) {
            throw invalid(where, "a predicate must be a list [name, expression] with name jobid, opcode or reason, got "
                    + json);
        }
        String name = json.get(0).textValue();
        Kind kind = switch (name) {
            case "jobid" -> Kind.JOBID;
            case "opcode" -> Kind.OPCODE;
            case "reason" -> Kind.REASON;
            default -> throw invalid(where, "unknown predicate '" + name + "' (use jobid, opcode or reason)");
        };
        if (json.size() != 2) {
            throw invalid(where, "the '" + name + "' predicate takes exactly one query filter: [\"" + name
                    + "\", expression], got " + json);
        }
        QueryFilter.LeafCheck check = switch (kind) {
            case JOBID -> FilterPredicate::checkJobId;
            case REASON -> FilterPredicate::checkReason;
            case OPCODE -> QueryFilter.LeafCheck.ANY;
        };
        return new FilterPredicate(kind, QueryFilter.parse(json.get(1), where + "[1]", check));
    }

    /** A rule's predicates as a request gives them ({@code null} or absent: none). */
    public static List<FilterPredicate> parseList(JsonNode json, String where) {
        if (json == null || json.isMissingNode() || json.isNull()) {
            return List.of();
        }
        if (!json.isArray()) {
            throw invalid(where, "must be a list of predicates [[name, expression], ...], got " + json);
        }
        FilterPredicate[] out = new FilterPredicate[json.size()];
        for (int i = 0; i < json.size(); i++) {
            out[i] = parse(json.get(i), where + "[" + i + "]");
        }
        return List.of(out);
    }

    private static void checkJobId(String op, String field, JsonNode value, String where) {
        if (!field.equals("id")) {
            throw invalid(where, "jobid predicates know only the field 'id', not '" + field + "'");
        }
        if (!QueryFilter.COMPARISONS.contains(op)) {
            throw invalid(where, "a job id can only be compared (" + String.join(" ", QueryFilter.COMPARISONS)
                    + "), not used with '" + op + "'");
        }
        if (!value.isIntegralNumber() && !"watermark".equals(value.textValue())) {
            throw invalid(where, "a job id is compared with an integer or \"watermark\", not " + value);
        }
    }

    private static void checkReason(String op, String field, JsonNode value, String where) {
        if (!REASON_FIELDS.contains(field)) {
            throw invalid(where, "reason predicates know the fields source, reason and timestamp, not '" + field + "'");
        }
        boolean timestamp = field.equals("timestamp");
        if (op.equals("?") || op.equals("=[]") || op.equals("=~") && timestamp) {
            throw invalid(where, "'" + op + "' cannot be used on the reason field '" + field + "'");
        }
        if (timestamp ? !value.isIntegralNumber() : !value.isTextual()) {
            throw invalid(where, "'" + field + "' is compared with " + (timestamp ? "an integer" : "a string")
                    + ", not " + value);
        }
    }

    private static PluginException invalid(String where, String why) {
        return new PluginException(ErrorKind.INVAL, where + ": " + why);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static FilterPredicate fromJson(JsonNode json) {
        return parse(json, "predicate");
    }

    @JsonValue
    public JsonNode toJson() {
        return Json.MAPPER.createArrayNode().add(kind.wire).add(filter.toJson());
    }
}
