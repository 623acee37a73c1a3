package org.gnt.cli;

import java.time.Duration;

import org.gnt.bus.election.MasterHandover;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gnt-cluster master-failover}. Ganeti runs it on the node to become master; in gnt every
 * master candidate runs a coordinator and the election picks one, so the command asks the current
 * master to step down and reports which coordinator took over. Refused when no other coordinator
 * is in the election.
 */
@Command(name = "master-failover", description = "Hand the master role to another coordinator")
final class MasterFailover extends GntCommand {
    @Option(names = "--no-voting", description = "Accepted for compatibility; the election always votes")
    boolean noVoting;

    @Option(names = "--yes-do-it", hidden = true, description = "Accepted for compatibility")
    boolean yes;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for another coordinator to take over (default: ${DEFAULT-VALUE})")
    int timeout;

    @Override
    protected int run() {
        try (Session s = session()) {
            MasterHandover h = new MasterHandover(s.curator(), s.bus().paths());
            String old = h.master();
            String now;
            try {
                now = h.failover(Duration.ofSeconds(timeout));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("Interrupted while waiting for the new master");
            }
            out().println("Master role moved from coordinator " + old + " to " + now);
        }
        return ExitCodes.SUCCESS;
    }
}
