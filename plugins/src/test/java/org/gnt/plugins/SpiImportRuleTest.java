package org.gnt.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The SPI stays small: it may import the JDK, OSGi annotations and itself, nothing else. */
class SpiImportRuleTest {
    @Test
    void spiImportsOnlyTheJdkAndOsgiAnnotations() throws IOException {
        Path src = Path.of("src/main/java");
        List<String> offending = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(src)) {
            files = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertFalse(files.isEmpty(), "found the SPI sources");
        for (Path p : files) {
            for (String line : Files.readAllLines(p)) {
                String l = line.trim();
                if (l.startsWith("import ") && !(l.startsWith("import java.") || l.startsWith("import static java.")
                        || l.startsWith("import org.gnt.plugins") || l.startsWith("import org.osgi.annotation."))) {
                    offending.add(p + ": " + l);
                }
            }
        }
        assertEquals(List.of(), offending);
    }
}
