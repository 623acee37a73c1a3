package org.gnt.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.gnt.bus.BusConfig;
import org.junit.jupiter.api.Test;

class CoordinatorMainTest {
    private static BusConfig with(Map<String, String> settings) {
        return new BusConfig("127.0.0.1:9092", "127.0.0.1:2181", "c", settings);
    }

    @Test
    void maxRunningJobsComesFromGntConfOrTheDefault() {
        assertEquals(CoordinatorMain.DEFAULT_MAX_RUNNING, CoordinatorMain.maxRunningOf(with(Map.of())));
        assertEquals(20, CoordinatorMain.maxRunningOf(with(Map.of("jobs.max.running", "20"))));
        for (String bad : new String[]{"0", "-3", "many"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CoordinatorMain.maxRunningOf(with(Map.of("jobs.max.running", bad))));
            assertTrue(e.getMessage().contains("jobs.max.running") && e.getMessage().contains(bad), e.getMessage());
        }
    }
}
