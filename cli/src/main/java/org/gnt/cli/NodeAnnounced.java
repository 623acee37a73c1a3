package org.gnt.cli;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.zookeeper.KeeperException;
import org.gnt.bus.Json;
import org.gnt.bus.view.ConfigView;
import org.gnt.bus.view.NameOrder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gnt-node list-announced} (a gnt extension): node services that announced themselves
 * (their liveness znode) but are not in the cluster, so the admin sees what {@code gnt-node add}
 * can accept. Ganeti has no such list: there the admin's SSH reaches out to a new node instead.
 */
@Command(name = "list-announced", description = "List running node services not added to the cluster yet")
final class NodeAnnounced extends GntCommand {
    @Option(names = "--no-headers", description = "Do not print the header line")
    boolean noHeaders;

    @Option(names = "--separator", paramLabel = "SEPARATOR", description = "Separate fields with this text")
    String separator;

    @Override
    protected int run() {
        try (Session s = session()) {
            ConfigView config = s.config();
            List<List<String>> rows = new ArrayList<>();
            for (String node : liveNodes(s)) {
                if (config.node(node).isPresent()) {
                    continue;
                }
                JsonNode data = liveData(s, node);
                String ip = data == null ? "" : data.path("primary_ip").asText("");
                String since = data == null || !data.path("since").canConvertToLong() ? ""
                        : Instant.ofEpochMilli(data.path("since").asLong()).toString();
                rows.add(List.of(node, ip, since));
            }
            rows.sort(Comparator.comparing(r -> r.get(0), NameOrder.INSTANCE));
            List<Table.Column> columns = List.of(new Table.Column("Node", false),
                    new Table.Column("PrimaryIP", false), new Table.Column("Since", false));
            Table.render(columns, rows, !noHeaders, separator).forEach(out()::println);
        }
        return ExitCodes.SUCCESS;
    }

    private static List<String> liveNodes(Session s) {
        try {
            return s.curator().getChildren().forPath(s.bus().paths().live());
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        } catch (Exception e) {
            throw new CliException("Cannot read node liveness from ZooKeeper " + s.bus().zkConnect() + ": " + e);
        }
    }

    /** The liveness znode's content; null when it went away meanwhile or is not JSON. */
    private static JsonNode liveData(Session s, String node) {
        try {
            byte[] b = s.curator().getData().forPath(s.bus().paths().live(node));
            return Json.MAPPER.readTree(new String(b, StandardCharsets.UTF_8));
        } catch (Exception e) {
            return null;
        }
    }
}
