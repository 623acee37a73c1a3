package org.gnt.coordinator.exec;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.bus.opcode.OpCode;
import org.gnt.coordinator.config.ConfigStore;
import org.gnt.coordinator.locks.LockRequest;

/**
 * Ganeti's logical unit: the phases every opcode goes through on the master. {@link #locks} names
 * what to lock (ExpandNames/DeclareLocks), {@link #checkPrereq} refuses with OpPrereqError semantics
 * and must not change anything, {@link #exec} does the node RPCs and config commits.
 *
 * <p>{@code exec} must be safe to run again after a master died in the middle of it
 * ({@link LuContext#resumed()}): it first undoes or skips what the earlier run already did.
 */
public interface LogicalUnit<T extends OpCode> {
    List<LockRequest> locks(T op, ConfigStore config);

    void checkPrereq(T op, LuContext ctx);

    JsonNode exec(T op, LuContext ctx);
}
