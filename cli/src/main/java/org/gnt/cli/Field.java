package org.gnt.cli;

/** One output field of a list command: Ganeti's name, its column title and how its values print. */
public record Field(String name, String title, Kind kind) {
    /** How a field's values are shown. */
    public enum Kind {
        TEXT, NUMBER, UNIT, BOOL, LIST, UNIT_LIST, TIME, OBJECT, UNKNOWN;

        boolean rightAligned() {
            return this == NUMBER || this == UNIT;
        }
    }

    /** Why a value is absent, shown as Ganeti does: short in tables, spelled out with {@code -v}. */
    public enum Missing {
        NODATA("?", "(nodata)"), UNAVAIL("-", "(unavail)"), OFFLINE("*", "(offline)"), UNKNOWN("??", "(unknown)");

        private final String brief;
        private final String verbose;

        Missing(String brief, String verbose) {
            this.brief = brief;
            this.verbose = verbose;
        }

        public String text(boolean verboseMode) {
            return verboseMode ? verbose : brief;
        }
    }

    public static Field text(String name, String title) {
        return new Field(name, title, Kind.TEXT);
    }

    public static Field number(String name, String title) {
        return new Field(name, title, Kind.NUMBER);
    }

    public static Field unit(String name, String title) {
        return new Field(name, title, Kind.UNIT);
    }

    public static Field bool(String name, String title) {
        return new Field(name, title, Kind.BOOL);
    }

    public static Field list(String name, String title) {
        return new Field(name, title, Kind.LIST);
    }

    public static Field time(String name, String title) {
        return new Field(name, title, Kind.TIME);
    }

    public static Field object(String name, String title) {
        return new Field(name, title, Kind.OBJECT);
    }
}
