package org.gnt.gateway.auth;

/**
 * What a RAPI method requires of its caller, as Ganeti's per-method access lists: {@code ANY}
 * (empty list: no authentication unless the server requires it for everything), {@code READ}
 * (a user with the {@code read} or {@code write} option) and {@code WRITE} (a {@code write} user).
 */
public enum Access {
    ANY, READ, WRITE;

    boolean allows(RapiUser user) {
        return switch (this) {
            case ANY -> true;
            case READ -> user.canRead();
            case WRITE -> user.canWrite();
        };
    }
}
