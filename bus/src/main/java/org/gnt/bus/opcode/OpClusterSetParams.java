package org.gnt.bus.opcode;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.gnt.bus.config.ClusterParams;

/**
 * OP_CLUSTER_SET_PARAMS ({@code gnt-cluster modify}, RAPI {@code PUT /2/modify}). Only the
 * parameters gnt's cluster object holds are fields here; any other Ganeti parameter (vg_name,
 * uid_pool, ...) is refused by the strict parser, naming it. A null field is left as it is;
 * dictionaries are changes merged into the cluster's ({@link ClusterParams}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpClusterSetParams(Boolean force, List<String> enabledHypervisors,
                                 Map<String, Map<String, Object>> hvparams, Map<String, Object> beparams,
                                 Integer candidatePoolSize, List<String> enabledDiskTemplates,
                                 String defaultIallocator, String fileStorageDir, Map<String, Object> ipolicy,
                                 Map<String, Object> nicparams, Map<String, Map<String, Object>> diskparams,
                                 Map<String, Map<String, Object>> osparams, Boolean maintainNodeHealth)
        implements OpCode {
    public static final String OP_ID = "OP_CLUSTER_SET_PARAMS";
    /** Ganeti's hypervisor and disk template names (constants.HYPER_TYPES, DISK_TEMPLATES). */
    public static final List<String> HYPERVISORS = List.of("chroot", "lxc", "xen-pvm", "kvm", "xen-hvm", "fake");
    public static final List<String> DISK_TEMPLATES = List.of("gluster", "plain", "sharedfile", "rbd", "blockdev",
            "drbd", "diskless", "ext", "file");

    public OpClusterSetParams {
        force = force == null ? Boolean.FALSE : force;
    }

    /** Only the basic parameters (no ipolicy, nic, disk or OS parameters). */
    public OpClusterSetParams(Boolean force, List<String> enabledHypervisors, Map<String, Map<String, Object>> hvparams,
                              Map<String, Object> beparams, Integer candidatePoolSize,
                              List<String> enabledDiskTemplates, String defaultIallocator, String fileStorageDir) {
        this(force, enabledHypervisors, hvparams, beparams, candidatePoolSize, enabledDiskTemplates,
                defaultIallocator, fileStorageDir, null, null, null, null, null);
    }

    @Override
    public void validate() {
        if (candidatePoolSize != null) {
            OpCodes.check(OP_ID, "candidate_pool_size", candidatePoolSize > 0, "must be greater than zero");
        }
        checkNames("enabled_hypervisors", enabledHypervisors, HYPERVISORS);
        checkNames("enabled_disk_templates", enabledDiskTemplates, DISK_TEMPLATES);
        if (hvparams != null) {
            hvparams.keySet().forEach(h -> OpCodes.check(OP_ID, "hvparams", HYPERVISORS.contains(h),
                    "unknown hypervisor '" + h + "' (known: " + String.join(", ", HYPERVISORS) + ")"));
        }
        // syntax here (a typo is refused before a job exists); values against the cluster in the LU
        if (ipolicy != null) {
            ipolicy.forEach((k, v) -> OpCodes.check(OP_ID, "ipolicy", ClusterParams.IPOLICY_KEYS.contains(k),
                    "invalid key '" + k + "' (known: " + String.join(", ", ClusterParams.IPOLICY_KEYS) + ")"));
        }
        if (nicparams != null) {
            nicparams.forEach((k, v) -> OpCodes.check(OP_ID, "nicparams", ClusterParams.NIC_DEFAULTS.containsKey(k),
                    "unknown NIC parameter '" + k + "' (known: " + String.join(", ", ClusterParams.NIC_DEFAULTS.keySet())
                            + ")"));
        }
        if (diskparams != null) {
            ClusterParams.updatedDisk(Map.of(), diskparams);
        }
        if (osparams != null) {
            ClusterParams.updatedOs(Map.of(), osparams);
        }
    }

    private static void checkNames(String field, List<String> given, List<String> known) {
        if (given == null) {
            return;
        }
        OpCodes.check(OP_ID, field, !given.isEmpty(), "must name at least one");
        for (String g : given) {
            OpCodes.check(OP_ID, field, known.contains(g),
                    "unknown value '" + g + "' (known: " + String.join(", ", known) + ")");
        }
    }

    @Override
    public String summary() {
        return "CLUSTER_SET_PARAMS";
    }
}
