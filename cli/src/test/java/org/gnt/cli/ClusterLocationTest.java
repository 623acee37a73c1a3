package org.gnt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterLocationTest {
    @TempDir
    Path dir;

    private CliContext ctx(Map<String, String> env) {
        return new CliContext(new ByteArrayInputStream(new byte[0]), new PrintStream(PrintStream.nullOutputStream()),
                new PrintStream(PrintStream.nullOutputStream()), env, dir);
    }

    @Test
    void optionWinsOverEnvironmentAndDefault() throws IOException {
        Path a = Files.writeString(dir.resolve("a.conf"), "");
        Path b = Files.writeString(dir.resolve("b.conf"), "");
        Files.createDirectories(dir.resolve(".gnt"));
        Files.writeString(dir.resolve(".gnt/gnt.conf"), "");
        assertEquals(a, ClusterLocation.resolve(a, ctx(Map.of(ClusterLocation.ENV, b.toString()))));
        assertEquals(b, ClusterLocation.resolve(null, ctx(Map.of(ClusterLocation.ENV, b.toString()))));
        assertEquals(dir.resolve(".gnt/gnt.conf"), ClusterLocation.resolve(null, ctx(Map.of())));
    }

    @Test
    void missingFilesSayHowToPointAtACluster() {
        CliException opt = assertThrows(CliException.class,
                () -> ClusterLocation.resolve(dir.resolve("none.conf"), ctx(Map.of())));
        assertTrue(opt.getMessage().contains("none.conf (given with --conf) does not exist"), opt.getMessage());
        assertTrue(opt.getMessage().contains("GNT_CONF"), opt.getMessage());
        CliException env = assertThrows(CliException.class,
                () -> ClusterLocation.resolve(null, ctx(Map.of(ClusterLocation.ENV, "/no/such/file"))));
        assertTrue(env.getMessage().contains("named by GNT_CONF"), env.getMessage());
        CliException dflt = assertThrows(CliException.class, () -> ClusterLocation.resolve(null, ctx(Map.of())));
        assertTrue(dflt.getMessage().startsWith("No cluster configuration found: " + dir.resolve(".gnt/gnt.conf")),
                dflt.getMessage());
        assertTrue(dflt.getMessage().contains("--conf FILE"), dflt.getMessage());
        assertEquals(ExitCodes.FAILURE, dflt.exitCode());
    }
}
