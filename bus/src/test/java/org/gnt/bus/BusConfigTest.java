package org.gnt.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BusConfigTest {
    @Test
    void furtherPropertiesAreKeptAsSettingsAndStoredAgain(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("gnt.conf");
        Files.writeString(f, """
                bootstrap.servers=k1:9092
                zookeeper.connect=z1:2181
                cluster=c1
                jobs.archive.age.seconds = 3600
                blank=
                """);
        BusConfig c = BusConfig.load(f);
        assertEquals("k1:9092", c.bootstrapServers());
        assertEquals(Optional.of("3600"), c.setting("jobs.archive.age.seconds"));
        assertEquals(Optional.empty(), c.setting("blank"));
        assertEquals(Optional.empty(), c.setting("bootstrap.servers"), "the three bus properties are not settings");
        Path again = dir.resolve("again.conf");
        c.withSetting("x.y", "1").store(again);
        BusConfig back = BusConfig.load(again);
        assertEquals(Optional.of("1"), back.setting("x.y"));
        assertEquals(Optional.of("3600"), back.setting("jobs.archive.age.seconds"));
        assertTrue(new BusConfig("a", "b", "c").settings().isEmpty());
    }
}
