package org.gnt.bus.opcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.bus.Json;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.junit.jupiter.api.Test;

class OpCodesTest {
    static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    static final String CREATE = """
            {"OP_ID": "OP_INSTANCE_CREATE", "instance_name": "web1", "mode": "create", "disk_template": "file",
             "disks": [{"size": "1G"}], "os_type": "noop", "pnode": "node1", "priority": 0, "dry_run": false,
             "reason": [["gnt:client", "test", 1]]}""";

    @Test
    void parsesGanetiFieldsAndGenericOnes() throws Exception {
        OpCode op = OpCodes.parse(json(CREATE));
        OpInstanceCreate c = assertInstanceOf(OpInstanceCreate.class, op);
        assertEquals("web1", c.instanceName());
        assertEquals(1024L, OpCodes.sizeMib(c.disks().get(0).get("size")));
        assertTrue(c.start());
        assertEquals(1, OpCodes.common(json(CREATE)).reason().size());
    }

    @Test
    void unknownFieldIsRefusedByName() throws Exception {
        PluginException e = assertThrows(PluginException.class,
                () -> OpCodes.parse(json(CREATE.replace("\"mode\"", "\"bogus\": 1, \"mode\""))));
        assertEquals(ErrorKind.INVAL, e.kind());
        assertTrue(e.getMessage().contains("'bogus'"), e.getMessage());
    }

    @Test
    void unknownOpcodeIsRefused() throws Exception {
        PluginException e = assertThrows(PluginException.class, () -> OpCodes.parse(json("{\"OP_ID\": \"OP_NOPE\"}")));
        assertTrue(e.getMessage().contains("OP_NOPE"), e.getMessage());
    }

    @Test
    void wrongTypeNamesTheField() throws Exception {
        PluginException e = assertThrows(PluginException.class,
                () -> OpCodes.parse(json("{\"OP_ID\": \"OP_TEST_DELAY\", \"duration\": \"soon\"}")));
        assertTrue(e.getMessage().contains("duration"), e.getMessage());
    }

    @Test
    void validationNamesTheField() throws Exception {
        PluginException missingOs = assertThrows(PluginException.class,
                () -> OpCodes.parse(json(CREATE.replace("\"os_type\": \"noop\",", ""))));
        assertTrue(missingOs.getMessage().contains("os_type"), missingOs.getMessage());
        PluginException badSize = assertThrows(PluginException.class,
                () -> OpCodes.parse(json(CREATE.replace("\"1G\"", "\"huge\""))));
        assertTrue(badSize.getMessage().contains("disks/0/size"), badSize.getMessage());
        PluginException badPriority = assertThrows(PluginException.class,
                () -> OpCodes.common(json(CREATE.replace("\"priority\": 0", "\"priority\": 99"))));
        assertTrue(badPriority.getMessage().contains("priority"), badPriority.getMessage());
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        OpTestDelay d = OpTestDelay.of(0.5);
        JsonNode j = OpCodes.toJson(d);
        assertEquals("OP_TEST_DELAY", j.get("OP_ID").asText());
        assertEquals(d, OpCodes.parse(j));
    }
}
