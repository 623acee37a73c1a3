package org.gnt.bus.opcode;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * OP_INSTANCE_CREATE with every field Ganeti 3.0 accepts, so a request written for Ganeti parses;
 * fields for modes gnt does not do yet (import, forthcoming, instance communication) are refused
 * by {@link #validate()} with a message saying so, rather than ignored.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpInstanceCreate(
        String instanceName, Boolean forceVariant, Boolean waitForSync, Boolean nameCheck, Boolean ignoreIpolicy,
        Boolean opportunisticLocking, Map<String, Object> beparams, List<Map<String, Object>> disks,
        String diskTemplate, String groupName, String fileDriver, String fileStorageDir,
        Map<String, Object> hvparams, String hypervisor, String iallocator, Boolean identifyDefaults,
        Boolean ipCheck, Boolean conflictsCheck, String mode, List<Map<String, Object>> nics, Boolean noInstall,
        Map<String, Object> osparams, Map<String, Object> osparamsPrivate, Map<String, Object> osparamsSecret,
        String osType, String pnode, String pnodeUuid, String snode, String snodeUuid,
        List<Object> sourceHandshake, String sourceInstanceName, Double sourceShutdownTimeout,
        String sourceX509Ca, String srcNode, String srcNodeUuid, String srcPath, String compress,
        Boolean start, Boolean forthcoming, Boolean commit, List<String> tags, Boolean instanceCommunication,
        Integer helperStartupTimeout, Integer helperShutdownTimeout) implements OpCode {

    public static final String OP_ID = "OP_INSTANCE_CREATE";
    public static final Set<String> DISK_TEMPLATES =
            Set.of("gluster", "plain", "sharedfile", "rbd", "blockdev", "drbd", "diskless", "ext", "file");
    private static final Set<String> DISK_KEYS = Set.of("size", "mode", "name", "vg", "metavg", "adopt",
            "spindles", "provider", "access", "uuid");
    private static final Set<String> NIC_KEYS = Set.of("bridge", "mac", "link", "network", "vlan", "name", "mode", "ip");

    public OpInstanceCreate {
        forceVariant = orFalse(forceVariant);
        waitForSync = waitForSync == null ? Boolean.TRUE : waitForSync;
        nameCheck = nameCheck == null ? Boolean.TRUE : nameCheck;
        ignoreIpolicy = orFalse(ignoreIpolicy);
        opportunisticLocking = orFalse(opportunisticLocking);
        beparams = beparams == null ? Map.of() : beparams;
        disks = disks == null ? List.of() : disks;
        hvparams = hvparams == null ? Map.of() : hvparams;
        identifyDefaults = orFalse(identifyDefaults);
        ipCheck = ipCheck == null ? Boolean.TRUE : ipCheck;
        conflictsCheck = conflictsCheck == null ? Boolean.TRUE : conflictsCheck;
        nics = nics == null ? List.of() : nics;
        osparams = osparams == null ? Map.of() : osparams;
        sourceShutdownTimeout = sourceShutdownTimeout == null ? 120.0 : sourceShutdownTimeout;
        compress = compress == null ? "none" : compress;
        start = start == null ? Boolean.TRUE : start;
        forthcoming = orFalse(forthcoming);
        commit = orFalse(commit);
        tags = tags == null ? List.of() : tags;
        instanceCommunication = orFalse(instanceCommunication);
    }

    private static Boolean orFalse(Boolean b) {
        return b == null ? Boolean.FALSE : b;
    }

    /** Whether the instance will be started after creation: {@code no_install} turns start off, as in Ganeti. */
    public boolean startAfterCreate() {
        return start && !Boolean.TRUE.equals(noInstall);
    }

    @Override
    public void validate() {
        OpCodes.requireName(OP_ID, "instance_name", instanceName);
        OpCodes.require(OP_ID, "mode", mode);
        OpCodes.check(OP_ID, "mode", Set.of("create", "import", "remote-import").contains(mode),
                "must be one of create, import, remote-import");
        OpCodes.check(OP_ID, "mode", mode.equals("create"), "only 'create' is supported so far");
        OpCodes.require(OP_ID, "disk_template", diskTemplate);
        OpCodes.check(OP_ID, "disk_template", DISK_TEMPLATES.contains(diskTemplate),
                "must be one of " + String.join(", ", DISK_TEMPLATES.stream().sorted().toList()));
        OpCodes.check(OP_ID, "forthcoming", !forthcoming && !commit, "forthcoming instances are not supported yet");
        OpCodes.check(OP_ID, "instance_communication", !instanceCommunication, "is not supported yet");
        OpCodes.check(OP_ID, "disks", !diskTemplate.equals("diskless") || disks.isEmpty(),
                "a diskless instance cannot have disks");
        OpCodes.check(OP_ID, "disks", diskTemplate.equals("diskless") || !disks.isEmpty(),
                "disk template '" + diskTemplate + "' needs at least one disk");
        for (int i = 0; i < disks.size(); i++) {
            Map<String, Object> d = disks.get(i);
            for (String k : d.keySet()) {
                OpCodes.check(OP_ID, "disks/" + i, DISK_KEYS.contains(k), "unknown disk parameter '" + k + "'");
            }
            OpCodes.check(OP_ID, "disks/" + i + "/size", d.get("size") != null, "is required");
            OpCodes.check(OP_ID, "disks/" + i + "/size", OpCodes.sizeMib(d.get("size")) != null,
                    "must be a size in MiB (or with unit m/g/t), got " + d.get("size"));
            Object m = d.get("mode");
            OpCodes.check(OP_ID, "disks/" + i + "/mode", m == null || m.equals("rw") || m.equals("ro"),
                    "must be 'rw' or 'ro'");
        }
        for (int i = 0; i < nics.size(); i++) {
            for (String k : nics.get(i).keySet()) {
                OpCodes.check(OP_ID, "nics/" + i, NIC_KEYS.contains(k), "unknown NIC parameter '" + k + "'");
            }
        }
        OpCodes.check(OP_ID, "os_type", osType != null,
                "No guest OS or OS image specified");
        OpCodes.check(OP_ID, "snode", snode == null || diskTemplate.equals("drbd"),
                "a secondary node is only used by the drbd template");
    }

    @Override
    public String summary() {
        return "INSTANCE_CREATE(" + instanceName + ")";
    }
}
