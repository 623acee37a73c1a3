package org.gnt.bus.opcode;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.gnt.bus.config.Tags;

/** OP_TAGS_SET: adds tags to the cluster, a node, a node group or an instance. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpTagsSet(String kind, List<String> tags, String name) implements OpCode {
    public static final String OP_ID = "OP_TAGS_SET";

    public OpTagsSet {
        tags = tags == null ? null : List.copyOf(tags);
    }

    @Override
    public void validate() {
        Tags.checkKind(OP_ID, kind, name);
        OpCodes.require(OP_ID, "tags", tags);
        tags.forEach(Tags::validate);
    }

    @Override
    public String summary() {
        return "TAGS_SET(" + kind + (name == null ? "" : "/" + name) + ")";
    }
}
