package org.gnt.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.gnt.bus.view.NameOrder;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.view.ClusterRead;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code gnt-instance list}. */
@Command(name = "list", description = "List instances")
final class InstanceList extends GntCommand {
    @Mixin
    ListOptions list = new ListOptions();

    @Parameters(paramLabel = "INSTANCE", arity = "0..*", description = "Only these instances (globs allowed), or one filter")
    List<String> names = new ArrayList<>();

    @Override
    protected int run() {
        List<Field> fields = InstanceColumns.CATALOG.select(list.output);
        list.units();
        ListFilter filter = list.filter(names, InstanceColumns.CATALOG);
        try (Session s = session()) {
            ClusterRead read = s.read();
            InstanceColumns columns = new InstanceColumns(read);
            return list.print(out(), err(), fields, filter.select(n -> select(read, n), columns), columns);
        }
    }

    static List<InstanceConfig> select(ClusterRead read, List<String> names) {
        if (names.isEmpty()) {
            return read.config().instances().stream()
                    .sorted(Comparator.comparing(InstanceConfig::name, NameOrder.INSTANCE)).toList();
        }
        List<InstanceConfig> out = new ArrayList<>();
        for (String n : names) {
            out.add(read.config().instance(n).orElseThrow(() ->
                    new PluginException(ErrorKind.NOENT, "Instance '" + n + "' not known")));
        }
        return out;
    }
}
