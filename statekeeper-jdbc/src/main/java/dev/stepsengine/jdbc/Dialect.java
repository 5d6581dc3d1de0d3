package dev.stepsengine.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Everything that differs between the supported databases (SEMANTICS J2). The SQL of the keeper
 * is otherwise the same on both: {@code INSERT ... ON CONFLICT} and plain {@code BIGINT} epoch
 * milliseconds for times work on SQLite 3.24+ and PostgreSQL 9.5+.
 */
enum Dialect {
  /** SQLite: one writer at a time, so a write transaction takes the write lock when it begins. */
  SQLITE("INTEGER PRIMARY KEY AUTOINCREMENT") {
    @Override
    void prepare(Connection c) throws SQLException {
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true); // a pooled connection may come without it; BEGIN IMMEDIATE below needs it
      }
      try (Statement s = c.createStatement()) {
        // wait for the other writer instead of failing at once with SQLITE_BUSY
        s.execute("PRAGMA busy_timeout = 30000");
      }
    }

    @Override
    void begin(Connection c) throws SQLException {
      // IMMEDIATE: take the write lock now, so a read-then-write transaction never deadlocks on upgrade
      execute(c, "BEGIN IMMEDIATE");
    }

    @Override
    void commit(Connection c) throws SQLException {
      execute(c, "COMMIT");
    }

    @Override
    void rollback(Connection c) throws SQLException {
      execute(c, "ROLLBACK");
    }

    @Override
    void lockSchema(Connection c) {
      // BEGIN IMMEDIATE already serialises every writer, schema migrations included
    }

    @Override
    boolean isTransient(SQLException e) {
      String m = String.valueOf(e.getMessage());
      return e.getErrorCode() == 5 || e.getErrorCode() == 6 || m.contains("SQLITE_BUSY") || m.contains("SQLITE_LOCKED");
    }
  },

  /** PostgreSQL: row locks and optimistic versions; schema changes under an advisory lock. */
  POSTGRESQL("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY") {
    @Override
    void prepare(Connection c) {}

    @Override
    void begin(Connection c) throws SQLException {
      c.setAutoCommit(false);
    }

    @Override
    void commit(Connection c) throws SQLException {
      c.commit();
      c.setAutoCommit(true);
    }

    @Override
    void rollback(Connection c) throws SQLException {
      c.rollback();
      c.setAutoCommit(true);
    }

    @Override
    void lockSchema(Connection c) throws SQLException {
      // CREATE TABLE IF NOT EXISTS is not safe against a concurrent creator in PostgreSQL
      execute(c, "SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK_KEY + ")");
    }

    @Override
    boolean isTransient(SQLException e) {
      String state = String.valueOf(e.getSQLState());
      // serialization failure, deadlock, and a concurrent insert of the same key
      return state.equals("40001") || state.equals("40P01") || state.equals("23505");
    }
  };

  /** The advisory lock key that serialises schema migrations on PostgreSQL ("steps" in ASCII). */
  static final long SCHEMA_LOCK_KEY = 0x7374657073L;

  /** The column definition of an auto-increment primary key. */
  final String identityColumn;

  Dialect(String identityColumn) {
    this.identityColumn = identityColumn;
  }

  /** Returns the dialect of the database {@code c} is connected to. */
  static Dialect of(Connection c) throws SQLException {
    String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
    if (product.contains("sqlite")) {
      return SQLITE;
    }
    if (product.contains("postgres")) {
      return POSTGRESQL;
    }
    throw new SQLException("unsupported database '" + product + "': the JDBC keeper supports SQLite and PostgreSQL");
  }

  /** Sets up a freshly borrowed connection. */
  abstract void prepare(Connection c) throws SQLException;

  /** Begins a write transaction. */
  abstract void begin(Connection c) throws SQLException;

  /** Commits the transaction {@link #begin} began. */
  abstract void commit(Connection c) throws SQLException;

  /** Rolls back the transaction {@link #begin} began. */
  abstract void rollback(Connection c) throws SQLException;

  /** Inside a write transaction: waits until no other process migrates the schema. */
  abstract void lockSchema(Connection c) throws SQLException;

  /** Returns whether {@code e} is a conflict with a concurrent writer that a retry resolves. */
  abstract boolean isTransient(SQLException e);

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
