package org.gnt.bundle.hypervisor.kvm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A QMP client for one operation: connect to the unix socket, read the greeting, negotiate
 * capabilities, run one command, disconnect. QEMU serves one QMP client at a time (a second one
 * waits for the first to leave), so nobody may hold the socket open between operations.
 * Asynchronous events arriving in between are skipped.
 */
final class QmpClient implements AutoCloseable {
    private final SocketChannel channel;
    private final Selector selector;
    private final long deadlineNanos;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private QmpClient(Path socket, Duration timeout) throws IOException {
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
        this.channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            this.selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Connects and negotiates; the caller then runs {@link #execute} and closes. */
    static QmpClient connect(Path socket, Duration timeout) throws IOException {
        QmpClient c = new QmpClient(socket, timeout);
        try {
            Object greeting = c.readMessage();
            if (!(greeting instanceof Map<?, ?> g) || !g.containsKey("QMP")) {
                throw new IOException("QMP socket " + socket + " sent no greeting: " + Json.write(greeting));
            }
            c.execute("qmp_capabilities", Map.of());
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** One command on a fresh connection. */
    static Object call(Path socket, Duration timeout, String command, Map<String, ?> arguments) throws IOException {
        try (QmpClient c = connect(socket, timeout)) {
            return c.execute(command, arguments);
        }
    }

    /**
     * Runs a command and returns its {@code return} value; a QMP error becomes a
     * {@link QmpException} carrying QEMU's {@code desc}.
     */
    Object execute(String command, Map<String, ?> arguments) throws IOException {
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("execute", command);
        if (arguments != null && !arguments.isEmpty()) {
            msg.put("arguments", arguments);
        }
        ByteBuffer out = ByteBuffer.wrap((Json.write(msg) + "\n").getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            channel.write(out);
        }
        while (true) {
            Object reply = readMessage();
            if (!(reply instanceof Map<?, ?> r) || r.containsKey("event")) {
                continue; // async event (POWERDOWN, SHUTDOWN, ...): not our answer
            }
            if (r.containsKey("return")) {
                return r.get("return");
            }
            if (r.get("error") instanceof Map<?, ?> err) {
                throw new QmpException(command, String.valueOf(err.get("class")), String.valueOf(err.get("desc")));
            }
            throw new IOException("Unexpected QMP reply to " + command + ": " + Json.write(r));
        }
    }

    /** Reads one newline-terminated JSON message, waiting no longer than the deadline. */
    private Object readMessage() throws IOException {
        while (true) {
            in.flip();
            while (in.hasRemaining()) {
                byte b = in.get();
                if (b == '\n') {
                    in.compact();
                    String text = line.toString(StandardCharsets.UTF_8).trim();
                    line.reset();
                    if (text.isEmpty()) {
                        in.flip();
                        continue;
                    }
                    return Json.parse(text);
                }
                line.write(b);
            }
            in.clear();
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new IOException("QMP timed out");
            }
            selector.select(Math.max(1, left / 1_000_000));
            selector.selectedKeys().clear();
            if (channel.read(in) < 0) {
                throw new IOException("QMP socket closed by QEMU");
            }
        }
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException | NullPointerException ignored) {
            // closing anyway
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** QEMU refused a command; {@code desc} is its own explanation. */
    static final class QmpException extends IOException {
        private final String errorClass;

        QmpException(String command, String errorClass, String desc) {
            super("QMP " + command + " failed: " + desc);
            this.errorClass = errorClass;
        }

        String errorClass() {
            return errorClass;
        }
    }
}
