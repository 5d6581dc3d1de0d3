package dev.stepsengine.jdbc;

import dev.stepsengine.StepState;
import dev.stepsengine.StepStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of the administration calls of {@link StepsDatabase} (SEMANTICS J7): resetting states
 * and deleting executions. A reset is a write like the keeper's (version + 1, one history row);
 * a live lease is refused unless the caller forces it.
 */
final class Administration {
  /** The reason written with the pending state a reset leaves. */
  static final String REASON_RESET = "Reset";

  private Administration() {}

  /** Resets the states of {@code executionId} named in {@code only} (all when {@code null}); returns the names reset. */
  static List<String> reset(Tables t, Connection c, String executionId, String stateName, String by, boolean force,
      Instant now) throws SQLException {
    List<StateRow> rows = new ArrayList<>();
    for (StateRow row : StateRow.all(t, c, executionId)) {
      if (stateName == null || row.name().equals(stateName)) {
        rows.add(row);
      }
    }
    checkNoLiveLease(rows, executionId, force, now, "reset");
    List<String> reset = new ArrayList<>();
    for (StateRow row : rows) {
      if (row.status() == StepStatus.PENDING && row.outputs() == null && row.reason().equals(REASON_RESET)) {
        continue; // already reset: a second reset writes nothing
      }
      StepState pending = new StepState(row.name(), StepStatus.PENDING, REASON_RESET, "reset by " + by, now);
      StateRow.update(t, c, executionId, by, pending, now.toEpochMilli(), null, row.version());
      StateRow.insertTransition(t, c, executionId, by, pending, row.status(), now.toEpochMilli(), row.version() + 1, 1);
      reset.add(row.name());
    }
    return reset;
  }

  /** Deletes {@code executionId}: states, history, throttle times; returns whether it existed. */
  static boolean delete(Tables t, Connection c, String executionId, boolean force, Instant now) throws SQLException {
    checkNoLiveLease(StateRow.all(t, c, executionId), executionId, force, now, "delete");
    for (String table : List.of("steps_state", "steps_transition")) {
      try (PreparedStatement ps = t.prepare(c, "DELETE FROM " + table + " WHERE execution_id = ?")) {
        ps.setString(1, executionId);
        ps.executeUpdate();
      }
    }
    String throttlePrefix = "Execution/" + executionId + ":"; // the keeper's summary is the throttle partition
    try (PreparedStatement ps = t.prepare(c, "DELETE FROM steps_throttle WHERE substr(throttle_key, 1, ?) = ?")) {
      ps.setInt(1, throttlePrefix.length());
      ps.setString(2, throttlePrefix);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = t.prepare(c, "DELETE FROM steps_execution WHERE execution_id = ?")) {
      ps.setString(1, executionId);
      return ps.executeUpdate() == 1;
    }
  }

  private static void checkNoLiveLease(List<StateRow> rows, String executionId, boolean force, Instant now,
      String what) {
    if (force) {
      return;
    }
    for (StateRow row : rows) {
      if (row.isLiveLease(now)) {
        throw new IllegalStateException("state '" + row.name() + "' of " + executionId + " is RUNNING under a live"
            + " lease of " + row.owner() + " until " + Instant.ofEpochMilli(row.leaseExpiresAt()) + "; refusing to "
            + what + " it while that worker may still run the step (wait for the lease to end, or force)");
      }
    }
  }
}
