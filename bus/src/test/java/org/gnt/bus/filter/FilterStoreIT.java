package org.gnt.bus.filter;

import static org.gnt.bus.filter.QueryFilterTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.gnt.bus.ZkPaths;
import org.gnt.bus.job.JobIdAllocator;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.testkit.EmbeddedZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link FilterStore} and {@link FilterView} against a real in-process ZooKeeper. */
class FilterStoreIT {
    static EmbeddedZooKeeper zk;
    static CuratorFramework curator;

    @BeforeAll
    static void start() throws Exception {
        zk = new EmbeddedZooKeeper().start();
        curator = CuratorFrameworkFactory.newClient(zk.connectString(), new ExponentialBackoffRetry(100, 5));
        curator.start();
        assertTrue(curator.blockUntilConnected(30, TimeUnit.SECONDS));
    }

    @AfterAll
    static void stop() {
        if (curator != null) {
            curator.close();
        }
        if (zk != null) {
            zk.close();
        }
    }

    static FilterSpec spec(String body) {
        return FilterSpec.fromJson(json(body));
    }

    @Test
    void addGetListReplaceDelete() {
        ZkPaths paths = new ZkPaths("crud");
        FilterStore store = new FilterStore(curator, paths);
        assertEquals(List.of(), store.list(), "no rules before the first");

        FilterRule a = store.add(spec("{\"priority\": 5, \"action\": \"PAUSE\"}"));
        assertTrue(a.uuid().matches("[0-9a-f-]{36}"), a.uuid());
        assertEquals(0, a.watermark(), "no job id handed out yet");
        FilterRule b = store.add(spec("{\"priority\": 1, \"action\": [\"RATE_LIMIT\", 2],"
                + " \"predicates\": [[\"opcode\", [\"=\", \"OP_ID\", \"OP_TEST_DELAY\"]]]}"));
        assertNotEquals(a.uuid(), b.uuid());
        assertEquals(a, store.get(a.uuid()));
        assertEquals(a, store.get(a.uuid().toUpperCase()), "UUIDs are not case-sensitive");
        assertEquals(List.of(b, a), store.list(), "in evaluation order");

        FilterRule a2 = store.replace(a.uuid(), spec("{\"priority\": 0, \"action\": \"REJECT\"}"));
        assertEquals(a.uuid(), a2.uuid());
        assertEquals(FilterAction.REJECT, store.get(a.uuid()).action());
        assertEquals(List.of(a2, b), store.list());

        store.delete(a.uuid());
        assertTrue(store.find(a.uuid()).isEmpty());
        assertEquals(List.of(b), store.list());
    }

    @Test
    void replaceCreatesAMissingRuleUnderTheGivenUuid() {
        FilterStore store = new FilterStore(curator, new ZkPaths("upsert"));
        String uuid = "0f3e6b8c-1d2a-4b5c-8d9e-0a1b2c3d4e5f";
        FilterRule r = store.replace(uuid, spec("{\"action\": \"ACCEPT\"}"));
        assertEquals(uuid, r.uuid());
        assertEquals(r, store.get(uuid));
    }

    @Test
    void errorsSayWhatIsWrong() {
        FilterStore store = new FilterStore(curator, new ZkPaths("errors"));
        String missing = "0f3e6b8c-1d2a-4b5c-8d9e-0a1b2c3d4e5f";
        PluginException e = assertThrows(PluginException.class, () -> store.get(missing));
        assertEquals(ErrorKind.NOENT, e.kind());
        assertEquals("Filter rule with UUID " + missing + " does not exist", e.getMessage());
        e = assertThrows(PluginException.class, () -> store.delete(missing));
        assertEquals(ErrorKind.NOENT, e.kind());
        e = assertThrows(PluginException.class, () -> store.get("not-a-uuid"));
        assertEquals(ErrorKind.NOENT, e.kind());
        e = assertThrows(PluginException.class, () -> store.replace("not-a-uuid", spec("{}")));
        assertEquals(ErrorKind.INVAL, e.kind());
        assertTrue(e.getMessage().startsWith("uuid: 'not-a-uuid' is not a UUID"), e.getMessage());
    }

    @Test
    void theWatermarkIsTheLastJobIdHandedOut() {
        ZkPaths paths = new ZkPaths("mark");
        FilterStore store = new FilterStore(curator, paths);
        try (JobIdAllocator ids = new JobIdAllocator(curator, paths.jobIdCounter())) {
            ids.next();
            ids.next();
            long last = ids.next();
            FilterRule r = store.add(spec("{}"));
            assertEquals(last, r.watermark());
            long later = ids.next();
            assertEquals(last + 1, later, "the store did not take an id");
            FilterRule replaced = store.replace(r.uuid(), spec("{}"));
            assertEquals(later, replaced.watermark(), "replacing updates the watermark");
        }
    }

    @Test
    void theViewMirrorsTheRulesInOrderAndSignalsChanges() throws Exception {
        ZkPaths paths = new ZkPaths("view");
        FilterStore store = new FilterStore(curator, paths);
        FilterRule first = store.add(spec("{\"priority\": 2}"));
        try (FilterView view = new FilterView(curator, paths).start()) {
            assertTrue(view.awaitInitialized(Duration.ofSeconds(30)));
            assertEquals(List.of(first), view.rules());

            CompletableFuture<List<FilterRule>> change = view.nextChange();
            assertFalse(change.isDone());
            FilterRule second = store.add(spec("{\"priority\": 1, \"action\": \"REJECT\"}"));
            assertEquals(List.of(second, first), change.get(30, TimeUnit.SECONDS));
            assertEquals(List.of(second, first), view.rules());

            change = view.nextChange();
            FilterRule replaced = store.replace(first.uuid(), spec("{\"priority\": 0}"));
            assertEquals(List.of(replaced, second), change.get(30, TimeUnit.SECONDS));

            change = view.nextChange();
            store.delete(second.uuid());
            assertEquals(List.of(replaced), change.get(30, TimeUnit.SECONDS));
        }
    }
}
