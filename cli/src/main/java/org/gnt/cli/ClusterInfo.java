package org.gnt.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.gnt.bus.config.ClusterConfig;
import org.gnt.bus.view.ConfigView;
import picocli.CommandLine.Command;

/** {@code gnt-cluster info}: the cluster object in Ganeti's layout, its master and its size. */
@Command(name = "info", description = "Show cluster configuration")
final class ClusterInfo extends GntCommand {
    @Override
    protected int run() {
        try (Session s = session()) {
            ClusterConfig c = s.cluster();
            ConfigView cfg = s.config();
            String master = s.masterId();
            boolean running = s.coordinatorRunning();
            print(out(), c, master.isEmpty() ? "(none elected yet)" : master + (running ? "" : " (not running)"),
                    cfg.nodes().size(), cfg.instances().size());
        }
        return ExitCodes.SUCCESS;
    }

    static void print(PrintStream out, ClusterConfig c, String master, int nodes, int instances) {
        out.println("Cluster name: " + c.name());
        out.println("Cluster UUID: " + c.uuid());
        out.println("Creation time: " + time(c.ctime()));
        out.println("Modification time: " + time(c.mtime()));
        out.println("Master coordinator: " + master);
        out.println("Default hypervisor: " + (c.enabledHypervisors().isEmpty() ? "" : c.enabledHypervisors().get(0)));
        out.println("Enabled hypervisors: " + String.join(", ", c.enabledHypervisors()));
        out.println("Hypervisor parameters:");
        for (String hv : c.enabledHypervisors()) {
            out.println("  " + hv + ":");
            params(out, c.hvparams().getOrDefault(hv, Map.of()), "    ");
        }
        out.println("OS parameters:");
        c.osparams().forEach((os, p) -> {
            out.println("  " + os + ":");
            params(out, p, "    ");
        });
        out.println("Cluster parameters:");
        out.println("  candidate pool size: " + c.candidatePoolSize());
        out.println("  maintenance of node health: " + value(c.maintainNodeHealth()));
        out.println("  default instance allocator: " + (c.defaultIallocator() == null ? "" : c.defaultIallocator()));
        out.println("  enabled disk templates: " + String.join(", ", c.enabledDiskTemplates()));
        out.println("  file storage path: " + (c.fileStorageDir() == null ? "" : c.fileStorageDir()));
        out.println("Default instance parameters:");
        out.println("  default:");
        params(out, c.beparams(), "    ");
        out.println("Default nic parameters:");
        out.println("  default:");
        params(out, c.nicparams(), "    ");
        out.println("Disk parameters:");
        c.diskparams().forEach((t, p) -> {
            out.println("  " + t + ":");
            params(out, p, "    ");
        });
        ipolicy(out, c.ipolicy());
        out.println("Nodes: " + nodes);
        out.println("Instances: " + instances);
    }

    /** Ganeti's "Instance policy - limits for instances" section: bounds as min/N, max/N pairs. */
    private static void ipolicy(PrintStream out, Map<String, Object> ip) {
        out.println("Instance policy - limits for instances:");
        out.println("  bounds specs:");
        List<?> minmax = (List<?>) ip.getOrDefault("minmax", List.of());
        for (int i = 0; i < minmax.size(); i++) {
            Map<?, ?> pair = (Map<?, ?>) minmax.get(i);
            for (String which : List.of("max", "min")) {
                out.println((which.equals("max") ? "    - " : "      ") + which + "/" + i + ":");
                params(out, cast(pair.get(which)), "          ");
            }
        }
        out.println("  std:");
        params(out, cast(ip.get("std")), "    ");
        out.println("  allowed disk templates: " + String.join(", ", ((List<?>) ip.getOrDefault("disk-templates",
                List.of())).stream().map(String::valueOf).toList()));
        out.println("  vcpu-ratio: " + number(ip.get("vcpu-ratio")));
        out.println("  spindle-ratio: " + number(ip.get("spindle-ratio")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** 4.0 as 4, 2.5 as 2.5, as Ganeti prints its ratios. */
    private static String number(Object v) {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return String.valueOf(n.longValue());
        }
        return String.valueOf(v);
    }

    private static void params(PrintStream out, Map<String, Object> p, String indent) {
        new TreeMap<>(p).forEach((k, v) -> out.println(indent + k + ": " + value(v)));
    }

    static String value(Object v) {
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        return String.valueOf(v);
    }

    private static String time(Instant t) {
        return t == null ? "N/A" : Cells.time(t);
    }
}
