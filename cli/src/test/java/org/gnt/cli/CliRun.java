package org.gnt.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * One gnt-* command run in-process for the ITs, as a shell would run it: program, command,
 * {@code --conf=FILE}, then the other arguments; its exit code and what it printed.
 */
record CliRun(int rc, String out, String err) {
    static CliRun run(Path conf, Path home, String input, String program, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 2];
        all[0] = program;
        all[1] = args[0];
        all[2] = "--conf=" + conf;
        System.arraycopy(args, 1, all, 3, args.length - 1);
        CliContext ctx = new CliContext(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), home);
        int rc = Gnt.run(ctx, all);
        return new CliRun(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
