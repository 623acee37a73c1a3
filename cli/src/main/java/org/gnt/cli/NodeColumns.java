package org.gnt.cli;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.view.ClusterRead;
import org.gnt.bus.view.NodeFields;

/** The fields of {@code gnt-node list}, with Ganeti's names and column titles. */
final class NodeColumns implements ListOptions.Source<NodeConfig> {
    static final FieldCatalog CATALOG = new FieldCatalog(List.of(
            Field.text("name", "Node"),
            Field.text("uuid", "UUID"),
            Field.text("pip", "PrimaryIP"),
            Field.text("sip", "SecondaryIP"),
            Field.text("group", "Group"),
            Field.text("group.uuid", "GroupUUID"),
            Field.text("role", "Role"),
            Field.bool("master", "IsMaster"),
            Field.bool("master_candidate", "MasterC"),
            Field.bool("master_capable", "MasterCapable"),
            Field.bool("vm_capable", "VMCapable"),
            Field.bool("offline", "Offline"),
            Field.bool("drained", "Drained"),
            Field.bool("powered", "Powered"),
            Field.unit("dtotal", "DTotal"),
            Field.unit("dfree", "DFree"),
            Field.unit("mtotal", "MTotal"),
            Field.unit("mnode", "MNode"),
            Field.unit("mfree", "MFree"),
            Field.number("spfree", "SpFree"),
            Field.number("sptotal", "SpTotal"),
            Field.number("ctotal", "CTotal"),
            Field.number("cnos", "CNOs"),
            Field.number("cnodes", "CNodes"),
            Field.number("csockets", "CSockets"),
            Field.number("pinst_cnt", "Pinst"),
            Field.number("sinst_cnt", "Sinst"),
            Field.list("pinst_list", "PriInstances"),
            Field.list("sinst_list", "SecInstances"),
            Field.list("tags", "Tags"),
            Field.object("ndparams", "NodeParameters"),
            Field.number("serial_no", "SerialNo"),
            Field.time("ctime", "CTime"),
            Field.time("mtime", "MTime")),
            NodeFields.DEFAULT_LIST);
    /** Fields a node service reports; unset when the node is down (or offline). */
    private static final Set<String> LIVE = Set.of("dtotal", "dfree", "mtotal", "mnode", "mfree", "spfree", "sptotal",
            "ctotal", "cnos", "cnodes", "csockets");

    private final ClusterRead read;
    private final NodeFields.Snapshot snapshot;

    NodeColumns(ClusterRead read) {
        this.read = read;
        this.snapshot = new NodeFields.Snapshot(read);
    }

    @Override
    public JsonNode value(NodeConfig n, Field f) {
        if (f.name().equals("group")) {
            return TextNode.valueOf(read.config().groups().stream().filter(g -> g.uuid().equals(n.group()))
                    .map(GroupConfig::name).findFirst().orElse(n.group()));
        }
        return snapshot.field(n, f.name());
    }

    @Override
    public Field.Missing missing(NodeConfig n, Field f) {
        if (n.offline()) {
            return Field.Missing.OFFLINE;
        }
        return LIVE.contains(f.name()) ? Field.Missing.NODATA : Field.Missing.UNAVAIL;
    }
}
