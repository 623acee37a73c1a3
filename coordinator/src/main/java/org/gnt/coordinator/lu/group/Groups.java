package org.gnt.coordinator.lu.group;

import java.util.List;

import org.gnt.bus.config.GroupConfig;
import org.gnt.bus.config.NodeConfig;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/** Group lookups the group logical units share. */
final class Groups {
    private Groups() {
    }

    /** A group by name or uuid; NOENT when the cluster has none such. */
    static GroupConfig lookup(ConfigStore cfg, String nameOrUuid) {
        return cfg.groupByName(nameOrUuid).or(() -> cfg.group(nameOrUuid)).orElseThrow(() ->
                new PluginException(ErrorKind.NOENT, "Node group '" + nameOrUuid + "' not found"));
    }

    static void requireNewName(ConfigStore cfg, String name) {
        cfg.groupByName(name).ifPresent(g -> {
            throw new PluginException(ErrorKind.EXISTS, "Desired group name '" + name
                    + "' already exists as a node group (UUID: " + g.uuid() + ")");
        });
    }

    static List<NodeConfig> members(ConfigStore cfg, GroupConfig g) {
        return cfg.nodes().stream().filter(n -> g.uuid().equals(n.group()))
                .sorted(java.util.Comparator.comparing(NodeConfig::name)).toList();
    }
}
