package org.gnt.bus.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.Json;
import org.gnt.bus.opcode.OpCodes;
import org.gnt.bus.opcode.OpGroupAdd;
import org.gnt.bus.opcode.OpTagsSet;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.junit.jupiter.api.Test;

class GroupParamsTest {
    private static PluginException refused(Runnable r) {
        PluginException e = assertThrows(PluginException.class, r::run);
        assertEquals(ErrorKind.INVAL, e.kind(), e.getMessage());
        return e;
    }

    @Test
    void ndparamsAreTypedAndDefaultDropsAKey() {
        Map<String, Object> nd = GroupParams.updatedNd(Map.of(), Map.of("spindle_count", "3", "ovs", "yes"));
        assertEquals(Map.of("spindle_count", 3, "ovs", true), nd);
        assertEquals(Map.of("ovs", true), GroupParams.updatedNd(nd, Map.of("spindle_count", "default")));
        assertTrue(refused(() -> GroupParams.updatedNd(Map.of(), Map.of("colour", "red"))).getMessage()
                .startsWith("Invalid 'ndparams': unknown node parameter 'colour'"));
        assertEquals("Invalid 'ndparams/ssh_port': must be an integer, got 'x'",
                refused(() -> GroupParams.updatedNd(Map.of(), Map.of("ssh_port", "x"))).getMessage());
    }

    @Test
    void ipolicyKeysAreGanetis() {
        Map<String, Object> ip = GroupParams.updatedIpolicy(Map.of(), Map.of("vcpu-ratio", "2",
                "disk-templates", List.of("plain", "drbd"),
                "minmax", List.of(Map.of("min", Map.of("cpu-count", 1, "disk-count", 1, "disk-size", 512,
                        "memory-size", 64, "nic-count", 1, "spindle-use", 1), "max", Map.of("cpu-count", 4,
                        "disk-count", 4, "disk-size", 4096, "memory-size", 4096, "nic-count", 4, "spindle-use", 4)))));
        assertEquals(2.0, ip.get("vcpu-ratio"));
        assertEquals(List.of("plain", "drbd"), ip.get("disk-templates"));
        assertTrue(refused(() -> GroupParams.updatedIpolicy(Map.of(), Map.of("colour", 1))).getMessage()
                .startsWith("Invalid 'ipolicy': invalid key 'colour'"));
        assertTrue(refused(() -> GroupParams.updatedIpolicy(Map.of(), Map.of("std", Map.of()))).getMessage()
                .contains("cluster-wide"));
        assertTrue(refused(() -> GroupParams.updatedIpolicy(Map.of(), Map.of("spindle-ratio", -1))).getMessage()
                .contains("must be positive"));
        assertTrue(refused(() -> GroupParams.updatedIpolicy(Map.of(), Map.of("minmax", List.of(Map.of(
                "min", Map.of("cpu-count", 1), "max", Map.of("cpu-count", 2)))))).getMessage()
                .contains("missing instance specs disk-count"));
        assertTrue(refused(() -> GroupParams.updatedIpolicy(Map.of(), Map.of("disk-templates", "plain,floppy")))
                .getMessage().contains("unknown disk template 'floppy'"));
    }

    @Test
    void diskparamsPerTemplate() {
        assertEquals(Map.of("drbd", Map.of("resync-rate", 1000)),
                GroupParams.updatedDisk(Map.of(), Map.of("drbd", Map.of("resync-rate", "1000"))));
        assertTrue(refused(() -> GroupParams.updatedDisk(Map.of(), Map.of("floppy", Map.of()))).getMessage()
                .contains("unknown disk template 'floppy'"));
        assertTrue(refused(() -> GroupParams.updatedDisk(Map.of(), Map.of("file", Map.of("stripes", 1)))).getMessage()
                .contains("unknown parameter 'stripes' for disk template file (it has none)"));
    }

    @Test
    void effectiveValuesFillTheDefaults() {
        GroupConfig g = new GroupConfig(1, "u", "g", null, Instant.EPOCH, Instant.EPOCH, Map.of("ssh_port", 2222),
                Map.of("plain", Map.of("stripes", 2)), Map.of("vcpu-ratio", 8.0), null, 1);
        assertEquals(2222, GroupParams.effectiveNd(g).get("ssh_port"));
        assertEquals(1, GroupParams.effectiveNd(g).get("spindle_count"));
        assertEquals(Map.of("stripes", 2), GroupParams.effectiveDisk(g).get("plain"));
        assertEquals(8.0, GroupParams.effectiveIpolicy(g).get("vcpu-ratio"));
        assertEquals(32.0, GroupParams.effectiveIpolicy(g).get("spindle-ratio"));
        assertEquals("preferred", g.allocPolicy());
    }

    @Test
    void tagRules() {
        Tags.validate("a.b+c*d/e:f@g-h_i");
        assertEquals("Tags cannot be empty", refused(() -> Tags.validate("")).getMessage());
        assertTrue(refused(() -> Tags.validate("x".repeat(129))).getMessage().contains("too long"));
        Tags.validate("x".repeat(128));
        assertTrue(refused(() -> Tags.validate("a,b")).getMessage().contains("invalid characters"));
        assertEquals(List.of("a", "b"), Tags.added(List.of("a"), List.of("b", "a")));
        List<String> full = java.util.stream.IntStream.range(0, Tags.MAX_PER_OBJECT).mapToObj(i -> "t" + i).toList();
        assertTrue(refused(() -> Tags.added(full, List.of("one-more"))).getMessage().startsWith("Too many tags"));
        PluginException e = assertThrows(PluginException.class, () -> Tags.removed(List.of("a"), List.of("a", "z")));
        assertEquals(ErrorKind.NOENT, e.kind());
        assertEquals("Tag(s) z not found", e.getMessage());
    }

    @Test
    void opcodesParseStrictly() {
        ObjectNode add = Json.MAPPER.createObjectNode().put("OP_ID", "OP_GROUP_ADD").put("group_name", "g1");
        add.putNull("alloc_policy"); // Ganeti's client sends an unset policy as null
        assertEquals(OpGroupAdd.of("g1"), OpCodes.parse(add));
        add.put("alloc_policy", "never");
        assertTrue(refused(() -> OpCodes.parse(add)).getMessage().contains("alloc_policy"));
        ObjectNode tags = Json.MAPPER.createObjectNode().put("OP_ID", "OP_TAGS_SET").put("kind", "node");
        tags.putArray("tags").add("x");
        assertTrue(refused(() -> OpCodes.parse(tags)).getMessage().contains("'name' of OP_TAGS_SET is required"));
        tags.put("kind", "volume");
        assertTrue(refused(() -> OpCodes.parse(tags)).getMessage().contains("'kind'"));
        tags.put("kind", "cluster");
        assertEquals(new OpTagsSet("cluster", List.of("x"), null), OpCodes.parse(tags));
    }
}
