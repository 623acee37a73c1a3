package org.gnt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.Json;
import org.gnt.bus.opcode.OpCodes;
import org.gnt.bus.opcode.OpInstanceCreate;
import org.gnt.plugins.PluginException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class InstanceAddTest {
    private static InstanceAdd parse(String... args) {
        InstanceAdd add = new InstanceAdd();
        new CommandLine(add).parseArgs(args);
        return add;
    }

    @Test
    void buildsAnOpcodeTheBusAccepts() {
        ObjectNode op = parse("-t", "file", "-o", "debootstrap+default", "-n", "node1", "--disk", "0:size=1G",
                "--disk", "1:size=512,mode=ro", "-B", "memory=256,vcpus=2", "-H", "kvm:acpi,kernel_path=/vmlinuz",
                "--no-start", "--no-name-check", "--no-ip-check", "--tags", "a,b", "web1").opcode();
        assertEquals("OP_INSTANCE_CREATE", op.get("OP_ID").asText());
        assertEquals("web1", op.get("instance_name").asText());
        assertEquals("node1", op.get("pnode").asText());
        assertEquals("[{\"size\":1024},{\"size\":512,\"mode\":\"ro\"}]", op.get("disks").toString());
        assertEquals("{\"vcpus\":2,\"minmem\":256,\"maxmem\":256}", op.get("beparams").toString());
        assertEquals("kvm", op.get("hypervisor").asText());
        assertEquals(Json.tree(Map.of("acpi", true, "kernel_path", "/vmlinuz")), op.get("hvparams"));
        assertEquals(false, op.get("start").asBoolean());
        assertEquals(false, op.get("name_check").asBoolean());
        assertEquals(false, op.get("ip_check").asBoolean());
        assertEquals(Json.tree(List.of("a", "b")), op.get("tags"));
        OpInstanceCreate parsed = assertInstanceOf(OpInstanceCreate.class, OpCodes.parse(op));
        assertEquals(1024L, OpCodes.sizeMib(parsed.disks().get(0).get("size")));
        assertEquals(false, parsed.startAfterCreate());
    }

    @Test
    void secondaryNodeAndSingleDisk() {
        ObjectNode op = parse("-t", "drbd", "-o", "noop", "-n", "node1:node2", "-s", "10g", "db1").opcode();
        assertEquals("node1", op.get("pnode").asText());
        assertEquals("node2", op.get("snode").asText());
        assertEquals("[{\"size\":10240}]", op.get("disks").toString());
        OpCodes.parse(op);
    }

    @Test
    void diskErrors() {
        assertMessage("No disk information specified", parse("-t", "file", "-o", "noop", "x"));
        assertMessage("not both", parse("-t", "file", "-o", "noop", "-s", "1G", "--disk", "0:size=1G", "x"));
        assertMessage("Diskless instance", parse("-t", "diskless", "-o", "noop", "-s", "1G", "x"));
    }

    @Test
    void nameCheckNeedsIpCheckOff() {
        assertMessage("Cannot do IP address check without a name check",
                parse("-t", "diskless", "-o", "noop", "--no-name-check", "x"));
    }

    @Test
    void nics() {
        ObjectNode op = parse("-t", "diskless", "-o", "noop", "--net", "0:mode=bridged,link=br0", "--net", "1", "x")
                .opcode();
        assertEquals(Json.tree(List.of(Map.of("mode", "bridged", "link", "br0"), Map.of())), op.get("nics"));
        assertMessage("--no-nics", parse("-t", "diskless", "-o", "noop", "--no-nics", "--net", "0", "x"));
    }

    private static void assertMessage(String part, InstanceAdd add) {
        PluginException e = assertThrows(PluginException.class, add::opcode);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
