package org.gnt.bus;

/**
 * Ends a daemon started by a launcher when the launcher ends, however it ends (Ctrl-C, crash,
 * {@code kill -9}): the launcher passes its pid as {@code -Dgnt.parent.pid}. Without this,
 * children of a dead launcher would live on and reconnect to the next cluster on the same ports.
 */
public final class ParentWatch {
    public static final String PROPERTY = "gnt.parent.pid";

    private ParentWatch() {
    }

    /** If a parent pid is given, exits this JVM (running its shutdown hooks) once that process is gone. */
    public static void exitWithParent() {
        String pid = System.getProperty(PROPERTY);
        if (pid == null || pid.isBlank()) {
            return;
        }
        ProcessHandle.of(Long.parseLong(pid.trim())).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> {
                    System.err.println("launcher (pid " + pid + ") is gone; stopping");
                    Thread exit = new Thread(() -> System.exit(0), "parent-gone");
                    exit.start();
                    try {
                        // shutdown hooks may wait on a bus that died with the launcher: cap them
                        exit.join(5000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    Runtime.getRuntime().halt(0);
                }),
                () -> System.exit(0));
    }
}
