package org.gnt.bus.job;

import com.fasterxml.jackson.annotation.JsonValue;

/** Ganeti's job (and opcode) statuses, with their wire names. */
public enum JobStatus {
    QUEUED("queued"), WAITING("waiting"), RUNNING("running"), CANCELING("canceling"), CANCELED("canceled"),
    SUCCESS("success"), ERROR("error");

    private final String wire;

    JobStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public boolean isFinal() {
        return this == CANCELED || this == SUCCESS || this == ERROR;
    }

    public static JobStatus fromWire(String s) {
        for (JobStatus st : values()) {
            if (st.wire.equals(s)) {
                return st;
            }
        }
        throw new IllegalArgumentException("unknown job status " + s);
    }
}
