package org.gnt.cli;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.view.ClusterRead;
import org.gnt.bus.view.GroupFields;

/** The fields of {@code gnt-group list}, with Ganeti's names and column titles. */
final class GroupColumns implements ListOptions.Source<GroupConfig> {
    static final FieldCatalog CATALOG = new FieldCatalog(List.of(
            Field.text("name", "Group"),
            Field.text("uuid", "UUID"),
            Field.text("alloc_policy", "AllocPolicy"),
            Field.number("node_cnt", "Nodes"),
            Field.list("node_list", "NodeList"),
            Field.number("pinst_cnt", "Instances"),
            Field.list("pinst_list", "InstanceList"),
            Field.object("ndparams", "NDParams"),
            Field.object("custom_ndparams", "CustomNDParams"),
            Field.object("ipolicy", "InstancePolicy"),
            Field.object("custom_ipolicy", "CustomInstancePolicy"),
            Field.object("diskparams", "DiskParameters"),
            Field.object("custom_diskparams", "CustomDiskParameters"),
            Field.list("tags", "Tags"),
            Field.number("serial_no", "SerialNo"),
            Field.time("ctime", "CTime"),
            Field.time("mtime", "MTime")),
            GroupFields.DEFAULT_LIST);

    private final GroupFields.Snapshot snapshot;

    GroupColumns(ClusterRead read) {
        this.snapshot = new GroupFields.Snapshot(read.config());
    }

    @Override
    public JsonNode value(GroupConfig g, Field f) {
        return snapshot.field(g, f.name());
    }

    @Override
    public Field.Missing missing(GroupConfig g, Field f) {
        return Field.Missing.UNAVAIL;
    }
}
