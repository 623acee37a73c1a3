package org.gnt.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.gnt.bus.bundle.BundleRecord;

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
        topics.add(bundles(t.bundles()));
        create(cfg, topics);
        allowLargeBundles(cfg, t.bundles());
    }

    public static void ensureNodeTopic(BusConfig cfg, String node) {
        create(cfg, List.of(timed(cfg.topics().nodeRpc(node), 1)));
    }

    private static NewTopic compacted(String name) {
        return new NewTopic(name, 1, (short) 1).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT, TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "60000"));
    }

    /** Compacted, and allowing a whole bundle jar (base64 in JSON) in one message. */
    private static NewTopic bundles(String name) {
        return new NewTopic(name, 1, (short) 1).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT, TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "60000",
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(BundleRecord.MAX_MESSAGE_BYTES)));
    }

    /**
     * A bundles topic made by an older version (before bundles were published) has the broker's
     * 1 MB message limit: raise it. Idempotent, so every process may do it at start.
     */
    private static void allowLargeBundles(BusConfig cfg, String topic) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            String now = admin.describeConfigs(List.of(r)).all().get().get(r)
                    .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value();
            if (!Integer.toString(BundleRecord.MAX_MESSAGE_BYTES).equals(now)) {
                admin.incrementalAlterConfigs(Map.of(r, List.of(new AlterConfigOp(new ConfigEntry(
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(BundleRecord.MAX_MESSAGE_BYTES)),
                        AlterConfigOp.OpType.SET)))).all().get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted configuring " + topic, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot configure topic " + topic, e.getCause());
        }
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
