package org.gnt.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.gnt.bus.config.AddressPool;
import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.config.GroupNetwork;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.config.NetworkConfig;
import org.gnt.bus.config.NicConfig;
import org.gnt.bus.view.ClusterRead;
import org.gnt.bus.view.NameOrder;
import org.gnt.bus.view.NetworkFields;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gnt-network info [NETWORK...]}: Ganeti's layout, with the usage map 64 addresses a line. */
@Command(name = "info", description = "Show information about networks")
final class NetworkInfo extends GntCommand {
    private static final int MAP_LINE = 64;

    @Parameters(paramLabel = "NETWORK", arity = "0..*", description = "The networks (default: all)")
    List<String> names = new ArrayList<>();

    @Override
    protected int run() {
        try (Session s = session()) {
            ClusterRead read = s.read();
            for (NetworkConfig n : NetworkCommands.select(read, names)) {
                print(read, n);
            }
            return ExitCodes.SUCCESS;
        }
    }

    private void print(ClusterRead read, NetworkConfig n) {
        AddressPool pool = AddressPool.of(n);
        int size = pool.net().size();
        out().println("Network name: " + n.name());
        out().println("  UUID: " + n.uuid());
        out().println("  Serial number: " + n.serial());
        out().println("  Subnet: " + n.network());
        out().println("  Gateway: " + orNone(n.gateway()));
        out().println("  IPv6 Subnet: " + orNone(n.network6()));
        out().println("  IPv6 Gateway: " + orNone(n.gateway6()));
        out().println("  Mac Prefix: " + orNone(n.macPrefix()));
        out().println("  Size: " + size);
        out().println("  Free: " + pool.freeCount() + " ("
                + String.format(Locale.ROOT, "%.2f", 100.0 * pool.freeCount() / size) + "%)");
        out().println("  Usage map:");
        String map = pool.map();
        int width = String.valueOf(size - 1).length();
        for (int i = 0; i < size; i += MAP_LINE) {
            int end = Math.min(size, i + MAP_LINE);
            out().println(String.format(Locale.ROOT, "     %" + width + "d %s %d", i, map.substring(i, end), end - 1));
        }
        out().println("         (X) used    (.) free");
        out().println("  externally reserved IPs:");
        out().println("    " + (n.extReservations().isEmpty() ? "(none)" : String.join(", ", n.extReservations())));
        List<GroupConfig> groups = read.config().groups().stream().filter(g -> g.networks().containsKey(n.uuid()))
                .sorted(Comparator.comparing(GroupConfig::name, NameOrder.INSTANCE)).toList();
        out().println("  connected to node groups:" + (groups.isEmpty() ? " none" : ""));
        for (GroupConfig g : groups) {
            GroupNetwork link = g.networks().get(n.uuid());
            out().println("    " + g.name() + " (mode:" + link.mode() + " link:" + link.link() + " vlan:" + link.vlan()
                    + ")");
        }
        List<InstanceConfig> users = read.config().instances().stream().filter(i -> NetworkFields.uses(i, n))
                .sorted(Comparator.comparing(InstanceConfig::name, NameOrder.INSTANCE)).toList();
        out().println("  used by " + users.size() + " instance(s)" + (users.isEmpty() ? "" : ":"));
        for (InstanceConfig i : users) {
            List<String> nics = new ArrayList<>();
            for (int idx = 0; idx < i.nics().size(); idx++) {
                NicConfig nic = i.nics().get(idx);
                if (n.uuid().equals(nic.network()) || n.name().equals(nic.network())) {
                    nics.add(idx + ":" + orNone(nic.ip()));
                }
            }
            out().println("    " + i.name() + ": " + String.join(", ", nics));
        }
        out().println("  Tags: " + (n.tags().isEmpty() ? "(none)" : String.join(", ", n.tags())));
    }

    private static String orNone(String s) {
        return s == null ? "None" : s;
    }
}
