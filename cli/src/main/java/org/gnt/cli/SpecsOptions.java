package org.gnt.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.gnt.bus.config.GroupParams;
import picocli.CommandLine.Option;

/**
 * {@code gnt-cluster init}'s {@code --specs-*} options ({@code min=,max=,std=} per instance spec),
 * Ganeti's older way to give the instance policy. They fill the first min/max pair (the rest of it
 * keeps Ganeti's defaults) and the standard specs; mixing them with {@code --ipolicy-bounds-specs}
 * or {@code --ipolicy-std-specs} for the same values is refused.
 */
public final class SpecsOptions {
    @Option(names = "--specs-cpu-count", paramLabel = "min=N,max=N,std=N", description = "Limits on the VCPU count")
    String cpuCount;

    @Option(names = "--specs-disk-count", paramLabel = "min=N,max=N,std=N", description = "Limits on the disk count")
    String diskCount;

    @Option(names = "--specs-disk-size", paramLabel = "min=N,max=N,std=N", description = "Limits on each disk's size")
    String diskSize;

    @Option(names = "--specs-mem-size", paramLabel = "min=N,max=N,std=N", description = "Limits on the memory size")
    String memSize;

    @Option(names = "--specs-nic-count", paramLabel = "min=N,max=N,std=N", description = "Limits on the NIC count")
    String nicCount;

    /** The ipolicy change of {@code given} with these options applied. */
    Map<String, Object> merge(Map<String, Object> given, boolean boundsGiven, boolean stdGiven) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--specs-cpu-count", cpuCount);
        options.put("--specs-disk-count", diskCount);
        options.put("--specs-disk-size", diskSize);
        options.put("--specs-mem-size", memSize);
        options.put("--specs-nic-count", nicCount);
        Map<String, String> keys = Map.of("--specs-cpu-count", "cpu-count", "--specs-disk-count", "disk-count",
                "--specs-disk-size", "disk-size", "--specs-mem-size", "memory-size", "--specs-nic-count", "nic-count");
        Map<?, ?> defaults = (Map<?, ?>) ((List<?>) GroupParams.IPOLICY_DEFAULTS.get("minmax")).get(0);
        Map<String, Object> min = new TreeMap<>(cast(defaults.get("min")));
        Map<String, Object> max = new TreeMap<>(cast(defaults.get("max")));
        Map<String, Object> std = new TreeMap<>();
        boolean bounds = false;
        for (var o : options.entrySet()) {
            if (o.getValue() == null) {
                continue;
            }
            Map<String, Object> kv = OptionValues.keyValues(o.getValue(), o.getKey());
            ClusterParamOptions.checkKeys(o.getKey(), kv.keySet(), List.of("min", "max", "std"));
            String spec = keys.get(o.getKey());
            if (kv.containsKey("min") || kv.containsKey("max")) {
                if (boundsGiven) {
                    throw ClusterParamOptions.invalid(o.getKey(), "cannot be combined with --ipolicy-bounds-specs");
                }
                bounds = true;
            }
            if (kv.containsKey("std") && stdGiven) {
                throw ClusterParamOptions.invalid(o.getKey(), "std= cannot be combined with --ipolicy-std-specs");
            }
            if (kv.containsKey("min")) {
                min.put(spec, kv.get("min"));
            }
            if (kv.containsKey("max")) {
                max.put(spec, kv.get("max"));
            }
            if (kv.containsKey("std")) {
                std.put(spec, kv.get("std"));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>(given);
        if (bounds) {
            out.put("minmax", List.of(Map.of("min", min, "max", max)));
        }
        if (!std.isEmpty()) {
            out.put("std", std);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }
}
