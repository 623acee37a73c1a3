package org.gnt.dist;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a gnt process (coordinator, node service, gateway) as a child JVM with this JVM's class
 * path, its output appended to a log file. The child lives in its own process, so tests can
 * {@code kill -9} it as they would a real daemon.
 */
public final class ChildJvm {
    /** Flags for small daemons on a small machine (see facts/jvm-stack.md). */
    public static final List<String> SMALL = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
            "-Xmx256m");
    /** Flags for daemons on the job path, where C2 pays for itself. */
    public static final List<String> BUSY = List.of("-XX:+UseSerialGC", "-Xss512k", "-Xmx768m");

    private ChildJvm() {
    }

    public static Process start(String name, List<String> jvmFlags, Class<?> main, List<String> args, Path logDir)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.add("-Dgnt.process=" + name);
        cmd.add("-D" + org.gnt.bus.ParentWatch.PROPERTY + "=" + ProcessHandle.current().pid());
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=" + System.getProperty("gnt.child.loglevel", "info"));
        cmd.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        for (String quiet : List.of("org.apache.kafka", "org.apache.zookeeper", "org.apache.curator", "io.netty")) {
            cmd.add("-Dorg.slf4j.simpleLogger.log." + quiet + "=warn");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(args);
        Path log = logDir.resolve(name + ".log");
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }
}
