package org.gnt.cli;

/** The exit codes gnt-* commands return, Ganeti's values. */
public final class ExitCodes {
    public static final int SUCCESS = 0;
    /** Any failure: a failed job, a refused operation, a cluster that cannot be reached. */
    public static final int FAILURE = 1;
    /** Unknown option (what Python's optparse, which Ganeti uses, returns). */
    public static final int USAGE = 2;
    /** A list command was asked for fields it does not know (it still prints the others). */
    public static final int UNKNOWN_FIELD = 14;

    private ExitCodes() {
    }
}
