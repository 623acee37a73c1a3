package org.gnt.bus.opcode;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * OP_CLUSTER_DESTROY ({@code gnt-cluster destroy --yes-do-it}): refused while instances exist or
 * more than one node is left; otherwise removes the cluster's configuration. The result is the
 * cluster's name.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpClusterDestroy() implements OpCode {
    public static final String OP_ID = "OP_CLUSTER_DESTROY";

    @Override
    public void validate() {
    }

    @Override
    public String summary() {
        return "CLUSTER_DESTROY";
    }
}
