package org.gnt.bus.opcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gnt.bus.Json;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.junit.jupiter.api.Test;

/** OP_INSTANCE_MIGRATE, OP_INSTANCE_FAILOVER, OP_INSTANCE_REBOOT: defaults and INVAL naming the field. */
class InstanceMoveOpcodesTest {
    private static OpCode parse(String json) throws Exception {
        return OpCodes.parse(Json.MAPPER.readTree(json));
    }

    private static void refused(String json, String field) {
        PluginException e = assertThrows(PluginException.class, () -> parse(json));
        assertEquals(ErrorKind.INVAL, e.kind());
        assertTrue(e.getMessage().contains("'" + field + "'"), e.getMessage());
    }

    @Test
    void migrateDefaultsAndModes() throws Exception {
        OpInstanceMigrate m = (OpInstanceMigrate) parse("{\"OP_ID\": \"OP_INSTANCE_MIGRATE\", \"instance_name\": \"a\"}");
        assertNull(m.requestedMode(), "left to the hypervisor's migration_mode");
        assertTrue(m.allowRuntimeChanges());
        assertEquals(false, m.cleanup());
        assertEquals(false, m.allowFailover());
        m = (OpInstanceMigrate) parse("{\"OP_ID\": \"OP_INSTANCE_MIGRATE\", \"instance_name\": \"a\", \"live\": false}");
        assertEquals("non-live", m.requestedMode());
        refused("{\"OP_ID\": \"OP_INSTANCE_MIGRATE\", \"instance_name\": \"a\", \"live\": true, \"mode\": \"live\"}", "live");
        refused("{\"OP_ID\": \"OP_INSTANCE_MIGRATE\", \"instance_name\": \"a\", \"mode\": \"fast\"}", "mode");
        refused("{\"OP_ID\": \"OP_INSTANCE_MIGRATE\", \"instance_name\": \"a\", \"target_node\": \"\"}", "target_node");
        refused("{\"OP_ID\": \"OP_INSTANCE_MIGRATE\", \"instance_name\": \"a\", \"target_node\": \"n\","
                + " \"iallocator\": \"hail\"}", "iallocator");
        refused("{\"OP_ID\": \"OP_INSTANCE_MIGRATE\"}", "instance_name");
        refused("{\"OP_ID\": \"OP_INSTANCE_MIGRATE\", \"instance_name\": \"a\", \"cleanup\": \"yes\"}", "cleanup");
    }

    @Test
    void failoverAndReboot() throws Exception {
        OpInstanceFailover f = (OpInstanceFailover) parse("{\"OP_ID\": \"OP_INSTANCE_FAILOVER\", \"instance_name\": \"a\"}");
        assertEquals(120.0, f.shutdownTimeout());
        assertEquals(false, f.ignoreConsistency());
        refused("{\"OP_ID\": \"OP_INSTANCE_FAILOVER\", \"instance_name\": \"a\", \"shutdown_timeout\": -1}",
                "shutdown_timeout");
        OpInstanceReboot r = (OpInstanceReboot) parse("{\"OP_ID\": \"OP_INSTANCE_REBOOT\", \"instance_name\": \"a\","
                + " \"reboot_type\": \"full\"}");
        assertEquals("full", r.rebootType());
        assertEquals(120.0, r.shutdownTimeout());
        refused("{\"OP_ID\": \"OP_INSTANCE_REBOOT\", \"instance_name\": \"a\"}", "reboot_type");
        refused("{\"OP_ID\": \"OP_INSTANCE_REBOOT\", \"instance_name\": \"a\", \"reboot_type\": \"warm\"}", "reboot_type");
        refused("{\"OP_ID\": \"OP_INSTANCE_REBOOT\", \"instance_name\": \"a\", \"reboot_type\": \"soft\","
                + " \"shutdown_timeout\": -5}", "shutdown_timeout");
    }
}
