package org.gnt.cli;

import java.util.List;
import java.util.function.LongPredicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import org.gnt.bus.job.JobState;
import org.gnt.bus.view.JobInfo;

/**
 * The fields of {@code gnt-job list}, with Ganeti's names and column titles. Whether a job is
 * archived is not part of its state but of where it was read from, so it is given here.
 */
final class JobColumns implements ListOptions.Source<JobState> {
    static final FieldCatalog CATALOG = new FieldCatalog(List.of(
            Field.number("id", "ID"),
            Field.text("status", "Status"),
            Field.number("priority", "Priority"),
            Field.list("summary", "Summary"),
            Field.time("received_ts", "Received"),
            Field.time("start_ts", "Start"),
            Field.time("end_ts", "End"),
            Field.list("ops", "OpCodes"),
            Field.list("opstatus", "OpCode_status"),
            Field.list("opresult", "OpCode_result"),
            Field.list("oplog", "OpCode_log"),
            Field.list("opstart", "OpCode_start"),
            Field.list("opend", "OpCode_end"),
            Field.list("oppriority", "OpCode_prio"),
            Field.bool("archived", "Archived")),
            List.of("id", "status", "summary"));

    private final LongPredicate archived;

    JobColumns(LongPredicate archived) {
        this.archived = archived;
    }

    @Override
    public JsonNode value(JobState j, Field f) {
        if (f.name().equals("archived")) {
            return BooleanNode.valueOf(archived.test(j.id()));
        }
        return JobInfo.field(j, f.name());
    }

    @Override
    public Field.Missing missing(JobState j, Field f) {
        return Field.Missing.UNAVAIL;
    }
}
