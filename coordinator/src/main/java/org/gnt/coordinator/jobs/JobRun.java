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

    JobRun(JobQueue queue, JobState state) {
        this.queue = queue;
        this.state = state;
    }

    long id() {
        return state.id();
    }

    @Override
    public int compareTo(JobRun o) {
        int c = Integer.compare(state.priority(), o.state.priority());
        return c != 0 ? c : Long.compare(state.id(), o.state.id());
    }

    @Override
    public void run() {
        try {
            execute();
        } catch (ConfigStore.FencedException e) {
            LOG.warn("job {} stopped: this coordinator was deposed", state.id());
        } catch (RuntimeException e) {
            LOG.error("job {} failed unexpectedly", state.id(), e);
            fail(indexOfFirstUnfinished(), OpErrors.exec("Internal error: " + e));
        } finally {
            queue.finished(state.id());
        }
    }

    private void execute() {
        long epoch = queue.epoch();
        for (int i = 0; i < state.ops().size(); i++) {
            OpState op = state.ops().get(i);
            if (op.status() == JobStatus.SUCCESS) {
                continue;
            }
            boolean resumed = op.status() == JobStatus.RUNNING;
            final int index = i;
            Instant now = Instant.now();
            state = state.withOp(i, o -> o.started(o.startTs() == null ? now : o.startTs()), epoch)
                    .withStatus(JobStatus.RUNNING, now, epoch);
            queue.publish(state);
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
                    feedback(index, epoch));
            JsonNode result;
            try (LockManager.Held held = queue.locks().acquire(lu.locks(opcode, queue.config()))) {
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
            } catch (ConfigStore.FencedException e) {
                throw e;
            } catch (PluginException e) {
                fail(i, e.kind() == ErrorKind.INVAL || e.kind() == ErrorKind.EXISTS || e.kind() == ErrorKind.NOENT
                        ? OpErrors.prereq(e) : OpErrors.exec(e.getMessage()));
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(i, OpErrors.exec("Interrupted while waiting for locks"));
                return;
            }
            JsonNode r = result == null ? NullNode.instance : result;
            Instant end = Instant.now();
            state = state.withOp(i, o -> o.finished(JobStatus.SUCCESS, r, end), epoch);
        }
        state = state.withStatus(JobStatus.SUCCESS, Instant.now(), epoch);
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
