package org.gnt.cli;

import java.util.Locale;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * Size display for {@code --units}: {@code h} (human, binary: 512M, 1.5G, 2.0T), {@code m}/{@code g}/
 * {@code t} (a number in MiB, GiB, TiB), and the decimal variants {@code H}/{@code M}/{@code G}/{@code T}.
 * Sizes are always given in MiB.
 */
public final class Units {
    private static final double MIB = 1024.0 * 1024.0;

    private Units() {
    }

    /** {@code h} for tables, {@code m} when a separator makes the output for scripts (as Ganeti). */
    public static String defaultFor(String separator) {
        return separator == null ? "h" : "m";
    }

    public static void check(String units) {
        if (units == null || units.length() != 1 || "hmgtHMGT".indexOf(units.charAt(0)) < 0) {
            throw new PluginException(ErrorKind.INVAL,
                    "Invalid units '" + units + "': use one of h, m, g, t (binary) or H, M, G, T (decimal)");
        }
    }

    public static String format(double mib, String units) {
        return switch (units) {
            case "m" -> Long.toString(Math.round(mib));
            case "g" -> one(mib / 1024);
            case "t" -> one(mib / 1024 / 1024);
            case "M" -> Long.toString(Math.round(mib * MIB / 1e6));
            case "G" -> one(mib * MIB / 1e9);
            case "T" -> one(mib * MIB / 1e12);
            case "H" -> human(mib * MIB / 1e6, 1000);
            default -> human(mib, 1024);
        };
    }

    private static String human(double mega, double step) {
        if (mega >= step * step) {
            return one(mega / step / step) + "T";
        }
        if (mega >= step) {
            return one(mega / step) + "G";
        }
        return Math.round(mega) + "M";
    }

    private static String one(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
