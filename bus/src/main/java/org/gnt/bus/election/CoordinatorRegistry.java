package org.gnt.bus.election;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.gnt.bus.Json;
import org.gnt.bus.ZkPaths;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/** Reads the coordinators' registrations ({@code ZkPaths.coordinators()}), sorted by id. */
public final class CoordinatorRegistry {
    private CoordinatorRegistry() {
    }

    public static List<CoordinatorRecord> list(CuratorFramework curator, ZkPaths paths) {
        try {
            List<CoordinatorRecord> out = new ArrayList<>();
            for (String child : curator.getChildren().forPath(paths.coordinators())) {
                try {
                    out.add(Json.read(curator.getData().forPath(paths.coordinator(child)), CoordinatorRecord.class));
                } catch (KeeperException.NoNodeException e) {
                    // stopped while we looked
                }
            }
            out.sort(Comparator.comparing(CoordinatorRecord::id));
            return out;
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        } catch (Exception e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot read the coordinators from ZooKeeper: " + e, e);
        }
    }
}
