package org.gnt.dist;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.bus.Json;

/** A QMP client for tests, on a guest's unix socket, as any QMP client outside gnt would do it. */
final class Qmp {
    private Qmp() {
    }

    /** Runs one command ({@code args} a JSON object or null) and returns its {@code return} value. */
    static JsonNode call(Path socket, String command, String args) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            readLine(ch, "QMP"); // greeting
            ch.write(StandardCharsets.UTF_8.encode("{\"execute\": \"qmp_capabilities\"}\n"));
            readLine(ch, "return");
            ch.write(StandardCharsets.UTF_8.encode("{\"execute\": \"" + command + "\""
                    + (args == null ? "" : ", \"arguments\": " + args) + "}\n"));
            JsonNode reply = Json.MAPPER.readTree(readLine(ch, "return", "error"));
            if (reply.has("error")) {
                throw new IOException(command + ": " + reply.path("error").path("desc").asText());
            }
            return reply.path("return");
        }
    }

    static String status(Path socket) throws IOException {
        return call(socket, "query-status", null).path("status").asText();
    }

    /** The next line holding one of {@code keys} (skipping QMP events). */
    private static String readLine(SocketChannel ch, String... keys) throws IOException {
        StringBuilder line = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (true) {
            one.clear();
            if (ch.read(one) < 0) {
                throw new IOException("QMP closed before '" + String.join("/", keys) + "'");
            }
            char c = (char) one.get(0);
            if (c != '\n') {
                line.append(c);
                continue;
            }
            for (String key : keys) {
                if (line.indexOf("\"" + key + "\"") >= 0) {
                    return line.toString();
                }
            }
            line.setLength(0);
        }
    }
}
