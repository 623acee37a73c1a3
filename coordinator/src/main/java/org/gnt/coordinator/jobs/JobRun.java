package org.gnt.coordinator.jobs;

import java.time.Instant;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.job.LogEntry;
import org.gnt.bus.job.OpErrors;
import org.gnt.bus.job.OpState;
import org.gnt.bus.opcode.OpCode;
import org.gnt.bus.opcode.OpCodes;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.exec.LogicalUnit;
import org.gnt.coordinator.exec.LuContext;
import org.gnt.coordinator.exec.LuRegistry;
import org.gnt.coordinator.locks.LockManager;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job's opcodes in order (Ganeti's job processor): each opcode is parsed, locked,
 * checked and executed by its logical unit, and every transition is published to
 * {@code jobs.state}. An opcode found {@code running} was interrupted by a master failover and
 * is executed again in resume mode; opcodes already successful are not run again.
 */
final class JobRun implements Runnable, Comparable<JobRun> {
    private static final Logger LOG = LoggerFactory.getLogger(JobRun.class);

    private final JobQueue queue;
    private JobState state;
    /** Guarded by this: once an opcode holds its locks and runs, the job can no longer be canceled. */
    private boolean started;
    private boolean cancelRequested;
    private boolean killRequested;
    private Thread worker;

    JobRun(JobQueue queue, JobState state) {
        this.queue = queue;
        this.state = state;
    }

    long id() {
        return state.id();
    }

    /**
     * Asks the job to stop before it runs: true when it will end as canceled (it had not started,
     * or it was waiting for locks), false when an opcode already runs.
     */
    synchronized boolean requestCancel() {
        if (started) {
            return false;
        }
        cancelRequested = true;
        if (worker != null) {
            worker.interrupt(); // wakes it if it waits for a lock
        }
        return true;
    }

    /**
     * Stops the job even if an opcode runs ({@code gnt-job cancel --kill}): the worker is
     * interrupted, so an opcode blocked in a delay, a node call or a lock wait ends at once; node
     * work already sent is not recalled, and the job's log says the opcode was cut short.
     */
    synchronized void requestKill() {
        cancelRequested = true;
        killRequested = true;
        if (worker != null) {
            worker.interrupt();
        }
    }

    /** Called when the job never reached a worker thread: records it canceled. */
    void cancelUnstarted() {
        cancel(0);
    }

    /** Called when the job fails before it ever ran (bad dependencies, or one not satisfied). */
    void failUnstarted(JsonNode error) {
        fail(indexOfFirstUnfinished(), error);
    }

    /** The job waits for other jobs before it may start: Ganeti shows it as waiting. */
    void waitingFor(java.util.List<String> what) {
        markWaiting(indexOfFirstUnfinished(), "Waiting for " + String.join(", ", what) + " to finish");
    }

    /** For a job still in the queue (not on a worker): the new priority, published. */
    void reprioritise(int priority) {
        state = state.withPriority(priority, queue.epoch());
        queue.publish(state);
    }

    private synchronized boolean beginOpcode() {
        if (cancelRequested) {
            Thread.interrupted();
            return false;
        }
        started = true;
        return true;
    }

    private synchronized void endOpcode() {
        started = false;
        Thread.interrupted(); // a cancel that came too late must not disturb the next opcode's wait
    }

    @Override
    public int compareTo(JobRun o) {
        int c = Integer.compare(state.priority(), o.state.priority());
        return c != 0 ? c : Long.compare(state.id(), o.state.id());
    }

    @Override
    public void run() {
        synchronized (this) {
            worker = Thread.currentThread();
        }
        boolean held = false;
        try {
            if (notStarted()) {
                org.gnt.bus.filter.Decision d = queue.admit(this, state);
                switch (d.verdict()) {
                    case PAUSE, RATE_LIMITED -> {
                        // held by the filter gate, still queued; it comes back here when released,
                        // unless a cancel came while it was being held
                        held = !cancelWhileHeld();
                        return;
                    }
                    case REJECT -> {
                        cancel(0, d.describe(state.id()));
                        return;
                    }
                    case ACCEPT -> { }
                }
            }
            execute();
        } catch (ConfigStore.FencedException e) {
            LOG.warn("job {} stopped: this coordinator was deposed", state.id());
            queue.fenced();
        } catch (RuntimeException e) {
            LOG.error("job {} failed unexpectedly", state.id(), e);
            fail(indexOfFirstUnfinished(), OpErrors.exec("Internal error: " + e));
        } finally {
            synchronized (this) {
                if (worker == Thread.currentThread()) { // a job released by the filter gate may already run elsewhere
                    worker = null;
                }
            }
            Thread.interrupted();
            if (!held) {
                queue.finished(state.id());
            }
        }
    }

    /** A cancel that arrived while the job was being held by a filter: the job ends canceled now. */
    private boolean cancelWhileHeld() {
        synchronized (this) {
            if (!cancelRequested) {
                return false;
            }
        }
        if (!queue.unhold(this)) {
            return false; // released meanwhile: the next run sees the request and cancels
        }
        cancel(0);
        return true;
    }

    /** No opcode has run yet (a job resumed after failover mid-opcode has, and is not filtered again). */
    private boolean notStarted() {
        return state.ops().stream().noneMatch(o -> o.startTs() != null || o.status().isFinal());
    }

    private void execute() {
        long epoch = queue.epoch();
        Instant end = null;
        for (int i = 0; i < state.ops().size(); i++) {
            OpState op = state.ops().get(i);
            if (op.status() == JobStatus.SUCCESS) {
                continue;
            }
            // started (holding its locks) under an earlier master, even if it waited for a lock again since
            boolean resumed = op.startTs() != null;
            final int index = i;
            OpCode opcode;
            LogicalUnit<OpCode> lu;
            boolean dryRun;
            try {
                opcode = OpCodes.parse(op.input());
                dryRun = OpCodes.common(op.input()).dryRun();
                lu = LuRegistry.unitFor(opcode);
            } catch (PluginException e) {
                fail(i, OpErrors.prereq(e));
                return;
            }
            LuContext ctx = new LuContext(queue.config(), queue.rpc(), queue.inventory(), state.id(), i, resumed,
                    feedback(index, epoch), op.steps(), (step, r) -> {
                        state = state.withOp(index, o -> o.withStep(step, r), epoch);
                        queue.publishDurably(state);
                    }, queue::isOpen);
            JsonNode result;
            LockManager.Held held;
            try {
                held = queue.locks().acquire(lu.locks(opcode, queue.config()), blocked -> markWaiting(index,
                        "Waiting for lock " + blocked.key() + (blocked.exclusive() ? " (exclusive)" : " (shared)")));
            } catch (InterruptedException e) {
                cancel(i);
                return;
            }
            try (held) {
                if (!beginOpcode()) {
                    cancel(i);
                    return;
                }
                Instant now = Instant.now();
                state = state.withOp(i, o -> o.started(o.startTs() == null ? now : o.startTs()), epoch)
                        .withStatus(JobStatus.RUNNING, now, epoch);
                queue.publish(state);
                try {
                    lu.checkPrereq(opcode, ctx);
                } catch (PluginException e) {
                    if (e instanceof ConfigStore.FencedException) {
                        throw e;
                    }
                    fail(i, OpErrors.prereq(e));
                    return;
                }
                // dry-run: checks only, as Ganeti does
                result = dryRun ? NullNode.instance : lu.exec(opcode, ctx);
                // stamped while the locks are still held, so a job waiting on them always starts later
                end = Instant.now();
            } catch (ConfigStore.FencedException e) {
                throw e;
            } catch (PluginException e) {
                if (killed()) {
                    cancel(i, "Job killed by request while running; it may have left its work half done: "
                            + e.getMessage());
                    return;
                }
                fail(i, e.kind() == ErrorKind.INVAL || e.kind() == ErrorKind.EXISTS || e.kind() == ErrorKind.NOENT
                        ? OpErrors.prereq(e) : OpErrors.exec(e.getMessage()));
                return;
            } finally {
                endOpcode();
            }
            JsonNode r = result == null ? NullNode.instance : result;
            Instant opEnd = end;
            state = state.withOp(i, o -> o.finished(JobStatus.SUCCESS, r, opEnd), epoch);
        }
        state = state.withStatus(JobStatus.SUCCESS, end == null ? Instant.now() : end, epoch);
        queue.publish(state);
    }

    /** Opcode {@code index} cannot start yet (a lock, another job): the job shows as waiting, and why. */
    private void markWaiting(int index, String why) {
        long epoch = queue.epoch();
        LogEntry e = new LogEntry(state.lastLogSerial() + 1, Instant.now(), "message", why);
        state = state.withOp(index, o -> o.withStatus(JobStatus.WAITING).withLog(e), epoch)
                .withStatus(JobStatus.WAITING, Instant.now(), epoch);
        queue.publish(state);
    }

    private synchronized boolean killed() {
        return killRequested;
    }

    /** Marks every unfinished opcode from {@code index} on, and the job, canceled. */
    private void cancel(int index) {
        cancel(index, "Job canceled by request");
    }

    private void cancel(int index, String why) {
        long epoch = queue.epoch();
        Instant now = Instant.now();
        for (int j = index; j < state.ops().size(); j++) {
            if (!state.ops().get(j).status().isFinal()) {
                state = state.withOp(j, o -> o.finished(JobStatus.CANCELED,
                        com.fasterxml.jackson.databind.node.TextNode.valueOf(why), now),
                        epoch);
            }
        }
        state = state.withStatus(JobStatus.CANCELED, now, epoch);
        queue.publish(state);
    }

    private Consumer<String> feedback(int index, long epoch) {
        return message -> {
            LogEntry e = new LogEntry(state.lastLogSerial() + 1, Instant.now(), "message", message);
            state = state.withOp(index, o -> o.withLog(e), epoch);
            queue.publish(state);
        };
    }

    private int indexOfFirstUnfinished() {
        for (int i = 0; i < state.ops().size(); i++) {
            if (!state.ops().get(i).status().isFinal()) {
                return i;
            }
        }
        return Math.max(0, state.ops().size() - 1);
    }

    /** Marks opcode {@code index} failed with {@code error}, later ones failed too, and the job failed. */
    private void fail(int index, JsonNode error) {
        long epoch = queue.epoch();
        Instant now = Instant.now();
        state = state.withOp(index, o -> o.finished(JobStatus.ERROR, error, now), epoch);
        for (int j = index + 1; j < state.ops().size(); j++) {
            state = state.withOp(j, o -> o.finished(JobStatus.ERROR, OpErrors.exec("Preceding opcode failed"), now),
                    epoch);
        }
        state = state.withStatus(JobStatus.ERROR, now, epoch);
        queue.publish(state);
    }
}
