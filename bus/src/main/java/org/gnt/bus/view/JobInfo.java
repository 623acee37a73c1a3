package org.gnt.bus.view;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.LogEntry;
import org.gnt.bus.job.OpState;

/** A job in Ganeti's query format (the fields of {@code gnt-job info} and {@code GET /2/jobs/<id>}). */
public final class JobInfo {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JobInfo() {
    }

    public static ObjectNode fields(JobState j, List<String> fields) {
        ObjectNode o = F.objectNode();
        for (String f : fields) {
            o.set(f, field(j, f));
        }
        return o;
    }

    public static JsonNode field(JobState j, String f) {
        return switch (f) {
            case "id" -> F.numberNode(j.id());
            case "status" -> F.textNode(j.status().wire());
            case "priority" -> F.numberNode(j.priority());
            case "received_ts" -> ts(j.receivedTs());
            case "start_ts" -> ts(j.startTs());
            case "end_ts" -> ts(j.endTs());
            case "ops" -> each(j, o -> o.input());
            case "opstatus" -> each(j, o -> F.textNode(o.status().wire()));
            case "opresult" -> each(j, o -> o.result() == null ? F.nullNode() : o.result());
            case "oplog" -> each(j, JobInfo::log);
            case "opstart" -> each(j, o -> ts(o.startTs()));
            case "opend" -> each(j, o -> ts(o.endTs()));
            case "oppriority" -> each(j, o -> F.numberNode(o.priority()));
            case "summary" -> each(j, o -> F.textNode(summary(o.input())));
            default -> F.nullNode();
        };
    }

    /** Ganeti's summary: the opcode id without "OP_", and the object name when there is one. */
    public static String summary(JsonNode input) {
        String id = input.path("OP_ID").asText("?").replaceFirst("^OP_", "");
        for (String k : List.of("instance_name", "node_name", "group_name")) {
            if (input.hasNonNull(k)) {
                return id + "(" + input.get(k).asText() + ")";
            }
        }
        return id;
    }

    private static ArrayNode each(JobState j, java.util.function.Function<OpState, JsonNode> f) {
        ArrayNode a = F.arrayNode();
        j.ops().forEach(o -> a.add(f.apply(o)));
        return a;
    }

    private static ArrayNode log(OpState o) {
        ArrayNode a = F.arrayNode();
        for (LogEntry e : o.log()) {
            a.add(F.arrayNode().add(e.serial()).add(ts(e.time())).add(e.type()).add(e.message()));
        }
        return a;
    }

    /** Ganeti's timestamp: [seconds, microseconds], or null. */
    public static JsonNode ts(Instant t) {
        if (t == null) {
            return F.nullNode();
        }
        return F.arrayNode().add(t.getEpochSecond()).add(t.getNano() / 1000);
    }
}
