package org.gnt.coordinator.lu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.gnt.bus.config.ClusterConfig;
import org.gnt.bus.config.DiskConfig;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NicConfig;
import org.gnt.bus.opcode.OpCodes;
import org.gnt.bus.opcode.OpInstanceSetParams;
import org.gnt.bus.opcode.OpInstanceSetParams.Change;
import org.gnt.bus.state.NodeState;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.ParamSpec;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.disk.DiskRef;

/**
 * What an OP_INSTANCE_SET_PARAMS asks for, checked and resolved against the instance: the new
 * own hv/be/OS parameters, the devices to add (with their UUIDs, MACs and disk ids fixed) and
 * to remove. Computed without side effects, so checkPrereq and exec (also a resumed exec) get
 * the same plan.
 */
record InstanceChanges(InstanceConfig before, Map<String, Object> hvparams, Map<String, Object> beparams,
                       Map<String, Object> osparams, String os, String adminState, List<NicConfig> nicsAdded,
                       List<NicConfig> nicsRemoved, List<DiskConfig> disksAdded, List<DiskConfig> disksRemoved,
                       List<NicConfig> nics, List<DiskConfig> disks) {

    /** Ganeti's constants.VALUE_DEFAULT: the key goes back to the inherited value. */
    static final String DEFAULT = "default";

    static InstanceChanges plan(OpInstanceSetParams op, LuContext ctx, InstanceConfig i, NodeState inv) {
        ClusterConfig cluster = ctx.config().cluster();
        Map<String, Object> hv = merged(i.hvparams(), op.hvparams());
        if (!op.hvparams().isEmpty()) {
            hv = LuSupport.checkParams(inv, "hv:" + i.hypervisor(), hv, "Hypervisor");
        }
        Map<String, Object> be = beparams(cluster, i, op.beparams());
        Map<String, Object> osp = merged(i.osparams(), op.osparams());
        String os = i.os();
        if (op.osName() != null) {
            String base = op.osName().contains("+") ? op.osName().substring(0, op.osName().indexOf('+')) : op.osName();
            if (!inv.oses().contains(base) && !op.force()) {
                throw new PluginException(ErrorKind.INVAL, "OS '" + op.osName() + "' not in supported OS list for"
                        + " primary node " + inv.node() + " (use force to set it anyway)");
            }
            os = op.osName();
        }
        String admin = i.adminState();
        if (op.offline() != null) {
            if (op.offline() && !"down".equals(admin)) {
                throw new PluginException(ErrorKind.STATE, "Instance '" + i.name() + "' is marked to be " + admin
                        + "; only a stopped instance can be set offline");
            }
            if (!op.offline() && !"offline".equals(admin)) {
                throw new PluginException(ErrorKind.STATE, "Instance '" + i.name() + "' is not offline (it is "
                        + admin + "), --online does not apply");
            }
            admin = op.offline() ? "offline" : "down";
        }
        // NICs: removals by index/name/uuid against the list as it evolves, additions appended
        List<NicConfig> nics = new ArrayList<>(i.nics());
        List<NicConfig> nicsAdded = new ArrayList<>();
        List<NicConfig> nicsRemoved = new ArrayList<>();
        Set<String> macs = InstanceNics.usedMacs(ctx.config());
        List<Change> nc = op.nicChanges();
        for (int k = 0; k < nc.size(); k++) {
            Change c = nc.get(k);
            if (c.op().equals("remove")) {
                NicConfig gone = nics.remove(find(nics.stream().map(n -> new String[]{n.name(), n.uuid()}).toList(),
                        c.index(), "nics/" + k, "NIC", i.name()));
                nicsRemoved.add(gone);
            } else {
                requireAppend(c.index(), nics.size(), "nics/" + k, "NIC");
                NicConfig added = newNic(ctx, c.params(), k, macs, cluster);
                macs.add(added.mac());
                nics.add(added);
                nicsAdded.add(added);
            }
        }
        List<DiskConfig> disks = new ArrayList<>(i.disks());
        List<DiskConfig> disksAdded = new ArrayList<>();
        List<DiskConfig> disksRemoved = new ArrayList<>();
        List<Change> dc = op.diskChanges();
        for (int k = 0; k < dc.size(); k++) {
            Change c = dc.get(k);
            if (c.op().equals("remove")) {
                DiskConfig gone = disks.remove(find(disks.stream().map(d -> new String[]{d.name(), d.uuid()}).toList(),
                        c.index(), "disks/" + k, "disk", i.name()));
                disksRemoved.add(gone);
            } else {
                if (i.diskTemplate().equals("diskless")) {
                    throw new PluginException(ErrorKind.INVAL, "Parameter 'disks/" + k + "': a diskless instance"
                            + " cannot get disks (converting the template is not supported)");
                }
                requireAppend(c.index(), disks.size(), "disks/" + k, "disk");
                DiskConfig added = newDisk(ctx, i, c.params(), k, disks, disksRemoved);
                disks.add(added);
                disksAdded.add(added);
            }
        }
        List<DiskConfig> renumbered = new ArrayList<>();
        for (int k = 0; k < disks.size(); k++) {
            DiskConfig d = disks.get(k);
            renumbered.add(new DiskConfig(d.uuid(), d.name(), k, d.sizeMib(), d.mode(), d.ref()));
        }
        return new InstanceChanges(i, hv, be, osp, os, admin, nicsAdded, nicsRemoved, disksAdded, disksRemoved,
                nics, renumbered);
    }

    /** The instance as it is after the change (config only; nothing written). */
    InstanceConfig after(java.time.Instant now) {
        InstanceConfig i = before;
        return new InstanceConfig(i.v(), i.uuid(), i.name(), i.primaryNode(), os, i.hypervisor(), hvparams, beparams,
                osparams, i.diskTemplate(), disks, nics, adminState,
                adminState.equals(i.adminState()) ? i.adminStateSource() : "admin", i.tags(), i.ctime(), now,
                i.serial() + 1, i.secondaryNodes());
    }

    /** Own values with the changes applied; {@code null} or "default" drops a key (inherit again). */
    static Map<String, Object> merged(Map<String, Object> own, Map<String, Object> changes) {
        Map<String, Object> out = new LinkedHashMap<>(own);
        changes.forEach((k, v) -> {
            if (v == null || DEFAULT.equals(v)) {
                out.remove(k);
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    private static Map<String, Object> beparams(ClusterConfig cluster, InstanceConfig i, Map<String, Object> changes) {
        if (changes.isEmpty()) {
            return i.beparams();
        }
        Map<String, Object> given = new LinkedHashMap<>(changes);
        Object memory = given.remove("memory");
        if (memory != null) {
            // the legacy key sets both bounds (or resets both with "default")
            given.putIfAbsent("minmem", memory);
            given.putIfAbsent("maxmem", memory);
        }
        Map<String, Object> set = new LinkedHashMap<>();
        given.forEach((k, v) -> {
            if (v != null && !DEFAULT.equals(v)) {
                set.put(k, v);
            }
        });
        Map<String, Object> typed = ParamSpec.check(LuInstanceCreate.BEPARAMS, set);
        for (String k : List.of("minmem", "maxmem", "vcpus")) {
            if (typed.get(k) != null && ((Number) typed.get(k)).longValue() <= 0) {
                throw new PluginException(ErrorKind.INVAL, "Backend parameter " + k + " must be positive, got "
                        + typed.get(k));
            }
        }
        for (String k : given.keySet()) {
            // a reset still has to name a known parameter
            if (LuInstanceCreate.BEPARAMS.stream().noneMatch(s -> s.name().equals(k))) {
                throw new PluginException(ErrorKind.INVAL, "Unknown parameter '" + k + "'");
            }
        }
        Map<String, Object> own = merged(i.beparams(), given);
        own.putAll(typed);
        Map<String, Object> filled = LuSupport.filledBeparams(cluster, own);
        long min = LuSupport.toLong(filled.get("minmem"));
        long max = LuSupport.toLong(filled.get("maxmem"));
        if (min > max) {
            throw new PluginException(ErrorKind.INVAL, "Backend parameter minmem (" + min
                    + ") is greater than maxmem (" + max + ")");
        }
        return own;
    }

    /** Index of the device named by an index (negative from the end), a name or a UUID. */
    private static int find(List<String[]> namesAndUuids, Object index, String field, String what, String inst) {
        int n = namesAndUuids.size();
        if (index instanceof Integer k) {
            int at = k < 0 ? n + k : k;
            if (at < 0 || at >= n) {
                throw new PluginException(ErrorKind.INVAL, "Parameter '" + field + "': invalid " + what + " index "
                        + k + ", instance " + inst + " has " + n + " " + what + (n == 1 ? "" : "s"));
            }
            return at;
        }
        String key = String.valueOf(index);
        for (int k = 0; k < n; k++) {
            if (key.equals(namesAndUuids.get(k)[0]) || key.equals(namesAndUuids.get(k)[1])) {
                return k;
            }
        }
        if (key.matches("-?\\d+")) {
            return find(namesAndUuids, Integer.parseInt(key), field, what, inst);
        }
        throw new PluginException(ErrorKind.INVAL, "Parameter '" + field + "': instance " + inst + " has no "
                + what + " named '" + key + "'");
    }

    /** Devices are only added at the end (index -1 or the current count); decided, see README. */
    private static void requireAppend(Object index, int count, String field, String what) {
        boolean ok = index instanceof Integer k ? (k == -1 || k == count) : String.valueOf(index).equals("-1")
                || String.valueOf(index).equals(String.valueOf(count));
        if (!ok) {
            throw new PluginException(ErrorKind.INVAL, "Parameter '" + field + "': a " + what
                    + " can only be added at the end (index -1 or " + count + "), not at " + index);
        }
    }

    private static NicConfig newNic(LuContext ctx, Map<String, Object> p, int k, Set<String> macs, ClusterConfig cluster) {
        for (String unsupported : List.of("network", "vlan")) {
            if (p.get(unsupported) != null) {
                throw new PluginException(ErrorKind.INVAL, "Parameter 'nics/" + k + "/" + unsupported
                        + "' is not supported yet for an added NIC");
            }
        }
        String mode = p.get("mode") == null ? null : String.valueOf(p.get("mode"));
        if (mode != null && !org.gnt.bus.config.ClusterParams.NIC_MODES.contains(mode)) {
            throw new PluginException(ErrorKind.INVAL, "Parameter 'nics/" + k + "/mode': must be one of "
                    + String.join(", ", org.gnt.bus.config.ClusterParams.NIC_MODES) + ", got '" + mode + "'");
        }
        Object link = p.get("link") != null ? p.get("link") : p.get("bridge");
        String uuid = ctx.stableUuid("nic-add-" + k);
        String mac = InstanceNics.macFor(p.get("mac"), uuid, macs, "nics/" + k + "/mac");
        Object ip = p.get("ip");
        if (ip != null && !"none".equalsIgnoreCase(String.valueOf(ip))
                && !String.valueOf(ip).matches("(\\d{1,3}\\.){3}\\d{1,3}")) {
            throw new PluginException(ErrorKind.INVAL, "Parameter 'nics/" + k + "/ip': invalid IPv4 address '" + ip + "'");
        }
        String effectiveMode = mode != null ? mode : String.valueOf(cluster.nicparams().get("mode"));
        if (effectiveMode.equals("routed") && ip == null) {
            throw new PluginException(ErrorKind.INVAL, "Parameter 'nics/" + k + "/ip': routed mode NICs require an IP address");
        }
        return new NicConfig(uuid, p.get("name") == null ? null : String.valueOf(p.get("name")), mac,
                ip == null || "none".equalsIgnoreCase(String.valueOf(ip)) ? null : String.valueOf(ip), mode,
                link == null ? null : String.valueOf(link), null);
    }

    private static DiskConfig newDisk(LuContext ctx, InstanceConfig i, Map<String, Object> p, int k,
                                      List<DiskConfig> current, List<DiskConfig> removed) {
        long size = OpCodes.sizeMib(p.get("size"));
        // the driver names a disk <instance>/disk<N> from the spec index: pick an N no disk of the
        // instance (kept or being removed, whose file is deleted only after the commit) uses
        Set<String> ids = new java.util.HashSet<>();
        current.forEach(d -> ids.add(d.ref().id()));
        removed.forEach(d -> ids.add(d.ref().id()));
        int n = current.size();
        while (ids.contains(i.name() + "/disk" + n)) {
            n++;
        }
        String name = p.get("name") == null ? null : String.valueOf(p.get("name"));
        if (name != null && current.stream().anyMatch(d -> name.equals(d.name()))) {
            throw new PluginException(ErrorKind.INVAL, "Parameter 'disks/" + k + "/name': instance " + i.name()
                    + " already has a disk named '" + name + "'");
        }
        return new DiskConfig(ctx.stableUuid("disk-add-" + k), name, n, size,
                p.get("mode") == null ? "rw" : String.valueOf(p.get("mode")),
                new DiskRef(i.diskTemplate(), i.name() + "/disk" + n));
    }

    boolean devicesChange() {
        return !nicsAdded.isEmpty() || !nicsRemoved.isEmpty() || !disksAdded.isEmpty() || !disksRemoved.isEmpty();
    }
}
