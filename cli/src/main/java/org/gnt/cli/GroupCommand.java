package org.gnt.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A gnt-* program itself: without a command it prints the list of commands and fails, as Ganeti. */
public abstract class GroupCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        cl.getErr().print(cl.getUsageMessage());
        cl.getErr().flush();
        return ExitCodes.FAILURE;
    }
}
