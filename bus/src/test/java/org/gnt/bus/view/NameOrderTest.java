package org.gnt.bus.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class NameOrderTest {
    @Test
    void numbersCompareByValue() {
        List<String> names = new ArrayList<>(List.of("node10", "node2", "node1.example.com", "a", "node02", "b1c10",
                "b1c9", "node1"));
        names.sort(NameOrder.INSTANCE);
        assertEquals(List.of("a", "b1c9", "b1c10", "node1", "node1.example.com", "node02", "node2", "node10"), names);
    }

    @Test
    void zerosAndLongRunsCompareByValue() {
        List<String> names = new ArrayList<>(List.of("x0", "x00", "x000001", "x99999999999999999999", "x100000000000000000000",
                "x10", "x9", "y"));
        names.sort(NameOrder.INSTANCE);
        assertEquals(List.of("x0", "x00", "x000001", "x9", "x10", "x99999999999999999999", "x100000000000000000000",
                "y"), names, "equal values fall back to the text (x0 before x00)");
    }
}
