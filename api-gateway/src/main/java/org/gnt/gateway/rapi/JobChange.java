package org.gnt.gateway.rapi;

import java.util.Comparator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Compares job field values with what a client sent back: numbers compare by value, so
 * {@code 1795484037} parsed as an int equals the same value we hold as a long.
 */
final class JobChange {
    private static final Comparator<JsonNode> NUMERIC = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private JobChange() {
    }

    static boolean sameValues(JsonNode current, JsonNode previous) {
        return current.equals(NUMERIC, previous);
    }
}
