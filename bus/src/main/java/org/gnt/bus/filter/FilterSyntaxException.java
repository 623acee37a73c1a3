package org.gnt.bus.filter;

import java.util.List;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * A textual query filter that does not parse (Ganeti's {@code QueryFilterParseError}): the message
 * names the column and what was expected there; {@link #details()} shows the text with a caret
 * under that column, as Ganeti's command line tools print it.
 */
public final class FilterSyntaxException extends PluginException {
    private final String text;
    private final int position;

    public FilterSyntaxException(String text, int position, String why) {
        super(ErrorKind.INVAL, "Invalid filter at column " + (position + 1) + ": " + why);
        this.text = text;
        this.position = position;
    }

    /** The filter as given. */
    public String text() {
        return text;
    }

    /** Zero-based offset of the offending character in {@link #text()}. */
    public int position() {
        return position;
    }

    /** The filter and a caret line pointing at the error. */
    public List<String> details() {
        return List.of(text, " ".repeat(Math.max(0, position)) + "^");
    }
}
