package org.gnt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry point without a cluster: dispatch, usage errors, option validation and error output. */
class GntTest {
    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        CliContext ctx = new CliContext(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), home);
        return Gnt.run(ctx, args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void unknownProgramAndNoArguments() {
        assertEquals(1, run());
        assertTrue(err().contains("gnt-instance"), err());
        assertEquals(1, run("gnt-bogus", "list"));
        assertTrue(err().contains("Unknown program 'gnt-bogus'"), err());
    }

    @Test
    void programNameMayBeAPath() {
        assertEquals(0, run("/usr/local/bin/gnt-node", "--help"));
        assertTrue(out().contains("list"), out());
        assertTrue(out().contains("add"), out());
    }

    @Test
    void groupWithoutCommandPrintsCommandsAndFails() {
        assertEquals(1, run("gnt-instance"));
        assertTrue(err().contains("startup"), err());
        assertTrue(err().contains("remove"), err());
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(ExitCodes.USAGE, run("gnt-instance", "list", "--bogus"));
        assertTrue(err().contains("--bogus"), err());
        assertEquals(ExitCodes.FAILURE, run("gnt-instance", "add", "inst1"));
        assertTrue(err().contains("--disk-template"), err());
    }

    @Test
    void missingConfigurationSaysHowToFindTheCluster() {
        assertEquals(1, run("gnt-node", "list"));
        assertTrue(err().startsWith("No cluster configuration found: " + home.resolve(".gnt/gnt.conf")), err());
        assertTrue(err().contains("--conf FILE or the GNT_CONF environment variable"), err());
        assertEquals("", out());
    }

    @Test
    void invalidConfigurationFile() throws Exception {
        Path conf = java.nio.file.Files.writeString(home.resolve("bad.conf"), "cluster=x\n");
        assertEquals(1, run("gnt-job", "list", "--conf", conf.toString()));
        assertTrue(err().contains("lacks bootstrap.servers"), err());
    }

    @Test
    void badOptionValuesFailBeforeContactingTheCluster() {
        assertEquals(1, run("gnt-instance", "add", "-t", "diskless", "--disk", "0:size=1G", "-o", "noop", "inst1"));
        assertEquals("Failure: prerequisites not met for this operation:\nerror type: wrong_input, error details:\n"
                + "Diskless instance but disk information passed\n", err());
    }

    @Test
    void badBackendParameter() {
        assertEquals(1, run("gnt-instance", "add", "-t", "file", "-s", "1G", "-B", "vcpus=many", "-o", "noop", "i1"));
        assertTrue(err().contains("error type: wrong_input"), err());
        assertTrue(err().contains("'many' is not an integer"), err());
    }

    @Test
    void badUnitsAreRefused() {
        assertEquals(1, run("gnt-node", "list", "--units", "x"));
        assertTrue(err().contains("Invalid units 'x'"), err());
    }

    @Test
    void badJobId() {
        assertEquals(1, run("gnt-job", "info", "abc"));
        assertTrue(err().contains("Invalid job ID 'abc'"), err());
    }
    @Test
    void submitJobChecksItsFilesBeforeReachingTheCluster() throws Exception {
        Path conf = home.resolve("nowhere.conf");
        new org.gnt.bus.BusConfig("127.0.0.1:1", "127.0.0.1:1", "nowhere").store(conf);
        Path good = home.resolve("good.json");
        java.nio.file.Files.writeString(good, "[{\"OP_ID\": \"OP_TEST_DELAY\", \"duration\": 0}]");
        Path typo = home.resolve("typo.json");
        java.nio.file.Files.writeString(typo, "[{\"OP_ID\": \"OP_TEST_DELAY\", \"duration\": 0},"
                + " {\"OP_ID\": \"OP_TEST_DELAY\", \"durration\": 0}]");
        Path notList = home.resolve("object.json");
        java.nio.file.Files.writeString(notList, "{\"OP_ID\": \"OP_TEST_DELAY\"}");
        Path first = home.resolve("first.json");
        java.nio.file.Files.writeString(first, "[{\"OP_ID\": \"OP_TEST_DELAY\", \"duration\": 0, \"depends\": [[-1, []]]}]");

        assertEquals(1, run("gnt-debug", "submit-job", "--conf", conf.toString(), good.toString(), typo.toString()));
        assertTrue(err().contains("File " + typo + ", opcode 2: Opcode OP_TEST_DELAY does not accept the parameter"
                + " 'durration'"), err());
        assertEquals(1, run("gnt-debug", "submit-job", "--conf", conf.toString(), notList.toString()));
        assertTrue(err().contains("must hold a non-empty JSON list of opcodes"), err());
        assertEquals(1, run("gnt-debug", "submit-job", "--conf", conf.toString(), home.resolve("none.json").toString()));
        assertTrue(err().contains("none.json does not exist"), err());
        assertEquals(1, run("gnt-debug", "submit-job", "--conf", conf.toString(), first.toString(), good.toString()));
        assertTrue(err().contains("Job 1 of the submission, opcode 1 (OP_TEST_DELAY): relative job id -1"), err());
        assertEquals(1, run("gnt-debug", "submit-job", "--each", "--conf", conf.toString(), good.toString(),
                first.toString()), "alone in its submission, -1 has nothing to name");
        assertEquals(1, run("gnt-debug", "submit-job", "--request-key", "k", "--conf", conf.toString(), good.toString()));
        assertTrue(err().contains("--request-key is not supported by submit-job"), err());
        assertTrue(!err().contains("Cannot reach"), "refused before any connection: " + err());
    }

    @Test
    void autoarchiveRefusesABadAgeBeforeReachingTheCluster() {
        assertEquals(1, run("gnt-job", "autoarchive", "1y"));
        assertTrue(err().contains("Invalid time specification '1y'"), err());
        assertEquals(1, run("gnt-job", "archive", "x1"));
        assertTrue(err().contains("Invalid job ID 'x1'"), err());
    }
}
