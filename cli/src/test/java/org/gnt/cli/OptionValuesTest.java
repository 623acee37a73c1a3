package org.gnt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.junit.jupiter.api.Test;

class OptionValuesTest {
    @Test
    void keyValuesKeepOrderAndBareForms() {
        Map<String, Object> kv = OptionValues.keyValues("memory=128,vcpus=2,acpi,no_usb", "-B");
        assertEquals(List.of("memory", "vcpus", "acpi", "usb"), List.copyOf(kv.keySet()));
        assertEquals("128", kv.get("memory"));
        assertEquals(Boolean.TRUE, kv.get("acpi"));
        assertEquals(Boolean.FALSE, kv.get("usb"));
    }

    @Test
    void escapedCommaStaysInTheValue() {
        assertEquals(Map.of("kernel_args", "ro,quiet"), OptionValues.keyValues("kernel_args=ro\\,quiet", "-H"));
    }

    @Test
    void duplicateAndNamelessParametersAreRefused() {
        PluginException dup = assertThrows(PluginException.class, () -> OptionValues.keyValues("a=1,a=2", "-B"));
        assertEquals(ErrorKind.INVAL, dup.kind());
        assertTrue(dup.getMessage().contains("'a' given twice"), dup.getMessage());
        assertThrows(PluginException.class, () -> OptionValues.keyValues("=1", "-B"));
        assertThrows(PluginException.class, () -> OptionValues.keyValues("-vcpus", "-B"));
    }

    @Test
    void backendParametersAreTyped() {
        Map<String, Object> be = OptionValues.backendParams(
                OptionValues.keyValues("memory=1G,minmem=512,vcpus=2,auto_balance=no,always_failover", "-B"), "-B");
        assertEquals(null, be.get("memory"));
        assertEquals(1024L, be.get("maxmem"));
        assertEquals(512L, be.get("minmem"), "an explicit minmem wins over memory");
        assertEquals(2, be.get("vcpus"));
        assertEquals(false, be.get("auto_balance"));
        assertEquals(true, be.get("always_failover"));
    }

    @Test
    void backendParameterErrorsNameTheParameter() {
        PluginException unknown = assertThrows(PluginException.class,
                () -> OptionValues.backendParams(Map.of("memroy", "128"), "-B"));
        assertTrue(unknown.getMessage().contains("Unknown backend parameter 'memroy'"), unknown.getMessage());
        PluginException notInt = assertThrows(PluginException.class,
                () -> OptionValues.backendParams(Map.of("vcpus", "two"), "-B"));
        assertTrue(notInt.getMessage().contains("-B vcpus"), notInt.getMessage());
        assertThrows(PluginException.class, () -> OptionValues.backendParams(Map.of("maxmem", "lots"), "-B"));
        assertThrows(PluginException.class, () -> OptionValues.backendParams(Map.of("auto_balance", "maybe"), "-B"));
    }

    @Test
    void sizesTakeUnits() {
        assertEquals(512, OptionValues.sizeMib("512", "-s"));
        assertEquals(512, OptionValues.sizeMib("512m", "-s"));
        assertEquals(1024, OptionValues.sizeMib("1G", "-s"));
        assertEquals(1536, OptionValues.sizeMib("1.5g", "-s"));
        assertEquals(2L * 1024 * 1024, OptionValues.sizeMib("2t", "-s"));
        PluginException e = assertThrows(PluginException.class, () -> OptionValues.sizeMib("big", "-s"));
        assertTrue(e.getMessage().contains("'big'"), e.getMessage());
        assertThrows(PluginException.class, () -> OptionValues.sizeMib("-5", "-s"));
    }

    @Test
    void diskSpecs() {
        List<Map<String, Object>> disks = OptionValues.disks(List.of("1:size=512,mode=ro,name=data", "0:size=1G"));
        assertEquals(2, disks.size());
        assertEquals(Map.of("size", 1024L), disks.get(0));
        assertEquals(Map.of("size", 512L, "mode", "ro", "name", "data"), disks.get(1));
        assertEquals(4, OptionValues.disks(List.of("0:size=1G,spindles=4")).get(0).get("spindles"));
    }

    @Test
    void badDiskSpecsAreRefused() {
        assertMessage("disk 1 is missing", () -> OptionValues.disks(List.of("0:size=1G", "2:size=1G")));
        assertMessage("disk 0 is given twice", () -> OptionValues.disks(List.of("0:size=1G", "0:size=2G")));
        assertMessage("needs a size", () -> OptionValues.disks(List.of("0:mode=rw")));
        assertMessage("mode must be rw or ro", () -> OptionValues.disks(List.of("0:size=1G,mode=rx")));
        assertMessage("Invalid size", () -> OptionValues.disks(List.of("0:size=huge")));
        assertMessage("disk index", () -> OptionValues.disks(List.of("size=1G")));
    }

    @Test
    void identWithAndWithoutParameters() {
        OptionValues.Ident kvm = OptionValues.ident("kvm:kernel_path=/vmlinuz,acpi", "-H");
        assertEquals("kvm", kvm.name());
        assertEquals(Map.of("kernel_path", "/vmlinuz", "acpi", true), kvm.params());
        assertEquals(new OptionValues.Ident("fake", Map.of()), OptionValues.ident("fake", "-H"));
        assertThrows(PluginException.class, () -> OptionValues.ident(":a=1", "-H"));
    }

    @Test
    void commaLists() {
        assertEquals(List.of("file", "diskless"), OptionValues.list("file, diskless,"));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        PluginException ex = assertThrows(PluginException.class, e);
        assertTrue(ex.getMessage().contains(part), ex.getMessage());
    }
    @Test
    void timeSpecificationsAreGanetis() {
        assertEquals(java.time.Duration.ofSeconds(90), OptionValues.timespec("90"));
        assertEquals(java.time.Duration.ofSeconds(90), OptionValues.timespec("90s"));
        assertEquals(java.time.Duration.ofMinutes(5), OptionValues.timespec("5m"));
        assertEquals(java.time.Duration.ofHours(2), OptionValues.timespec("2h"));
        assertEquals(java.time.Duration.ofDays(1), OptionValues.timespec("1d"));
        assertEquals(java.time.Duration.ofDays(28), OptionValues.timespec("4w"));
        assertEquals(java.time.Duration.ZERO, OptionValues.timespec("0"));
        for (String bad : List.of("", "d", "1.5h", "-5", "1y", "abc")) {
            PluginException e = assertThrows(PluginException.class, () -> OptionValues.timespec(bad));
            assertEquals(ErrorKind.INVAL, e.kind());
            assertTrue(e.getMessage().contains("time specification"), e.getMessage());
        }
    }
}
