package org.gnt.coordinator.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.gnt.bus.BusConfig;
import org.junit.jupiter.api.Test;

class JobArchiverTest {
    static final BusConfig BUS = new BusConfig("k:9092", "z:2181", "c");

    @Test
    void theAgeComesFromGntConfWithGanetisDefault() {
        assertEquals(Duration.ofHours(6), JobArchiver.ageOf(BUS));
        assertEquals(Duration.ofSeconds(90), JobArchiver.ageOf(BUS.withSetting(JobArchiver.AGE_SETTING, " 90 ")));
        assertEquals(Duration.ZERO, JobArchiver.ageOf(BUS.withSetting(JobArchiver.AGE_SETTING, "0")));
    }

    @Test
    void aBadAgeIsRefusedNamingTheProperty() {
        for (String bad : new String[]{"-1", "6h", "1.5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> JobArchiver.ageOf(BUS.withSetting(JobArchiver.AGE_SETTING, bad)));
            assertTrue(e.getMessage().contains("jobs.archive.age.seconds") && e.getMessage().contains("'" + bad + "'"),
                    e.getMessage());
        }
    }

    @Test
    void aDisabledArchiverStartsNothingAndArchivesNothing() {
        try (JobArchiver a = new JobArchiver(BUS.withSetting(JobArchiver.AGE_SETTING, "0"), null).start()) {
            assertEquals(0, a.runOnce(), "no Kafka client was even made");
            assertThrows(IllegalStateException.class, a::start);
        }
    }
}
