package org.gnt.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Base of every gnt-* subcommand: the {@code --conf} and {@code --help} options, the invocation's
 * streams, and the session with the cluster. A subcommand implements {@link #run()} and returns
 * its exit code; exceptions are turned into Ganeti-style failure messages by {@link Gnt}.
 */
public abstract class GntCommand implements Callable<Integer> {
    @Option(names = "--conf", paramLabel = "FILE",
            description = "Cluster configuration (default: $GNT_CONF, else ~/.gnt/gnt.conf)")
    Path conf;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Spec
    CommandSpec spec;

    private CliContext ctx;

    final void bind(CliContext context) {
        this.ctx = context;
    }

    protected CliContext ctx() {
        return ctx;
    }

    protected PrintStream out() {
        return ctx.out();
    }

    protected PrintStream err() {
        return ctx.err();
    }

    /** The program name the user typed, e.g. {@code gnt-instance}. */
    protected String program() {
        return spec.root().name();
    }

    /** Opens the session with the cluster this invocation points at. */
    protected Session session() {
        return Session.open(ClusterLocation.resolve(conf, ctx));
    }

    @Override
    public final Integer call() throws Exception {
        return run();
    }

    protected abstract int run() throws Exception;
}
