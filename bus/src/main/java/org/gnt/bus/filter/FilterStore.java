package org.gnt.bus.filter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.gnt.bus.Json;
import org.gnt.bus.ZkPaths;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filter rules in ZooKeeper, one znode per rule at {@code filters/<uuid>}, written directly by
 * the client that changes them (gateway, CLI), not through the job queue: as in Ganeti, a filter
 * that pauses the queue must not itself wait in it. Blocking; every method talks to ZooKeeper.
 *
 * <p>The watermark is the job id counter's value, and each write is one transaction that also
 * checks the counter's version, so the watermark is the highest id handed out at the moment the
 * rule becomes visible (Ganeti reads it under the config lock). A job id taken meanwhile makes the
 * write retry with the new value.
 *
 * <p>Errors: {@code PluginException} with {@code INVAL} for a malformed UUID, {@code NOENT} for a
 * rule that does not exist, {@code ENVIRON} when ZooKeeper cannot be reached.
 */
public final class FilterStore {
    private static final Logger LOG = LoggerFactory.getLogger(FilterStore.class);
    private static final Pattern UUID_FORM = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final int ATTEMPTS = 20;

    private final CuratorFramework curator;
    private final ZkPaths paths;

    public FilterStore(CuratorFramework curator, ZkPaths paths) {
        this.curator = curator;
        this.paths = paths;
    }

    /** Adds a rule under a fresh UUID; returns it as stored. */
    public FilterRule add(FilterSpec spec) {
        while (true) {
            String uuid = UUID.randomUUID().toString();
            Optional<FilterRule> r = write(uuid, spec, false);
            if (r.isPresent()) {
                return r.get();
            }
            // the random UUID was taken: draw another
        }
    }

    /**
     * Replaces the rule with this UUID, or creates it if there is none (Ganeti's {@code ReplaceFilter},
     * RAPI {@code PUT}); the rule gets a new watermark either way.
     */
    public FilterRule replace(String uuid, FilterSpec spec) {
        return write(checkUuid(uuid), spec, true).orElseThrow();
    }

    /** Deletes a rule; {@code NOENT} if there is none with this UUID. */
    public void delete(String uuid) {
        String id = normalise(uuid);
        try {
            curator.delete().forPath(paths.filter(id));
        } catch (KeeperException.NoNodeException e) {
            throw notFound(uuid);
        } catch (Exception e) {
            throw unreachable("delete filter rule " + uuid, e);
        }
    }

    /** The rule with this UUID, if there is one. */
    public Optional<FilterRule> find(String uuid) {
        String id = normalise(uuid);
        if (!UUID_FORM.matcher(id).matches()) {
            return Optional.empty();
        }
        byte[] data;
        try {
            data = curator.getData().forPath(paths.filter(id));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (Exception e) {
            throw unreachable("read filter rule " + uuid, e);
        }
        return Optional.of(Json.read(data, FilterRule.class));
    }

    /** The rule with this UUID; {@code NOENT} if there is none. */
    public FilterRule get(String uuid) {
        return find(uuid).orElseThrow(() -> notFound(uuid));
    }

    /** Every rule, in evaluation order ({@link FilterRule#ORDER}). */
    public List<FilterRule> list() {
        List<String> children;
        try {
            children = curator.getChildren().forPath(paths.filters());
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        } catch (Exception e) {
            throw unreachable("list filter rules", e);
        }
        List<FilterRule> out = new ArrayList<>();
        for (String c : children) {
            try {
                find(c).ifPresent(out::add); // gone meanwhile: deleted by someone else
            } catch (java.io.UncheckedIOException e) {
                LOG.warn("skipping unreadable filter rule {}: {}", c, e.getMessage());
            }
        }
        out.sort(FilterRule.ORDER);
        return out;
    }

    /** A UUID in the canonical form (lower-case hex, 8-4-4-4-12); {@code INVAL} otherwise. */
    public static String checkUuid(String uuid) {
        String id = normalise(uuid);
        if (!UUID_FORM.matcher(id).matches()) {
            throw new PluginException(ErrorKind.INVAL, "uuid: '" + uuid
                    + "' is not a UUID (expected the form 8b53f7de-f8e2-4470-99bd-1efe746e434f)");
        }
        return id;
    }

    private static String normalise(String uuid) {
        return uuid == null ? "" : uuid.strip().toLowerCase(Locale.ROOT);
    }

    /** Writes the rule; empty when it must not replace one and one exists. */
    private Optional<FilterRule> write(String uuid, FilterSpec spec, boolean mayReplace) {
        String path = paths.filter(uuid);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                ensureParent();
                Stat counter = new Stat();
                long watermark = readCounter(counter);
                FilterRule rule = FilterRule.of(uuid, watermark, spec);
                byte[] data = Json.bytes(rule);
                boolean exists = curator.checkExists().forPath(path) != null;
                if (exists && !mayReplace) {
                    return Optional.empty();
                }
                CuratorOp check = curator.transactionOp().check().withVersion(counter.getVersion())
                        .forPath(paths.jobIdCounter());
                CuratorOp put = exists ? curator.transactionOp().setData().forPath(path, data)
                        : curator.transactionOp().create().forPath(path, data);
                curator.transaction().forOperations(check, put);
                return Optional.of(rule);
            } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException
                     | KeeperException.NoNodeException e) {
                // a job id was taken, or the rule was created or deleted meanwhile: read again
            } catch (Exception e) {
                throw unreachable("write filter rule " + uuid, e);
            }
        }
        throw new PluginException(ErrorKind.TEMP_NORES, "cannot write filter rule " + uuid + ": it or the job id"
                + " counter kept changing during " + ATTEMPTS + " attempts; try again");
    }

    private void ensureParent() throws Exception {
        if (curator.checkExists().forPath(paths.filters()) == null) {
            try {
                curator.create().creatingParentsIfNeeded().forPath(paths.filters());
            } catch (KeeperException.NodeExistsException e) {
                // made by another client meanwhile
            }
        }
    }

    /** The last job id handed out (0 before the first job), creating the counter as the id allocator does. */
    private long readCounter(Stat stat) throws Exception {
        byte[] data;
        try {
            data = curator.getData().storingStatIn(stat).forPath(paths.jobIdCounter());
        } catch (KeeperException.NoNodeException e) {
            try {
                curator.create().creatingParentsIfNeeded().forPath(paths.jobIdCounter(),
                        "0".getBytes(StandardCharsets.US_ASCII));
            } catch (KeeperException.NodeExistsException raced) {
                // the first job id was taken meanwhile
            }
            data = curator.getData().storingStatIn(stat).forPath(paths.jobIdCounter());
        }
        return Long.parseLong(new String(data, StandardCharsets.US_ASCII).trim());
    }

    private static PluginException notFound(String uuid) {
        return new PluginException(ErrorKind.NOENT, "Filter rule with UUID " + uuid + " does not exist");
    }

    private static PluginException unreachable(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new PluginException(ErrorKind.ENVIRON, "cannot " + what + " in ZooKeeper: " + e, e);
    }
}
