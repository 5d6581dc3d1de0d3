package dev.stepsengine.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link JdbcStateKeeper} knows of its execution besides the states, so that a write sends
 * only the statements that can change something (issue 13): whether the execution's row exists
 * (the first state insert writes it), and how many history rows there are and how old the oldest
 * is (the retention's {@code DELETE} runs only when it can delete something, SEMANTICS J6). Read
 * with the states, in the same query, at the first read of each run; then counted forward with
 * this keeper's own writes. Rows other workers write to the same execution in the meantime are
 * counted at the next run's read, so the history holds at most the retention plus those rows.
 * Until the first read, and after a write that failed (it may or may not have been committed),
 * nothing is known and every write sends every statement, as before. Thread-safe.
 */
final class ExecutionFacts {
  /** The states of an execution and what is known of its row and history, as one query read them. */
  record Read(List<StateRow> rows, boolean executionExists, long historyRows, Long oldestHistoryAt) {}

  private boolean known;
  private boolean executionExists;
  private long historyRows;
  /** The {@code at} of the oldest history row, or a lower bound of it; {@code null} for no rows. */
  private Long oldestAt;

  /** Reads the states of {@code executionId} (ordered by state name) with the facts, in one query. */
  static Read read(Tables t, Connection c, String executionId) throws SQLException {
    try (PreparedStatement ps = t.prepare(c, "SELECT " + StateRow.COLUMNS + ", x.e, h.n, h.oldest"
        + " FROM (SELECT COUNT(*) AS n, MIN(at) AS oldest FROM steps_transition WHERE execution_id = ?) AS h"
        + " CROSS JOIN (SELECT COUNT(*) AS e FROM steps_execution WHERE execution_id = ?) AS x"
        + " LEFT JOIN steps_state ON steps_state.execution_id = ? ORDER BY state_name")) {
      ps.setString(1, executionId);
      ps.setString(2, executionId);
      ps.setString(3, executionId);
      List<StateRow> rows = new ArrayList<>();
      boolean exists = false;
      long history = 0;
      Long oldest = null;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          exists = rs.getLong(11) > 0;
          history = rs.getLong(12);
          long at = rs.getLong(13);
          oldest = rs.wasNull() ? null : at;
          if (rs.getString(1) != null) {
            rows.add(StateRow.of(rs));
          }
        }
      }
      return new Read(rows, exists, history, oldest);
    }
  }

  /** Takes the facts of {@code read} as what is known now. */
  synchronized void learn(Read read) {
    known = true;
    executionExists = read.executionExists();
    historyRows = read.historyRows();
    oldestAt = read.oldestHistoryAt();
  }

  /** Forgets everything: a write failed, so what it left is unknown until the next read. */
  synchronized void forget() {
    known = false;
  }

  /** Returns whether a write that inserts a state must insert the execution's row too (it may not exist). */
  synchronized boolean needsExecutionRow() {
    return !known || !executionExists;
  }

  /**
   * Returns whether a final write that adds one history row at {@code at} must apply {@code
   * retention}: it may find rows to delete then.
   */
  synchronized boolean needsPrune(HistoryRetention retention, Instant now, long at) {
    if (retention.keepsEverything()) {
      return false;
    }
    if (!known) {
      return true;
    }
    int limit = retention.rowsPerExecution();
    if (limit > 0 && historyRows + 1 > limit) {
      return true;
    }
    if (retention.maxAge() == null) {
      return false;
    }
    long cutoff = now.minus(retention.maxAge()).toEpochMilli();
    return Math.min(at, oldestAt == null ? Long.MAX_VALUE : oldestAt) < cutoff;
  }

  /**
   * Counts a committed write of this keeper: the execution's row exists, one history row at
   * {@code at} was added, and when {@code pruned}, {@code retention} was applied at {@code now}.
   */
  synchronized void wrote(long at, boolean pruned, HistoryRetention retention, Instant now) {
    executionExists = true;
    historyRows++;
    oldestAt = oldestAt == null ? at : Math.min(oldestAt, at);
    if (pruned) {
      if (retention.rowsPerExecution() > 0) {
        historyRows = Math.min(historyRows, retention.rowsPerExecution());
      }
      if (retention.maxAge() != null) {
        // what is left is at least this young; its exact age is read at the next run
        oldestAt = Math.max(oldestAt, now.minus(retention.maxAge()).toEpochMilli());
      }
    }
  }
}
