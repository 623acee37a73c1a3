package org.gnt.bus.opcode;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * OP_CLUSTER_RENAME ({@code gnt-cluster rename}): changes the cluster's name, the one shown and
 * answered by {@code /2/info}. The cluster id naming its ZooKeeper tree and Kafka topics stays.
 * The job's result is the new name.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpClusterRename(String name) implements OpCode {
    public static final String OP_ID = "OP_CLUSTER_RENAME";

    @Override
    public void validate() {
        OpCodes.requireName(OP_ID, "name", name);
        OpCodes.check(OP_ID, "name", name.matches("[A-Za-z0-9][A-Za-z0-9.-]*"),
                "'" + name + "' is not a host name (letters, digits, '.', '-')");
    }

    @Override
    public String summary() {
        return "CLUSTER_RENAME(" + name + ")";
    }
}
