package org.gnt.bus.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.gnt.bus.Json;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.junit.jupiter.api.Test;

class ClusterParamsTest {
    private static String refused(Runnable r) {
        PluginException e = assertThrows(PluginException.class, r::run);
        assertEquals(ErrorKind.INVAL, e.kind(), e.getMessage());
        return e.getMessage();
    }

    /** A cluster znode as written before these fields existed. */
    private static final String OLD_ZNODE = "{\"v\":1,\"name\":\"c.example.com\",\"uuid\":\"u1\","
            + "\"enabledHypervisors\":[\"kvm\"],\"enabledDiskTemplates\":[\"plain\",\"drbd\"],\"hvparams\":{},"
            + "\"beparams\":{\"vcpus\":1},\"fileStorageDir\":\"/srv\",\"defaultIallocator\":\"hail\","
            + "\"candidatePoolSize\":10,\"tags\":[]}";

    @Test
    void anOldZnodeReadsWithGanetisDefaults() {
        ClusterConfig c = Json.read(OLD_ZNODE.getBytes(java.nio.charset.StandardCharsets.UTF_8), ClusterConfig.class);
        assertEquals(List.of("drbd", "plain"), c.ipolicy().get("disk-templates"), "only the enabled templates");
        assertEquals(GroupParams.IPOLICY_DEFAULTS.get("std"), c.ipolicy().get("std"));
        assertEquals(ClusterParams.NIC_DEFAULTS, c.nicparams());
        assertEquals(GroupParams.DISK_DEFAULTS.keySet(), c.diskparams().keySet());
        assertEquals(Map.of(), c.osparams());
        assertFalse(c.maintainNodeHealth());
        ClusterConfig again = Json.read(Json.bytes(c), ClusterConfig.class);
        assertEquals(c, again, "what is written reads back the same");
    }

    @Test
    void ipolicyStdMergesAndMustLieWithinTheBounds() {
        Map<String, Object> ip = ClusterParams.updatedIpolicy(GroupParams.IPOLICY_DEFAULTS,
                Map.of("std", Map.of("memory-size", "512")));
        assertEquals(512, ((Map<?, ?>) ip.get("std")).get("memory-size"));
        assertEquals(1, ((Map<?, ?>) ip.get("std")).get("cpu-count"));
        assertTrue(refused(() -> ClusterParams.updatedIpolicy(GroupParams.IPOLICY_DEFAULTS,
                Map.of("std", Map.of("memory-size", 100000)))).contains("memory-size 100000 is outside [128, 32768]"));
        assertTrue(refused(() -> ClusterParams.updatedIpolicy(GroupParams.IPOLICY_DEFAULTS,
                Map.of("std", Map.of("cpu-count", -1)))).contains("must not be negative"));
        assertTrue(refused(() -> ClusterParams.updatedIpolicy(GroupParams.IPOLICY_DEFAULTS,
                Map.of("bogus", 1))).contains("'bogus'"));
        assertTrue(refused(() -> ClusterParams.updatedIpolicy(GroupParams.IPOLICY_DEFAULTS,
                Map.of("minmax", "default"))).contains("can't unset"));
    }

    @Test
    void nicModeAndLinkAreChecked() {
        assertEquals("routed", ClusterParams.updatedNic(ClusterParams.NIC_DEFAULTS,
                Map.of("mode", "routed", "link", "")).get("mode"));
        assertTrue(refused(() -> ClusterParams.updatedNic(ClusterParams.NIC_DEFAULTS, Map.of("link", "")))
                .contains("needs a link"));
        assertTrue(refused(() -> ClusterParams.updatedNic(ClusterParams.NIC_DEFAULTS, Map.of("mtu", "9000")))
                .contains("'mtu'"));
    }

    @Test
    void diskparamsStayCompleteAndOsparamsDropEmptyOses() {
        Map<String, Map<String, Object>> d = ClusterParams.updatedDisk(ClusterParams.completeDisk(null),
                Map.of("plain", Map.of("stripes", "default")));
        assertEquals(1, d.get("plain").get("stripes"), "default restores Ganeti's value");
        Map<String, Map<String, Object>> os = ClusterParams.updatedOs(Map.of(), Map.of("img", Map.of("url", "x")));
        assertEquals(Map.of("img", Map.of("url", "x")), os);
        assertEquals(Map.of(), ClusterParams.updatedOs(os, Map.of("img", Map.of("url", "default"))));
        assertTrue(refused(() -> ClusterParams.updatedOs(Map.of(), Map.of("img", Map.of("url", List.of()))))
                .contains("osparams/img/url"));
    }
}
