package org.gnt.plugins;

/** The one exception a plugin throws: a Ganeti error class and a message naming what went wrong. */
public class PluginException extends RuntimeException {
    private final ErrorKind kind;

    public PluginException(ErrorKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public PluginException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }
}
