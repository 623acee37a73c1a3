package org.gnt.bus.view;

import java.util.Comparator;

/**
 * Orders names as Ganeti's nice sort does: runs of digits compare as numbers, so {@code node2}
 * comes before {@code node10}.
 */
public final class NameOrder implements Comparator<String> {
    public static final NameOrder INSTANCE = new NameOrder();

    private NameOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int ei = digitsEnd(a, i);
                int ej = digitsEnd(b, j);
                int c = compareNumbers(a, i, ei, b, j, ej);
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    }

    private static int digitsEnd(String s, int from) {
        int k = from;
        while (k < s.length() && Character.isDigit(s.charAt(k))) {
            k++;
        }
        return k;
    }

    /**
     * Compares the digit runs {@code a[i,ei)} and {@code b[j,ej)} by value, any length: leading
     * zeros skipped (one kept), then the longer run is larger, then digit by digit. No regex and
     * no substrings: a sort of thousands of names calls this millions of times.
     */
    private static int compareNumbers(String a, int i, int ei, String b, int j, int ej) {
        while (i < ei - 1 && a.charAt(i) == '0') {
            i++;
        }
        while (j < ej - 1 && b.charAt(j) == '0') {
            j++;
        }
        int c = Integer.compare(ei - i, ej - j);
        for (; c == 0 && i < ei; i++, j++) {
            c = Character.compare(a.charAt(i), b.charAt(j));
        }
        return c;
    }
}
