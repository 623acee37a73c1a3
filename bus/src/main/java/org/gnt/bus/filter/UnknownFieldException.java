package org.gnt.bus.filter;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/** A query filter names a field the resource does not have (Ganeti's {@code ParameterError}). */
public final class UnknownFieldException extends PluginException {
    private final String field;

    public UnknownFieldException(String field) {
        super(ErrorKind.INVAL, "Filter refers to unknown field '" + field + "'");
        this.field = field;
    }

    public String field() {
        return field;
    }
}
