package org.gnt.bus.opcode;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** The fields every opcode carries in Ganeti, whatever its type. */
public record OpCommon(boolean dryRun, int priority, List<JsonNode> depends, String comment, List<JsonNode> reason) {
    public static final List<String> FIELDS = List.of("dry_run", "debug_level", "priority", "depends", "comment", "reason");

    public OpCommon {
        depends = depends == null ? List.of() : List.copyOf(depends);
        reason = reason == null ? List.of() : List.copyOf(reason);
    }
}
