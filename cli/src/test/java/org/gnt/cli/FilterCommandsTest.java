package org.gnt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gnt.bus.Json;
import org.gnt.bus.filter.FilterAction;
import org.gnt.bus.filter.FilterSpec;
import org.gnt.plugins.PluginException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FilterCommandsTest {
    @Test
    void actionsAreWrittenAsGanetiTakesThem() throws Exception {
        assertEquals(Json.MAPPER.readTree("[\"RATE_LIMIT\", 5]"), FilterCommands.parseAction("RATE_LIMIT 5"));
        assertEquals(Json.MAPPER.readTree("[\"RATE_LIMIT\", 7]"), FilterCommands.parseAction(" RATE_LIMIT   7 "));
        assertEquals(Json.MAPPER.readTree("[\"RATE_LIMIT\", 2]"), FilterCommands.parseAction("[\"RATE_LIMIT\", 2]"));
        assertEquals(Json.MAPPER.readTree("\"ACCEPT\""), FilterCommands.parseAction("ACCEPT"));
        assertEquals(Json.MAPPER.readTree("\"RATE_LIMIT x\""), FilterCommands.parseAction("RATE_LIMIT x"),
                "anything else is passed on, and refused by the rule's validation");
        assertThrows(CliException.class, () -> FilterCommands.parseAction("RATE_LIMIT 99999999999"));
    }

    @Test
    void optionDefaultsAreGanetis() {
        FilterCommands.Add add = new FilterCommands.Add();
        new CommandLine(add).parseArgs();
        FilterSpec spec = add.rule.spec();
        assertEquals(0, spec.priority());
        assertTrue(spec.predicates().isEmpty());
        assertEquals(FilterAction.CONTINUE, spec.action());
        assertEquals(1, spec.reason().size(), "the command's own entry");
        assertEquals("gnt:client:gnt-filter", spec.reason().get(0).source());
    }

    @Test
    void optionsBecomeTheRule() {
        FilterCommands.Add add = new FilterCommands.Add();
        new CommandLine(add).parseArgs("--priority", "4", "--action", "RATE_LIMIT 3", "--reason", "bunny",
                "--predicates", "[[\"reason\", [\"=~\", \"reason\", \"pink\"]]]");
        FilterSpec spec = add.rule.spec();
        assertEquals(4, spec.priority());
        assertEquals(FilterAction.rateLimit(3), spec.action());
        assertEquals("bunny", spec.reason().get(0).reason());
        assertEquals(1, spec.predicates().size());
        add = new FilterCommands.Add();
        new CommandLine(add).parseArgs("--predicates", "{}");
        FilterCommands.Add bad = add;
        PluginException e = assertThrows(PluginException.class, () -> bad.rule.spec());
        assertTrue(e.getMessage().startsWith("predicates: must be a list"), e.getMessage());
    }
}
