package org.gnt.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates a cluster's topics with their retention policies (compacted state, time-limited streams). */
public final class TopicAdmin {
    private TopicAdmin() {
    }

    public static void ensureClusterTopics(BusConfig cfg) {
        Topics t = cfg.topics();
        List<NewTopic> topics = new ArrayList<>();
        topics.add(timed(t.jobsSubmit(), 7));
        topics.add(compacted(t.jobsState()));
        topics.add(compacted(t.jobsArchive()));
        topics.add(timed(t.nodeReplies(), 1));
        topics.add(compacted(t.nodesState()));
        topics.add(timed(t.events(), 7));
        topics.add(compacted(t.bundles()));
        create(cfg, topics);
    }

    public static void ensureNodeTopic(BusConfig cfg, String node) {
        create(cfg, List.of(timed(cfg.topics().nodeRpc(node), 1)));
    }

    private static NewTopic compacted(String name) {
        return new NewTopic(name, 1, (short) 1).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT, TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "60000"));
    }

    private static NewTopic timed(String name, int days) {
        return new NewTopic(name, 1, (short) 1).configs(Map.of(TopicConfig.RETENTION_MS_CONFIG,
                String.valueOf(days * 86_400_000L)));
    }

    private static void create(BusConfig cfg, List<NewTopic> topics) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.stream().filter(n -> !existing.contains(n.name())).toList();
            for (var e : admin.createTopics(missing).values().entrySet()) {
                try {
                    e.getValue().get();
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + e.getKey(), ex.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics", e.getCause());
        }
    }
}
