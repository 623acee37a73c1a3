package org.gnt.cli;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.Json;
import org.gnt.bus.config.NodeConfig;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.opcode.OpInstanceConsole;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gnt-instance console [--show-cmd] INSTANCE}: asks the cluster (OP_INSTANCE_CONSOLE) how
 * to reach the console. {@code msg}: prints the message; {@code vnc}/{@code spice}: prints where
 * to connect; {@code ssh}: runs the command, locally when the primary node's address belongs to
 * this machine, else through {@code ssh -t}; {@code --show-cmd} prints that command instead.
 */
@Command(name = "console", description = "Connect to an instance's console")
final class InstanceConsole extends GntCommand {
    @Option(names = "--show-cmd", description = "Print the command that connects instead of running it")
    boolean showCmd;

    @Parameters(paramLabel = "INSTANCE", description = "The instance")
    String name;

    @Override
    protected int run() throws Exception {
        try (Session s = session()) {
            ObjectNode op = Json.MAPPER.createObjectNode();
            op.put("OP_ID", OpInstanceConsole.OP_ID);
            op.put("instance_name", name);
            long id = s.jobs().submitJson(List.of(op), 0, null).get(Session.READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            JobState j = await(s, id);
            JsonNode result = j.ops().isEmpty() ? null : j.ops().get(0).result();
            if (j.status() != JobStatus.SUCCESS || result == null) {
                err().println(Failures.ofResult(result));
                return ExitCodes.FAILURE;
            }
            return show(s, result);
        }
    }

    private static JobState await(Session s, long id) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            Optional<JobState> j = s.jobs().view().get(id);
            if (j.isPresent() && j.get().status().isFinal()) {
                return j.get();
            }
            Session.sleep(100);
        }
        throw new CliException("The console query (job " + id + ") did not finish in time");
    }

    private int show(Session s, JsonNode c) throws Exception {
        String kind = c.path("kind").asText();
        String host = c.path("host").asText();
        switch (kind) {
            case "msg" -> {
                out().println(c.path("message").asText());
                return ExitCodes.SUCCESS;
            }
            case "vnc" -> {
                out().println("Instance " + name + " has VNC listening on " + host + ":" + c.path("port").asInt()
                        + " (display " + c.path("display").asInt() + "), URL <vnc://" + host + ":"
                        + c.path("port").asInt() + "/>");
                return ExitCodes.SUCCESS;
            }
            case "spice" -> {
                out().println("Instance " + name + " has SPICE listening on " + host + ":" + c.path("port").asInt());
                return ExitCodes.SUCCESS;
            }
            case "ssh" -> {
                List<String> command = new ArrayList<>();
                c.path("command").forEach(a -> command.add(a.asText()));
                List<String> run = isLocal(s, host) ? command : ssh(c.path("user").asText("root"), host, command);
                if (showCmd) {
                    out().println(quote(run));
                    return ExitCodes.SUCCESS;
                }
                return new ProcessBuilder(run).inheritIO().start().waitFor();
            }
            default -> {
                err().println("Unknown console kind '" + kind + "': " + c);
                return ExitCodes.FAILURE;
            }
        }
    }

    private static List<String> ssh(String user, String host, List<String> command) {
        List<String> out = new ArrayList<>(List.of("ssh", "-t", "-oBatchMode=yes", (user.isEmpty() ? "root" : user)
                + "@" + host));
        out.add(quote(command));
        return out;
    }

    /** Whether the node's primary address (or its name) is one of this machine's addresses. */
    static boolean isLocal(Session s, String host) {
        String address = s.config().node(host).map(NodeConfig::primaryIp).orElse(host);
        try {
            InetAddress a = InetAddress.getByName(address);
            return a.isLoopbackAddress() || a.isAnyLocalAddress() || NetworkInterface.getByInetAddress(a) != null;
        } catch (Exception e) {
            return false;
        }
    }

    static String quote(List<String> args) {
        List<String> q = new ArrayList<>();
        for (String a : args) {
            q.add(a.matches("[A-Za-z0-9_./=:@%+,-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return String.join(" ", q);
    }
}
