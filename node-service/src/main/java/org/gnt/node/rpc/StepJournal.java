package org.gnt.node.rpc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.gnt.bus.Json;
import org.gnt.bus.rpc.NodeRpcReply;
import org.gnt.plugins.ErrorKind;

/**
 * The node's record of the job steps it ran ({@code NodeRpcRequest.stepKey}), so that a step is
 * executed at most once even when a new master re-sends it after a failover. Each step is written
 * (and forced to disk) as {@code start} before it runs and as {@code done} with its outcome after.
 * A repeat of a step that is done gets the first outcome; one still running waits for it; one that
 * started before this node service restarted and never finished gets an error, because whether it
 * took effect is unknown and running it again could do it twice.
 *
 * <p>The file holds one JSON object per line; it is rewritten at start to its newest
 * {@link #KEEP} steps.
 */
public final class StepJournal implements AutoCloseable {
    static final int KEEP = 20_000;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String key, String phase, String command, long jobId, Instant at, NodeRpcReply.RpcError error,
                        com.fasterxml.jackson.databind.JsonNode result) {
    }

    /** What a step's outcome is: its result, or its error. */
    public record Outcome(com.fasterxml.jackson.databind.JsonNode result, NodeRpcReply.RpcError error) {
    }

    private final Path file;
    private final FileChannel out;
    /** Finished steps and steps interrupted by a restart (error outcome), newest last. */
    private final LinkedHashMap<String, Outcome> finished = new LinkedHashMap<>();
    private final Map<String, CompletableFuture<Outcome>> running = new java.util.HashMap<>();

    public StepJournal(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.getParent());
            List<Entry> kept = load(file);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel w = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                for (Entry e : kept) {
                    write(w, e);
                }
                w.force(true);
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            this.out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the step journal " + file, e);
        }
    }

    private List<Entry> load(Path f) throws IOException {
        Map<String, Entry> last = new LinkedHashMap<>();
        if (Files.exists(f)) {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                Entry e;
                try {
                    e = Json.MAPPER.readValue(line, Entry.class);
                } catch (IOException ex) {
                    continue; // a line torn by a crash: its step never reached "done"
                }
                last.remove(e.key());
                last.put(e.key(), e);
            }
        }
        List<Entry> kept = new ArrayList<>();
        int skip = Math.max(0, last.size() - KEEP);
        for (Entry e : last.values()) {
            if (skip-- > 0) {
                continue;
            }
            if (e.phase().equals("start")) {
                e = new Entry(e.key(), "interrupted", e.command(), e.jobId(), e.at(), new NodeRpcReply.RpcError(
                        ErrorKind.ENVIRON.code(), "this node's service restarted while it ran step " + e.key() + " ("
                        + e.command() + "); whether it took effect is unknown, so it is not run again", false), null);
            }
            kept.add(e);
            finished.put(e.key(), new Outcome(e.result(), e.error()));
        }
        return kept;
    }

    /**
     * Runs {@code action} as step {@code key} unless the journal knows it: then the recorded (or
     * in-flight) outcome is returned and {@code action} is not called.
     */
    public Outcome run(String key, String command, long jobId, Supplier<Outcome> action) {
        CompletableFuture<Outcome> mine;
        CompletableFuture<Outcome> other;
        synchronized (this) {
            Outcome known = finished.get(key);
            if (known != null) {
                return known;
            }
            other = running.get(key);
            mine = null;
            if (other == null) {
                append(new Entry(key, "start", command, jobId, Instant.now(), null, null), true);
                mine = new CompletableFuture<>();
                running.put(key, mine);
            }
        }
        if (other != null) {
            return other.join(); // outside the lock: the running step needs it to finish
        }
        Outcome o;
        Error fatal = null;
        try {
            o = action.get();
        } catch (Throwable e) { // even an Error must end the step, or its repeats would wait forever
            o = new Outcome(null, new NodeRpcReply.RpcError(ErrorKind.FAULT.code(), e.toString(), false));
            if (e instanceof Error err && !(e instanceof LinkageError)) {
                fatal = err;
            }
        }
        finish(key, command, jobId, o, mine);
        if (fatal != null) {
            throw fatal;
        }
        return o;
    }

    private void finish(String key, String command, long jobId, Outcome o, CompletableFuture<Outcome> mine) {
        try {
            synchronized (this) {
                finished.put(key, o);
                running.remove(key);
                if (finished.size() > 2 * KEEP) {
                    var oldest = finished.keySet().iterator();
                    for (int i = 0; i < KEEP; i++) {
                        oldest.next();
                        oldest.remove();
                    }
                }
                append(new Entry(key, "done", command, jobId, Instant.now(), o.error(), o.result()), false);
            }
        } finally {
            mine.complete(o); // the outcome is known in memory even if the journal could not record it
        }
    }

    /** How many steps the journal holds (for tests and diagnostics). */
    public synchronized int size() {
        return finished.size() + running.size();
    }

    private void append(Entry e, boolean force) {
        try {
            write(out, e);
            if (force) {
                out.force(false);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write the step journal " + file, ex);
        }
    }

    private static void write(FileChannel ch, Entry e) throws IOException {
        byte[] line = (Json.MAPPER.writeValueAsString(e) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.wrap(line);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
