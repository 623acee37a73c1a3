package org.gnt.bus.opcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.gnt.bus.Json;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.junit.jupiter.api.Test;

class OpInstanceSetParamsTest {
    private static OpCode parse(String json) throws Exception {
        return OpCodes.parse(Json.MAPPER.readTree(json));
    }

    private static void refused(String json, String... expected) {
        PluginException e = assertThrows(PluginException.class, () -> parse(json));
        assertEquals(ErrorKind.INVAL, e.kind());
        for (String x : expected) {
            assertTrue(e.getMessage().contains(x), e.getMessage());
        }
    }

    @Test
    void readsGanetisDeviceChangeForms() throws Exception {
        OpInstanceSetParams op = assertInstanceOf(OpInstanceSetParams.class, parse("""
                {"OP_ID": "OP_INSTANCE_SET_PARAMS", "instance_name": "web1", "hotplug": true,
                 "nics": [["add", -1, {"link": "br0"}], ["remove", "eth1", {}], ["remove", {}]],
                 "disks": [["add", {"size": 1024}], ["remove", 2, {}]], "runtime_mem": 512}"""));
        assertEquals(List.of(new OpInstanceSetParams.Change("add", -1, Map.of("link", "br0")),
                new OpInstanceSetParams.Change("remove", "eth1", Map.of()),
                new OpInstanceSetParams.Change("remove", -1, Map.of())), op.nicChanges());
        assertEquals(List.of(new OpInstanceSetParams.Change("add", -1, Map.of("size", 1024)),
                new OpInstanceSetParams.Change("remove", 2, Map.of())), op.diskChanges());
        assertEquals(512L, op.runtimeMem());
        assertTrue(op.hotplug());
        // a round trip through JSON keeps the opcode (jobs.state stores it)
        assertEquals(op, parse(OpCodes.toJson(op).toString()));
    }

    @Test
    void refusesWhatIsNotImplementedByName() {
        String head = "{\"OP_ID\": \"OP_INSTANCE_SET_PARAMS\", \"instance_name\": \"web1\", ";
        refused(head + "\"disk_template\": \"drbd\"}", "disk_template");
        refused(head + "\"pnode\": \"node2\"}", "pnode");
        refused(head + "\"instance_communication\": true}", "instance_communication");
        refused(head + "\"nics\": [[\"modify\", 0, {\"link\": \"br1\"}]]}", "nics/0", "not supported yet");
        refused(head + "\"disks\": [[\"attach\", 0, {\"name\": \"d\"}]]}", "disks/0", "'attach'");
        refused(head + "\"nics\": [[\"add\", -1, {\"colour\": \"red\"}]]}", "colour");
        refused(head + "\"disks\": [[\"add\", -1, {\"mode\": \"rw\"}]]}", "disks/0/size", "required");
        refused(head + "\"disks\": [[\"add\", -1, {\"size\": 8, \"vg\": \"xenvg\"}]]}", "vg");
        refused(head + "\"disks\": [[\"add\", -1, {\"size\": \"lots\"}]]}", "disks/0/size");
        refused(head + "\"nics\": [[\"add\"]]}", "nics/0");
        refused(head + "\"runtime_mem\": 0}", "runtime_mem");
        refused(head + "\"force\": true}", "No changes");
        refused(head + "\"hvparams\": []}", "hvparams");
    }

    @Test
    void growDiskAndConsoleAreChecked() throws Exception {
        OpInstanceGrowDisk g = assertInstanceOf(OpInstanceGrowDisk.class, parse(
                "{\"OP_ID\": \"OP_INSTANCE_GROW_DISK\", \"instance_name\": \"web1\", \"disk\": 0, \"amount\": 1024}"));
        assertEquals(false, g.absolute());
        assertEquals(true, g.waitForSync());
        refused("{\"OP_ID\": \"OP_INSTANCE_GROW_DISK\", \"instance_name\": \"web1\", \"disk\": 16, \"amount\": 1}", "disk");
        refused("{\"OP_ID\": \"OP_INSTANCE_GROW_DISK\", \"instance_name\": \"web1\", \"disk\": 0, \"amount\": -1}",
                "amount");
        refused("{\"OP_ID\": \"OP_INSTANCE_GROW_DISK\", \"instance_name\": \"web1\", \"disk\": 0}", "amount", "required");
        refused("{\"OP_ID\": \"OP_INSTANCE_CONSOLE\"}", "instance_name");
        assertInstanceOf(OpInstanceConsole.class, parse("{\"OP_ID\": \"OP_INSTANCE_CONSOLE\", \"instance_name\": \"w\"}"));
    }
}
