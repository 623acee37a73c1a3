package org.gnt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class NiceSortTest {
    @Test
    void numbersInNamesSortByValue() {
        List<String> names = new ArrayList<>(List.of("node10", "node2", "node1", "inst", "node02a", "node2b"));
        names.sort(NiceSort.INSTANCE);
        assertEquals(List.of("inst", "node1", "node2", "node02a", "node2b", "node10"), names);
    }
}
