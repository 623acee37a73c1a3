package org.gnt.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Ganeti's interactive confirmation: a question answered with y or n (anything else, or no input, is no). */
final class Confirm {
    private Confirm() {
    }

    static boolean ask(CliContext ctx, String question) {
        ctx.out().print(question + " y/[n]: ");
        ctx.out().flush();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8));
            String line = r.readLine();
            if (line == null) {
                ctx.out().println();
                return false;
            }
            String a = line.trim().toLowerCase(Locale.ROOT);
            return a.equals("y") || a.equals("yes");
        } catch (IOException e) {
            return false;
        }
    }
}
