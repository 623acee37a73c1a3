package org.gnt.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import org.gnt.plugins.PluginException;
import picocli.CommandLine;

/**
 * Entry point of the gnt-* commands: {@code Gnt gnt-instance list -o name}. The first argument is
 * the program (the scripts in {@code dist/bin} pass their own name), the rest go to its picocli
 * command. {@link #run} does the same in-process and returns the exit code.
 */
public final class Gnt {
    private static final Map<String, Supplier<Object>> PROGRAMS = Map.of(
            "gnt-cluster", ClusterCommands::new,
            "gnt-node", NodeCommands::new,
            "gnt-group", GroupCommands::new,
            "gnt-instance", InstanceCommands::new,
            "gnt-job", JobCommands::new,
            "gnt-filter", FilterCommands::new,
            "gnt-network", NetworkCommands::new,
            "gnt-plugin", PluginCommands::new,
            "gnt-debug", DebugCommands::new);

    private Gnt() {
    }

    public static void main(String[] args) {
        int rc = run(CliContext.system(System.in, System.out, System.err), args);
        System.out.flush();
        System.err.flush();
        System.exit(rc);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(CliContext.system(System.in, out, err), args);
    }

    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return run(CliContext.system(in, out, err), args);
    }

    public static int run(CliContext ctx, String[] args) {
        if (args.length == 0) {
            ctx.err().println("Usage: Gnt PROGRAM [COMMAND] [OPTIONS...]; PROGRAM is one of "
                    + String.join(", ", PROGRAMS.keySet().stream().sorted().toList()));
            return ExitCodes.FAILURE;
        }
        Path p = Path.of(args[0]).getFileName();
        String program = p == null ? args[0] : p.toString();
        Supplier<Object> root = PROGRAMS.get(program);
        if (root == null) {
            ctx.err().println("Unknown program '" + program + "'; use one of "
                    + String.join(", ", PROGRAMS.keySet().stream().sorted().toList()));
            return ExitCodes.FAILURE;
        }
        CommandLine cl = commandLine(ctx, root.get());
        return cl.execute(Arrays.copyOfRange(args, 1, args.length));
    }

    static CommandLine commandLine(CliContext ctx, Object root) {
        CommandLine cl = new CommandLine(root, new BindingFactory(ctx));
        cl.setOut(new PrintWriter(ctx.out(), true));
        cl.setErr(new PrintWriter(ctx.err(), true));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> failure(ctx, ex));
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            ctx.err().println("Error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, cmd.getErr());
            cmd.getErr().print(cmd.getHelp().fullSynopsis());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            cmd.getErr().flush();
            boolean unknownOption = ex instanceof CommandLine.UnmatchedArgumentException u
                    && u.getUnmatched().stream().anyMatch(a -> a.startsWith("-"));
            return unknownOption ? ExitCodes.USAGE : ExitCodes.FAILURE;
        });
        return cl;
    }

    /** Prints an exception as Ganeti prints failures and returns the exit code. */
    static int failure(CliContext ctx, Throwable ex) {
        Throwable e = ex;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof CliException c) {
            ctx.err().println(c.getMessage());
            return c.exitCode();
        }
        if (e instanceof PluginException p) {
            ctx.err().println(Failures.of(p));
            return ExitCodes.FAILURE;
        }
        ctx.err().println("Failure: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        if (ctx.env().containsKey("GNT_DEBUG")) {
            e.printStackTrace(ctx.err());
        }
        return ExitCodes.FAILURE;
    }

    /** Creates commands through picocli's default factory and hands each gnt command this invocation's context. */
    private record BindingFactory(CliContext ctx) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            K k = CommandLine.defaultFactory().create(cls);
            if (k instanceof GntCommand g) {
                g.bind(ctx);
            }
            return k;
        }
    }
}
