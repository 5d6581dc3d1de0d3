package dev.stepsengine.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How much transition history the database keeps (SEMANTICS J6): rows younger than a maximum age
 * and at most a number of the newest rows per execution. The keeper applies it to an execution in
 * the transaction that writes a step's final state (never in a {@code RUNNING} write) when it can
 * delete something (counted from the run's read of the states), so the history of a busy
 * execution stays bounded without a job of its own;
 * {@link StepsDatabase#pruneHistory()} applies it to every execution.
 *
 * @param maxAge rows older than this are deleted; {@code null} for no age limit
 * @param rowsPerExecution the newest rows kept per execution; 0 for no limit
 */
public record HistoryRetention(Duration maxAge, int rowsPerExecution) {
  /** The default: no age limit, the newest {@value #DEFAULT_ROWS_PER_EXECUTION} rows per execution. */
  public static final HistoryRetention DEFAULT = new HistoryRetention(null, 1000);
  /** The rows per execution kept by default. */
  public static final int DEFAULT_ROWS_PER_EXECUTION = 1000;
  /** Keeps everything. */
  public static final HistoryRetention FOREVER = new HistoryRetention(null, 0);

  /**
   * Checks the bounds.
   *
   * @param maxAge how old a history row may get, {@code null} for no age limit
   * @param rowsPerExecution how many of the newest rows each execution keeps, 0 for no row limit
   * @throws IllegalArgumentException a negative or zero age, or a negative row count
   */
  public HistoryRetention {
    if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
      throw new IllegalArgumentException("history maxAge must be positive, was " + maxAge);
    }
    if (rowsPerExecution < 0) {
      throw new IllegalArgumentException("history rowsPerExecution must not be negative, was " + rowsPerExecution);
    }
  }

  /**
   * Returns a retention keeping rows younger than {@code maxAge}, and no more than {@link #rowsPerExecution()}.
   *
   * @param maxAge a positive age
   * @return the retention
   */
  public HistoryRetention withMaxAge(Duration maxAge) {
    return new HistoryRetention(Objects.requireNonNull(maxAge, "maxAge"), rowsPerExecution);
  }

  /**
   * Returns a retention keeping the newest {@code rows} per execution (0: no limit), and the same age limit.
   *
   * @param rows the rows per execution
   * @return the retention
   */
  public HistoryRetention withRowsPerExecution(int rows) {
    return new HistoryRetention(maxAge, rows);
  }

  /**
   * Returns the age limit.
   *
   * @return the maximum age, when there is one
   */
  public Optional<Duration> maxAgeLimit() {
    return Optional.ofNullable(maxAge);
  }

  /** Returns whether nothing is ever deleted. */
  boolean keepsEverything() {
    return maxAge == null && rowsPerExecution == 0;
  }

  /** Deletes what this retention does not keep of {@code executionId}'s history; returns the rows deleted. */
  int prune(Tables t, Connection c, String executionId, Instant now) throws SQLException {
    int deleted = 0;
    if (maxAge != null) {
      try (PreparedStatement ps = t.prepare(c, "DELETE FROM steps_transition WHERE execution_id = ? AND at < ?")) {
        ps.setString(1, executionId);
        ps.setLong(2, now.minus(maxAge).toEpochMilli());
        deleted += ps.executeUpdate();
      }
    }
    if (rowsPerExecution > 0) {
      try (PreparedStatement ps = t.prepare(c, "DELETE FROM steps_transition WHERE execution_id = ? AND id <="
          + " (SELECT id FROM steps_transition WHERE execution_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)")) {
        ps.setString(1, executionId);
        ps.setString(2, executionId);
        ps.setInt(3, rowsPerExecution);
        deleted += ps.executeUpdate();
      }
    }
    return deleted;
  }

  /** Deletes what this retention does not keep of every execution's history; returns the rows deleted. */
  int pruneAll(Tables t, Connection c, Instant now) throws SQLException {
    int deleted = 0;
    if (maxAge != null) {
      try (PreparedStatement ps = t.prepare(c, "DELETE FROM steps_transition WHERE at < ?")) {
        ps.setLong(1, now.minus(maxAge).toEpochMilli());
        deleted += ps.executeUpdate();
      }
    }
    if (rowsPerExecution > 0) {
      try (PreparedStatement ps = t.prepare(c, "DELETE FROM steps_transition WHERE id IN (SELECT id FROM"
          + " (SELECT id, ROW_NUMBER() OVER (PARTITION BY execution_id ORDER BY id DESC) AS n FROM steps_transition)"
          + " AS ranked WHERE n > ?)")) {
        ps.setInt(1, rowsPerExecution);
        deleted += ps.executeUpdate();
      }
    }
    return deleted;
  }
}
