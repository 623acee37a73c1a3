package org.gnt.plugins.hypervisor;

import java.util.List;
import java.util.Objects;

/**
 * How to reach an instance's console (Ganeti's InstanceConsole). {@code kind} is {@link #SSH}
 * (run {@code command} on {@code host} as {@code user}), {@link #VNC} ({@code host}:{@code port},
 * display {@code display}), {@link #SPICE} or {@link #MESSAGE} (only {@code message} applies).
 * A node does not know the name the cluster gives it, so a plugin may leave {@code host} empty
 * for {@code ssh}; the coordinator then fills in the primary node.
 */
public record ConsoleInfo(String kind, String message, String host, int port, String user, List<String> command,
                          int display) {
    public static final String SSH = "ssh";
    public static final String VNC = "vnc";
    public static final String SPICE = "spice";
    public static final String MESSAGE = "msg";

    public ConsoleInfo {
        Objects.requireNonNull(kind, "kind is null");
        message = message == null ? "" : message;
        host = host == null ? "" : host;
        user = user == null ? "" : user;
        command = command == null ? List.of() : List.copyOf(command);
    }
}
