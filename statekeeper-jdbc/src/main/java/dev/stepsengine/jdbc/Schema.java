package dev.stepsengine.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Function;

/**
 * The keeper's tables and their versioned migrations (SEMANTICS J1). Migrations run in one write
 * transaction under the dialect's schema lock, so two processes that start at once on an empty
 * database both succeed: the second finds the work done.
 */
final class Schema {
  /** The schema version this code writes and reads. */
  static final int CURRENT_VERSION = 2;

  /** Migration {@code i} brings the schema from version {@code i} to {@code i + 1}. */
  private static final List<Function<Dialect, List<String>>> MIGRATIONS = List.of(d -> List.of(
      "CREATE TABLE steps_execution ("
          + " execution_id TEXT PRIMARY KEY,"
          + " created_at BIGINT NOT NULL)",
      "CREATE TABLE steps_state ("
          + " execution_id TEXT NOT NULL,"
          + " state_name TEXT NOT NULL,"
          + " status TEXT NOT NULL,"
          + " reason TEXT NOT NULL,"
          + " message TEXT NOT NULL,"
          + " updated_at BIGINT NOT NULL,"
          + " version BIGINT NOT NULL,"
          + " owner TEXT NOT NULL,"
          + " lease_expires_at BIGINT,"
          + " PRIMARY KEY (execution_id, state_name))",
      "CREATE TABLE steps_transition ("
          + " id " + d.identityColumn + ","
          + " execution_id TEXT NOT NULL,"
          + " state_name TEXT NOT NULL,"
          + " from_status TEXT NOT NULL,"
          + " to_status TEXT NOT NULL,"
          + " reason TEXT NOT NULL,"
          + " message TEXT NOT NULL,"
          + " owner TEXT NOT NULL,"
          + " at BIGINT NOT NULL,"
          + " version BIGINT NOT NULL)",
      "CREATE INDEX steps_transition_by_state ON steps_transition (execution_id, state_name)",
      "CREATE TABLE steps_throttle ("
          + " throttle_key TEXT PRIMARY KEY,"
          + " last_start BIGINT,"
          + " last_success BIGINT)"),
      // version 2: durable step outputs (SEMANTICS R18) and the attempt of each transition (J6)
      d -> List.of(
          "ALTER TABLE steps_state ADD COLUMN outputs TEXT",
          "ALTER TABLE steps_transition ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1",
          // history retention (J6) deletes the oldest rows of one execution
          "CREATE INDEX steps_transition_by_execution ON steps_transition (execution_id, id)"));

  private Schema() {}

  /** Creates or migrates the schema to {@link #CURRENT_VERSION}; returns the version found before. */
  static int migrate(Transactions tx) throws SQLException {
    return tx.write(c -> {
      tx.dialect.lockSchema(c);
      execute(c, "CREATE TABLE IF NOT EXISTS steps_schema (version INTEGER NOT NULL, applied_at BIGINT NOT NULL)");
      int found = version(c);
      if (found > CURRENT_VERSION) {
        throw new SQLException("the database has steps schema version " + found + " but this keeper knows only up to "
            + CURRENT_VERSION + ": upgrade steps-statekeeper-jdbc");
      }
      for (int v = found; v < CURRENT_VERSION; v++) {
        for (String sql : MIGRATIONS.get(v).apply(tx.dialect)) {
          execute(c, sql);
        }
        execute(c, "INSERT INTO steps_schema (version, applied_at) VALUES (" + (v + 1) + ", "
            + System.currentTimeMillis() + ")");
      }
      return found;
    });
  }

  /** Returns the schema version recorded in the database (0 when none). */
  static int version(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM steps_schema")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
