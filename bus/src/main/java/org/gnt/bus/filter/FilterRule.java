package org.gnt.bus.filter;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.Json;

/**
 * A job filter rule as stored at {@code filters/<uuid>} (Ganeti's FilterRule, same JSON field
 * names plus the bus's {@code v}). {@code watermark} is the highest job id handed out when the rule
 * was added or last replaced; {@code jobid} predicates compare against it. Lower {@code priority}
 * numbers are evaluated first.
 */
public record FilterRule(int v, String uuid, long watermark, int priority, List<FilterPredicate> predicates,
                         FilterAction action, @JsonProperty("reason_trail") List<ReasonEntry> reasonTrail) {
    public static final int VERSION = 1;

    /** Ganeti's evaluation order: priority, then watermark, then UUID. */
    public static final Comparator<FilterRule> ORDER = Comparator.comparingInt(FilterRule::priority)
            .thenComparingLong(FilterRule::watermark)
            .thenComparing(FilterRule::uuid);

    public FilterRule {
        Objects.requireNonNull(uuid, "uuid is null");
        Objects.requireNonNull(action, "action is null");
        predicates = predicates == null ? List.of() : List.copyOf(predicates);
        reasonTrail = reasonTrail == null ? List.of() : List.copyOf(reasonTrail);
        if (priority < 0) {
            throw new IllegalArgumentException("priority must be non-negative");
        }
        if (watermark < 0) {
            throw new IllegalArgumentException("watermark must be non-negative");
        }
    }

    /** The rule {@code spec} describes, under {@code uuid} with {@code watermark}. */
    public static FilterRule of(String uuid, long watermark, FilterSpec spec) {
        return new FilterRule(VERSION, uuid, watermark, spec.priority(), spec.predicates(), spec.action(),
                spec.reason());
    }

    /** The rule as Ganeti's queries and RAPI show it: its six fields, without the schema version. */
    public ObjectNode ganetiFields() {
        ObjectNode o = (ObjectNode) Json.tree(this);
        o.remove("v");
        return o;
    }
}
