package org.gnt.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ParamSpecTest {
    static final List<ParamSpec> SPECS = List.of(
            new ParamSpec("kernel_path", ParamType.STRING, "/boot/vmlinuz", ""),
            new ParamSpec("acpi", ParamType.BOOL, true, ""),
            new ParamSpec("cpu_cores", ParamType.INT, 0L, ""));

    @Test
    void unknownParameterIsNamed() {
        PluginException e = assertThrows(PluginException.class, () -> ParamSpec.check(SPECS, Map.of("no_such", 1)));
        assertEquals(ErrorKind.INVAL, e.kind());
        assertTrue(e.getMessage().contains("'no_such'"), e.getMessage());
    }

    @Test
    void wrongTypeIsNamed() {
        PluginException e = assertThrows(PluginException.class, () -> ParamSpec.check(SPECS, Map.of("cpu_cores", "many")));
        assertTrue(e.getMessage().contains("cpu_cores") && e.getMessage().contains("integer"), e.getMessage());
    }

    @Test
    void valuesAreNormalisedAndDefaultsFilled() {
        Map<String, Object> filled = ParamSpec.fill(SPECS, Map.of("acpi", "no", "cpu_cores", "2"));
        assertEquals(Map.of("kernel_path", "/boot/vmlinuz", "acpi", false, "cpu_cores", 2L), filled);
    }

    @Test
    void sizesTakeGanetiUnits() {
        assertEquals(1024L, ParamType.parseSizeMib("1G"));
        assertEquals(512L, ParamType.parseSizeMib("512"));
        assertEquals(1536L, ParamType.parseSizeMib("1.5g"));
        assertEquals(null, ParamType.parseSizeMib("lots"));
    }
}
