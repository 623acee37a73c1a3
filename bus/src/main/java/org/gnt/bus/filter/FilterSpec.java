package org.gnt.bus.filter;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * What a client asks for when it adds or replaces a filter rule (the body of RAPI's
 * {@code POST /2/filters}, the options of {@code gnt-filter add}); the store adds the UUID and
 * the watermark. Defaults are Ganeti's: priority 0, no predicates (the rule matches every job),
 * action {@code CONTINUE}, an empty reason trail.
 */
public record FilterSpec(int priority, List<FilterPredicate> predicates, FilterAction action,
                         List<ReasonEntry> reason) {
    /** The body parameters Ganeti accepts. */
    public static final Set<String> PARAMETERS = Set.of("priority", "predicates", "action", "reason");

    public FilterSpec {
        Objects.requireNonNull(action, "action is null");
        predicates = predicates == null ? List.of() : List.copyOf(predicates);
        reason = reason == null ? List.of() : List.copyOf(reason);
        if (priority < 0) {
            throw new PluginException(ErrorKind.INVAL, "priority: must be a non-negative integer, got " + priority);
        }
    }

    /**
     * Reads a request body ({@code null} or absent: every default). An unknown parameter, or a
     * value of the wrong shape, is {@code PluginException(INVAL)} naming the parameter and why.
     */
    public static FilterSpec fromJson(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            return new FilterSpec(0, List.of(), FilterAction.CONTINUE, List.of());
        }
        if (!body.isObject()) {
            throw new PluginException(ErrorKind.INVAL, "the filter rule must be a JSON object with priority,"
                    + " predicates, action and reason, got " + body);
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!PARAMETERS.contains(f)) {
                throw new PluginException(ErrorKind.INVAL, "filter rule doesn't support the parameter '" + f
                        + "' (use priority, predicates, action, reason)");
            }
        }
        JsonNode action = body.get("action");
        return new FilterSpec(priority(body.get("priority")),
                FilterPredicate.parseList(body.get("predicates"), "predicates"),
                action == null || action.isNull() ? FilterAction.CONTINUE : FilterAction.parse(action),
                ReasonEntry.parseTrail(body.get("reason"), "reason"));
    }

    private static int priority(JsonNode n) {
        if (n == null || n.isNull()) {
            return 0;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 0) {
            throw new PluginException(ErrorKind.INVAL, "priority: must be a non-negative integer, got " + n);
        }
        return n.intValue();
    }

    /** The same request with one more reason-trail entry (the client marking its own step). */
    public FilterSpec withReason(ReasonEntry e) {
        List<ReasonEntry> trail = new ArrayList<>(reason);
        trail.add(e);
        return new FilterSpec(priority, predicates, action, trail);
    }
}
