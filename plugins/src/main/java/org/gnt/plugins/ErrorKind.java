package org.gnt.plugins;

/** Ganeti's error classes (errors.py ECODE_*), with the wire string Ganeti uses and whether a retry may help. */
public enum ErrorKind {
    RESOLVER("resolver_error", false),
    NORES("insufficient_resources", false),
    TEMP_NORES("temp_insufficient_resources", true),
    INVAL("wrong_input", false),
    STATE("wrong_state", false),
    NOENT("unknown_entity", false),
    EXISTS("already_exists", false),
    NOTUNIQUE("resource_not_unique", false),
    FAULT("internal_error", false),
    ENVIRON("environment_error", true);

    private final String code;
    private final boolean retriable;

    ErrorKind(String code, boolean retriable) {
        this.code = code;
        this.retriable = retriable;
    }

    /** The string Ganeti puts in an error tuple, e.g. {@code wrong_input}. */
    public String code() {
        return code;
    }

    public boolean retriable() {
        return retriable;
    }

    public static ErrorKind fromCode(String code) {
        for (ErrorKind k : values()) {
            if (k.code.equals(code) || k.name().equals(code)) {
                return k;
            }
        }
        return FAULT;
    }
}
