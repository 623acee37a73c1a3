package org.gnt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.gnt.bus.Json;
import org.gnt.plugins.PluginException;
import org.junit.jupiter.api.Test;

class InstanceModifyTest {
    private static String changes(boolean disks, String... specs) {
        return Json.tree(InstanceModify.changes(List.of(specs), disks ? "--disk" : "--net", disks)).toString();
    }

    @Test
    void readsGanetisModificationSyntax() {
        assertEquals("[[\"add\",-1,{\"link\":\"br0\",\"mode\":\"bridged\"}]]",
                changes(false, "add:link=br0,mode=bridged"));
        assertEquals("[[\"add\",-1,{}]]", changes(false, "add"));
        assertEquals("[[\"add\",2,{\"mac\":\"aa:00:00:11:22:33\"}]]", changes(false, "2:add,mac=aa:00:00:11:22:33"));
        assertEquals("[[\"remove\",-1,{}],[\"remove\",\"eth1\",{}],[\"remove\",1,{}]]",
                changes(false, "remove", "eth1:remove", "1:remove"));
        assertEquals("[[\"modify\",0,{\"link\":\"br1\"}]]", changes(false, "0:link=br1"));
        assertEquals("[[\"add\",-1,{\"size\":1024,\"mode\":\"ro\"}]]", changes(true, "add:size=1G,mode=ro"));
        assertEquals("[[\"add\",1,{\"size\":512}]]", changes(true, "1:add,size=512"));
    }

    @Test
    void refusesMalformedChanges() {
        assertThrows(PluginException.class, () -> changes(true, "add:mode=rw"));
        assertThrows(PluginException.class, () -> changes(true, "add:size=lots"));
        assertThrows(PluginException.class, () -> changes(false, "0:add,remove"));
        assertThrows(PluginException.class, () -> changes(false, "0:remove,link=x"));
    }
}
