package org.gnt.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What one CLI invocation runs with: its streams, its environment and the user's home. Tests build
 * their own so that nothing reads the real process environment.
 */
public record CliContext(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Path home) {
    public CliContext {
        Objects.requireNonNull(in, "in is null");
        Objects.requireNonNull(out, "out is null");
        Objects.requireNonNull(err, "err is null");
        env = Map.copyOf(env);
        Objects.requireNonNull(home, "home is null");
    }

    /** The real process: System streams, environment and {@code user.home}. */
    public static CliContext system(InputStream in, PrintStream out, PrintStream err) {
        return new CliContext(in, out, err, System.getenv(), Path.of(System.getProperty("user.home")));
    }
}
