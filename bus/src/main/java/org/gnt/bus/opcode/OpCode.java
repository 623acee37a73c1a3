package org.gnt.bus.opcode;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * An opcode: what a job step asks for, with Ganeti's OP_ID and field names. The generic fields
 * every Ganeti opcode has (dry_run, priority, depends, comment, reason, debug_level) are kept in
 * {@link OpCommon}; parse opcodes with {@link OpCodes#parse}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "OP_ID")
@JsonSubTypes({
        @JsonSubTypes.Type(value = OpTestDelay.class, name = OpTestDelay.OP_ID),
        @JsonSubTypes.Type(value = OpNodeAdd.class, name = OpNodeAdd.OP_ID),
        @JsonSubTypes.Type(value = OpInstanceCreate.class, name = OpInstanceCreate.OP_ID),
        @JsonSubTypes.Type(value = OpInstanceStartup.class, name = OpInstanceStartup.OP_ID),
        @JsonSubTypes.Type(value = OpInstanceShutdown.class, name = OpInstanceShutdown.OP_ID),
        @JsonSubTypes.Type(value = OpInstanceRemove.class, name = OpInstanceRemove.OP_ID),
        @JsonSubTypes.Type(value = OpClusterVerifyConfig.class, name = OpClusterVerifyConfig.OP_ID),
        @JsonSubTypes.Type(value = OpClusterVerifyGroup.class, name = OpClusterVerifyGroup.OP_ID),
        @JsonSubTypes.Type(value = OpNodeSetParams.class, name = OpNodeSetParams.OP_ID),
        @JsonSubTypes.Type(value = OpNodeRemove.class, name = OpNodeRemove.OP_ID),
        @JsonSubTypes.Type(value = OpClusterSetParams.class, name = OpClusterSetParams.OP_ID),
        @JsonSubTypes.Type(value = OpClusterRename.class, name = OpClusterRename.OP_ID),
        @JsonSubTypes.Type(value = OpClusterRedistConf.class, name = OpClusterRedistConf.OP_ID),
        @JsonSubTypes.Type(value = OpClusterDestroy.class, name = OpClusterDestroy.OP_ID),
        @JsonSubTypes.Type(value = OpGroupAdd.class, name = OpGroupAdd.OP_ID),
        @JsonSubTypes.Type(value = OpGroupRemove.class, name = OpGroupRemove.OP_ID),
        @JsonSubTypes.Type(value = OpGroupRename.class, name = OpGroupRename.OP_ID),
        @JsonSubTypes.Type(value = OpGroupAssignNodes.class, name = OpGroupAssignNodes.OP_ID),
        @JsonSubTypes.Type(value = OpGroupSetParams.class, name = OpGroupSetParams.OP_ID),
        @JsonSubTypes.Type(value = OpGroupVerifyDisks.class, name = OpGroupVerifyDisks.OP_ID),
        @JsonSubTypes.Type(value = OpTagsSet.class, name = OpTagsSet.OP_ID),
        @JsonSubTypes.Type(value = OpTagsDel.class, name = OpTagsDel.OP_ID),
        @JsonSubTypes.Type(value = OpNetworkAdd.class, name = OpNetworkAdd.OP_ID),
        @JsonSubTypes.Type(value = OpNetworkRemove.class, name = OpNetworkRemove.OP_ID),
        @JsonSubTypes.Type(value = OpNetworkSetParams.class, name = OpNetworkSetParams.OP_ID),
        @JsonSubTypes.Type(value = OpNetworkConnect.class, name = OpNetworkConnect.OP_ID),
        @JsonSubTypes.Type(value = OpNetworkDisconnect.class, name = OpNetworkDisconnect.OP_ID),
        @JsonSubTypes.Type(value = OpInstanceMigrate.class, name = OpInstanceMigrate.OP_ID),
        @JsonSubTypes.Type(value = OpInstanceFailover.class, name = OpInstanceFailover.OP_ID),
        @JsonSubTypes.Type(value = OpInstanceReboot.class, name = OpInstanceReboot.OP_ID),
        // instance modification, disk grow, console
        @JsonSubTypes.Type(value = OpInstanceSetParams.class, name = OpInstanceSetParams.OP_ID),
        @JsonSubTypes.Type(value = OpInstanceGrowDisk.class, name = OpInstanceGrowDisk.OP_ID),
        @JsonSubTypes.Type(value = OpInstanceConsole.class, name = OpInstanceConsole.OP_ID),
})
public sealed interface OpCode permits OpTestDelay, OpNodeAdd, OpInstanceCreate, OpInstanceStartup,
        OpInstanceShutdown, OpInstanceRemove, OpClusterVerifyConfig, OpClusterVerifyGroup,
        OpNodeSetParams, OpNodeRemove, OpClusterSetParams, OpClusterRename, OpClusterRedistConf, OpClusterDestroy,
        OpGroupAdd, OpGroupRemove, OpGroupRename, OpGroupAssignNodes, OpGroupSetParams, OpGroupVerifyDisks,
        OpTagsSet, OpTagsDel,
        OpNetworkAdd, OpNetworkRemove, OpNetworkSetParams, OpNetworkConnect, OpNetworkDisconnect,
        OpInstanceMigrate, OpInstanceFailover, OpInstanceReboot,
        OpInstanceSetParams, OpInstanceGrowDisk, OpInstanceConsole {

    /** Checks values the type system cannot (required fields, ranges); throws INVAL naming the field. */
    void validate();

    /** A short text for job summaries, like Ganeti's {@code INSTANCE_CREATE(web1)}. */
    String summary();
}
