package org.gnt.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.Json;
import org.gnt.bus.config.ClusterParams;
import org.gnt.bus.config.GroupParams;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import picocli.CommandLine.Option;

/**
 * The cluster parameter options {@code gnt-cluster init} and {@code modify} share, Ganeti's names:
 * {@code -N}, {@code -D}, the {@code --ipolicy-*} family and {@code --maintain-node-health}. Keys
 * are checked here so an error names the option; values stay text and are checked (with the
 * cluster's current values) by {@link ClusterParams}.
 */
public final class ClusterParamOptions {
    @Option(names = {"-N", "--nic-parameters"}, paramLabel = "KEY=VAL,...", description = "Default NIC parameters (mode, link, vlan)")
    String nicparams;

    @Option(names = {"-D", "--disk-parameters"}, paramLabel = "TEMPLATE:KEY=VAL,...",
            description = "Disk template parameters (repeatable)")
    List<String> diskparams = new ArrayList<>();

    @Option(names = "--ipolicy-bounds-specs", paramLabel = "min:KEY=VAL,.../max:KEY=VAL,...",
            description = "Instance spec bounds (pairs separated by //)")
    String boundsSpecs;

    @Option(names = "--ipolicy-std-specs", paramLabel = "KEY=VAL,...", description = "Standard instance specs")
    String stdSpecs;

    @Option(names = "--ipolicy-disk-templates", paramLabel = "TEMPLATE,...", description = "Allowed disk templates")
    String ipolicyDiskTemplates;

    @Option(names = "--ipolicy-vcpu-ratio", paramLabel = "RATIO", description = "Maximum vCPUs per physical CPU")
    String vcpuRatio;

    @Option(names = "--ipolicy-spindle-ratio", paramLabel = "RATIO", description = "Maximum instances per spindle")
    String spindleRatio;

    @Option(names = "--maintain-node-health", paramLabel = "yes|no", description = "Whether to maintain node health")
    String maintainNodeHealth;

    /** The ipolicy change given (may be empty). */
    Map<String, Object> ipolicy() {
        Map<String, Object> ip = new LinkedHashMap<>();
        if (boundsSpecs != null) {
            List<Map<String, Object>> pairs = GroupParamOptions.bounds(boundsSpecs);
            pairs.forEach(p -> p.values().forEach(spec -> checkKeys("--ipolicy-bounds-specs",
                    ((Map<?, ?>) spec).keySet(), GroupParams.ISPEC_KEYS)));
            ip.put("minmax", pairs);
        }
        if (stdSpecs != null) {
            Map<String, Object> std = OptionValues.keyValues(stdSpecs, "--ipolicy-std-specs");
            checkKeys("--ipolicy-std-specs", std.keySet(), GroupParams.ISPEC_KEYS);
            ip.put("std", std);
        }
        if (ipolicyDiskTemplates != null) {
            ip.put("disk-templates", OptionValues.list(ipolicyDiskTemplates));
        }
        if (vcpuRatio != null) {
            ip.put("vcpu-ratio", vcpuRatio);
        }
        if (spindleRatio != null) {
            ip.put("spindle-ratio", spindleRatio);
        }
        return ip;
    }

    Map<String, Object> nic() {
        if (nicparams == null) {
            return null;
        }
        Map<String, Object> nic = OptionValues.keyValues(nicparams, "--nic-parameters");
        checkKeys("--nic-parameters", nic.keySet(), ClusterParams.NIC_DEFAULTS.keySet());
        return nic;
    }

    Map<String, Map<String, Object>> disk() {
        if (diskparams.isEmpty()) {
            return null;
        }
        Map<String, Map<String, Object>> disk = new LinkedHashMap<>();
        for (String d : diskparams) {
            OptionValues.Ident id = OptionValues.ident(d, "--disk-parameters");
            Map<String, Object> known = GroupParams.DISK_DEFAULTS.get(id.name());
            if (known == null) {
                throw invalid("--disk-parameters", "unknown disk template '" + id.name() + "' (known: "
                        + String.join(", ", new TreeMap<>(GroupParams.DISK_DEFAULTS).keySet()) + ")");
            }
            checkKeys("--disk-parameters " + id.name(), id.params().keySet(), known.keySet());
            disk.computeIfAbsent(id.name(), k -> new LinkedHashMap<>()).putAll(id.params());
        }
        return disk;
    }

    Boolean health() {
        return maintainNodeHealth == null ? null : yesNo("--maintain-node-health", maintainNodeHealth);
    }

    /** Adds what was given to an OP_CLUSTER_SET_PARAMS; returns whether anything was. */
    boolean fill(ObjectNode op) {
        boolean any = false;
        Map<String, Object> ip = ipolicy();
        if (!ip.isEmpty()) {
            op.set("ipolicy", Json.tree(ip));
            any = true;
        }
        if (nic() != null) {
            op.set("nicparams", Json.tree(nic()));
            any = true;
        }
        if (disk() != null) {
            op.set("diskparams", Json.tree(disk()));
            any = true;
        }
        if (health() != null) {
            op.put("maintain_node_health", health());
            any = true;
        }
        return any;
    }

    static boolean yesNo(String option, String v) {
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            default -> throw invalid(option, "expected yes or no, got '" + v + "'");
        };
    }

    static void checkKeys(String option, Collection<?> given, Collection<String> known) {
        for (Object k : given) {
            if (!known.contains(String.valueOf(k))) {
                throw invalid(option, "unknown key '" + k + "'" + (known.isEmpty() ? " (this template has none)"
                        : " (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")"));
            }
        }
    }

    static PluginException invalid(String option, String why) {
        return new PluginException(ErrorKind.INVAL, "Invalid '" + option + "': " + why);
    }
}
