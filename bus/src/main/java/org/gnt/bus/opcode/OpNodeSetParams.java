package org.gnt.bus.opcode;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * OP_NODE_SET_PARAMS ({@code gnt-node modify}, RAPI {@code /2/nodes/N/modify} and {@code /role}).
 * A null field means "leave as it is". The checks that need no configuration are done here, as
 * Ganeti's CheckArguments does: something must change, and at most one of the three roles
 * (master_candidate, drained, offline) may be switched on at once.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpNodeSetParams(String nodeName, String nodeUuid, Boolean force, Map<String, Object> hvState,
                              Map<String, Object> diskState, Boolean masterCandidate, Boolean offline,
                              Boolean drained, Boolean autoPromote, Boolean masterCapable, Boolean vmCapable,
                              String secondaryIp, Map<String, Object> ndparams, Boolean powered) implements OpCode {
    public static final String OP_ID = "OP_NODE_SET_PARAMS";

    public OpNodeSetParams {
        force = force == null ? Boolean.FALSE : force;
        autoPromote = autoPromote == null ? Boolean.FALSE : autoPromote;
    }

    /** Only the role flags set; used by the role routes and tests. */
    public static OpNodeSetParams role(String node, Boolean masterCandidate, Boolean drained, Boolean offline,
                                       boolean autoPromote) {
        return new OpNodeSetParams(node, null, null, null, null, masterCandidate, offline, drained, autoPromote,
                null, null, null, null, null);
    }

    @Override
    public void validate() {
        OpCodes.requireName(OP_ID, "node_name", nodeName);
        OpCodes.check(OP_ID, "hv_state", hvState == null, "setting hypervisor state is not supported");
        OpCodes.check(OP_ID, "disk_state", diskState == null, "setting disk state is not supported");
        OpCodes.check(OP_ID, "powered", powered == null, "power state needs out-of-band management, which gnt lacks");
        if (Arrays.stream(modifications()).allMatch(Objects::isNull)) {
            throw new org.gnt.plugins.PluginException(org.gnt.plugins.ErrorKind.INVAL,
                    "Please pass at least one modification");
        }
        long on = Arrays.stream(new Boolean[]{masterCandidate, drained, offline}).filter(Boolean.TRUE::equals).count();
        if (on > 1) {
            throw new org.gnt.plugins.PluginException(org.gnt.plugins.ErrorKind.INVAL,
                    "Can't set the node into more than one state at the same time"
                            + " (master_candidate, drained and offline exclude each other)");
        }
        if (secondaryIp != null) {
            OpCodes.check(OP_ID, "secondary_ip", OpCodes.isIpv4(secondaryIp),
                    "must be an IPv4 address, got '" + secondaryIp + "'");
        }
    }

    private Object[] modifications() {
        return new Object[]{masterCandidate, offline, drained, masterCapable, vmCapable, secondaryIp, ndparams};
    }

    @Override
    public String summary() {
        return "NODE_SET_PARAMS(" + nodeName + ")";
    }
}
