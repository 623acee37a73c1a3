package org.gnt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.gnt.plugins.PluginException;
import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void humanReadable() {
        assertEquals("128M", Units.format(128, "h"));
        assertEquals("1023M", Units.format(1023, "h"));
        assertEquals("1.0G", Units.format(1024, "h"));
        assertEquals("1.5G", Units.format(1536, "h"));
        assertEquals("2.0T", Units.format(2 * 1024 * 1024, "h"));
    }

    @Test
    void fixedUnits() {
        assertEquals("1536", Units.format(1536, "m"));
        assertEquals("1.5", Units.format(1536, "g"));
        assertEquals("0.5", Units.format(512 * 1024, "t"));
        assertEquals("1074", Units.format(1024, "M"));
        assertEquals("1.1", Units.format(1024, "G"));
    }

    @Test
    void defaultsFollowTheSeparator() {
        assertEquals("h", Units.defaultFor(null));
        assertEquals("m", Units.defaultFor(":"));
    }

    @Test
    void unknownUnitsAreRefused() {
        assertThrows(PluginException.class, () -> Units.check("k"));
        assertThrows(PluginException.class, () -> Units.check("mm"));
        Units.check("T");
    }
}
