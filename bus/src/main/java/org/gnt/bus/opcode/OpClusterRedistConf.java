package org.gnt.bus.opcode;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * OP_CLUSTER_REDIST_CONF ({@code gnt-cluster redist-conf}, RAPI {@code PUT /2/redistribute-config}):
 * the master writes its copy of every configuration object back to ZooKeeper, so what readers see
 * is again exactly what the master holds. The result is null.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpClusterRedistConf() implements OpCode {
    public static final String OP_ID = "OP_CLUSTER_REDIST_CONF";

    @Override
    public void validate() {
    }

    @Override
    public String summary() {
        return "CLUSTER_REDIST_CONF";
    }
}
