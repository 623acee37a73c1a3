package org.gnt.bus.opcode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * OP_INSTANCE_SET_PARAMS ({@code gnt-instance modify}, RAPI {@code PUT /2/instances/N/modify})
 * with every field Ganeti 3.0 has, so a request written for Ganeti parses. What gnt does not do
 * (template conversion, moving the primary, private OS parameters, ExtStorage parameters,
 * instance communication, attach/detach and modify of devices) is refused by {@link #validate()}
 * naming the field. {@code nics}/{@code disks} are Ganeti's {@code [op, index, params]} lists; the
 * deprecated two-item form is read too ({@link #nicChanges()}, {@link #diskChanges()}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpInstanceSetParams(
        String instanceName, String instanceUuid, Boolean force, Boolean forceVariant, Boolean ignoreIpolicy,
        List<List<Object>> nics, List<List<Object>> disks, Map<String, Object> beparams, Long runtimeMem,
        Map<String, Object> hvparams, String diskTemplate, Map<String, Object> extParams, String fileDriver,
        String fileStorageDir, String pnode, String pnodeUuid, String remoteNode, String remoteNodeUuid,
        String iallocator, String osName, Map<String, Object> osparams, Map<String, Object> osparamsPrivate,
        Boolean waitForSync, Boolean offline, Boolean conflictsCheck, Boolean hotplug, Boolean hotplugIfPossible,
        Boolean instanceCommunication) implements OpCode {
    public static final String OP_ID = "OP_INSTANCE_SET_PARAMS";
    public static final Set<String> NIC_KEYS = Set.of("bridge", "mac", "link", "network", "vlan", "name", "mode", "ip");
    /** Disk parameters an added disk may have here. */
    public static final Set<String> DISK_KEYS = Set.of("size", "mode", "name");
    private static final Set<String> OPS = Set.of("add", "remove", "modify", "attach", "detach");

    /** One device change: {@code op} is add/remove/modify/attach/detach, {@code index} an Integer or a name. */
    public record Change(String op, Object index, Map<String, Object> params) {
    }

    public OpInstanceSetParams {
        force = orFalse(force);
        forceVariant = orFalse(forceVariant);
        ignoreIpolicy = orFalse(ignoreIpolicy);
        nics = nics == null ? List.of() : nics;
        disks = disks == null ? List.of() : disks;
        beparams = beparams == null ? Map.of() : beparams;
        hvparams = hvparams == null ? Map.of() : hvparams;
        extParams = extParams == null ? Map.of() : extParams;
        osparams = osparams == null ? Map.of() : osparams;
        waitForSync = waitForSync == null ? Boolean.TRUE : waitForSync;
        conflictsCheck = conflictsCheck == null ? Boolean.TRUE : conflictsCheck;
        hotplug = orFalse(hotplug);
        hotplugIfPossible = orFalse(hotplugIfPossible);
    }

    private static Boolean orFalse(Boolean b) {
        return b == null ? Boolean.FALSE : b;
    }

    /** Only the parameters gnt-instance modify usually sets. */
    public static OpInstanceSetParams of(String name, Map<String, Object> hvparams, Map<String, Object> beparams,
                                         Long runtimeMem, List<List<Object>> nics, List<List<Object>> disks,
                                         boolean hotplug) {
        return new OpInstanceSetParams(name, null, null, null, null, nics, disks, beparams, runtimeMem, hvparams,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, hotplug,
                null, null);
    }

    @Override
    public void validate() {
        OpCodes.requireName(OP_ID, "instance_name", instanceName);
        notSupported("disk_template", diskTemplate == null, "converting the disk template is not supported");
        notSupported("ext_params", extParams.isEmpty(), "ExtStorage parameters are not supported");
        notSupported("file_driver", fileDriver == null, "changing the file driver is not supported");
        notSupported("file_storage_dir", fileStorageDir == null, "changing the file storage directory is not supported");
        notSupported("pnode", pnode == null && pnodeUuid == null,
                "changing the primary node is not supported (use failover or migrate)");
        notSupported("remote_node", remoteNode == null && remoteNodeUuid == null,
                "is only used for disk template conversion, which is not supported");
        notSupported("iallocator", iallocator == null, "is only used for disk template conversion, which is not supported");
        notSupported("osparams_private", osparamsPrivate == null || osparamsPrivate.isEmpty(),
                "private OS parameters are not supported yet");
        notSupported("instance_communication", !Boolean.TRUE.equals(instanceCommunication), "is not supported yet");
        if (runtimeMem != null) {
            OpCodes.check(OP_ID, "runtime_mem", runtimeMem > 0, "must be greater than zero, got " + runtimeMem);
        }
        if (osName != null) {
            OpCodes.check(OP_ID, "os_name", !osName.isBlank(), "must not be empty");
        }
        List<Change> n = nicChanges();
        for (int i = 0; i < n.size(); i++) {
            for (String k : n.get(i).params().keySet()) {
                OpCodes.check(OP_ID, "nics/" + i, NIC_KEYS.contains(k), "unknown NIC parameter '" + k + "'");
            }
        }
        List<Change> d = diskChanges();
        for (int i = 0; i < d.size(); i++) {
            Change c = d.get(i);
            if (c.op().equals("add")) {
                for (String k : c.params().keySet()) {
                    OpCodes.check(OP_ID, "disks/" + i, DISK_KEYS.contains(k), "unsupported disk parameter '" + k
                            + "' (an added disk takes " + String.join(", ", DISK_KEYS.stream().sorted().toList()) + ")");
                }
                OpCodes.check(OP_ID, "disks/" + i + "/size", c.params().get("size") != null, "is required to add a disk");
                Long size = OpCodes.sizeMib(c.params().get("size"));
                OpCodes.check(OP_ID, "disks/" + i + "/size", size != null && size > 0,
                        "must be a positive size in MiB (or with unit m/g/t), got " + c.params().get("size"));
                Object m = c.params().get("mode");
                OpCodes.check(OP_ID, "disks/" + i + "/mode", m == null || m.equals("rw") || m.equals("ro"),
                        "must be 'rw' or 'ro'");
            }
        }
        OpCodes.check(OP_ID, "instance_name", !isEmptyChange(),
                "No changes submitted (give hvparams, beparams, osparams, os_name, runtime_mem, nics, disks or offline)");
    }

    private static void notSupported(String field, boolean ok, String why) {
        OpCodes.check(OP_ID, field, ok, why);
    }

    @JsonIgnore
    public boolean isEmptyChange() {
        return nics.isEmpty() && disks.isEmpty() && beparams.isEmpty() && hvparams.isEmpty() && osparams.isEmpty()
                && runtimeMem == null && osName == null && offline == null;
    }

    /** The NIC changes in the three-item form; refuses malformed entries naming them. */
    @JsonIgnore
    public List<Change> nicChanges() {
        return changes("nics", nics);
    }

    /** The disk changes in the three-item form. */
    @JsonIgnore
    public List<Change> diskChanges() {
        return changes("disks", disks);
    }

    @SuppressWarnings("unchecked")
    private static List<Change> changes(String field, List<List<Object>> given) {
        List<Change> out = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            List<Object> e = given.get(i);
            String where = field + "/" + i;
            OpCodes.check(OP_ID, where, e != null && (e.size() == 2 || e.size() == 3),
                    "must be [operation, index, parameters] (or the old [operation, parameters])");
            Object params = e.get(e.size() - 1);
            OpCodes.check(OP_ID, where, params == null || params instanceof Map, "parameters must be a dictionary");
            Map<String, Object> p = params == null ? Map.of() : (Map<String, Object>) params;
            String op;
            Object index;
            if (e.size() == 3) {
                OpCodes.check(OP_ID, where, e.get(0) instanceof String s && OPS.contains(s),
                        "operation must be one of add, remove, modify, attach, detach, got " + e.get(0));
                op = (String) e.get(0);
                index = e.get(1);
                OpCodes.check(OP_ID, where, index instanceof Integer || index instanceof String,
                        "index must be an integer or a name, got " + index);
            } else if (e.get(0) instanceof Integer idx) {
                // old form [index, params]: modify that device
                op = "modify";
                index = idx;
            } else {
                OpCodes.check(OP_ID, where, e.get(0) instanceof String s && OPS.contains(s),
                        "operation must be add, remove, attach, detach or an index, got " + e.get(0));
                op = (String) e.get(0);
                index = -1;
            }
            OpCodes.check(OP_ID, where, !op.equals("attach") && !op.equals("detach"),
                    "'" + op + "' is not supported yet");
            OpCodes.check(OP_ID, where, !op.equals("modify"),
                    "modifying an existing device is not supported yet (remove it and add a new one)");
            out.add(new Change(op, index, p));
        }
        return List.copyOf(out);
    }

    @Override
    public String summary() {
        return "INSTANCE_SET_PARAMS(" + instanceName + ")";
    }
}
