package dev.stepsengine.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Statements of one write transaction whose parameters are all known before the first runs, sent
 * in one round trip where the driver can ({@link Dialect#sendsStatementsTogether()}: PostgreSQL's
 * driver sends a prepared statement of several statements as one message sequence) and one after
 * the other otherwise (SQLite runs in the process: nothing to save).
 */
final class Batch {
  /** Binds one statement's parameters, the first at index {@code first}. */
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement ps, int first) throws SQLException;
  }

  private final List<String> sql = new ArrayList<>();
  private final List<Integer> parameters = new ArrayList<>();
  private final List<Binder> binders = new ArrayList<>();

  /** Adds {@code statement} (written with the default table names), which has {@code count} parameters. */
  Batch add(String statement, int count, Binder binder) {
    sql.add(statement);
    parameters.add(count);
    binders.add(binder);
    return this;
  }

  /** Returns how many statements were added. */
  int size() {
    return sql.size();
  }

  /** Runs the statements in order; returns each one's update count ({@code -1} for a query, whose rows are read and dropped). */
  int[] run(Tables t, Dialect dialect, Connection c) throws SQLException {
    int[] counts = new int[sql.size()];
    if (!dialect.sendsStatementsTogether() || sql.size() == 1) {
      for (int i = 0; i < sql.size(); i++) {
        try (PreparedStatement ps = t.prepare(c, sql.get(i))) {
          binders.get(i).bind(ps, 1);
          counts[i] = ps.execute() ? drain(ps.getResultSet()) : ps.getUpdateCount();
        }
      }
      return counts;
    }
    try (PreparedStatement ps = t.prepare(c, String.join(";\n", sql))) {
      int first = 1;
      for (int i = 0; i < sql.size(); i++) {
        binders.get(i).bind(ps, first);
        first += parameters.get(i);
      }
      boolean rows = ps.execute();
      for (int i = 0; i < counts.length; i++) {
        if (i > 0) {
          rows = ps.getMoreResults();
        }
        counts[i] = rows ? drain(ps.getResultSet()) : ps.getUpdateCount();
      }
    }
    return counts;
  }

  private static int drain(ResultSet rs) throws SQLException {
    try (rs) {
      while (rs.next()) {
        // a query's rows (the lock wait's setting) are not needed
      }
    }
    return -1;
  }
}
