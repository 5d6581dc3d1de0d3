package dev.stepsengine.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;

/**
 * Everything that differs between the supported databases (SEMANTICS J2). The SQL of the keeper
 * is otherwise the same on both: {@code INSERT ... ON CONFLICT} and plain {@code BIGINT} epoch
 * milliseconds for times work on SQLite 3.24+ and PostgreSQL 9.5+.
 */
enum Dialect {
  /** SQLite: one writer at a time, so a write transaction takes the write lock when it begins. */
  SQLITE {
    @Override
    void prepare(Connection c, Duration lockWait) throws SQLException {
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true); // a pooled connection may come without it; BEGIN IMMEDIATE below needs it
      }
      try (Statement s = c.createStatement()) {
        // wait for the other writer instead of failing at once with SQLITE_BUSY, at most what is left of the bound
        s.execute("PRAGMA busy_timeout = " + millis(lockWait));
      }
    }

    @Override
    void begin(Connection c) throws SQLException {
      // IMMEDIATE: take the write lock now, so a read-then-write transaction never deadlocks on upgrade
      execute(c, "BEGIN IMMEDIATE");
    }

    @Override
    void boundLockWaits(Connection c, Duration lockWait) {
      // the busy timeout prepare() set bounds the wait for the write lock
    }

    @Override
    String lockWaitColumn() {
      return null;
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

    @Override
    boolean isLockTimeout(SQLException e) {
      return false; // SQLITE_BUSY after the busy timeout: Transactions bounds the total wait
    }

    @Override
    String lockName() {
      return "the SQLite database write lock (BEGIN IMMEDIATE)";
    }
  },

  /** PostgreSQL: row locks and optimistic versions; schema changes under an advisory lock. */
  POSTGRESQL {
    @Override
    void prepare(Connection c, Duration lockWait) {}

    @Override
    void begin(Connection c) throws SQLException {
      c.setAutoCommit(false);
    }

    @Override
    void boundLockWaits(Connection c, Duration lockWait) throws SQLException {
      // bounds each wait for a row lock another transaction holds; part of this transaction, no commit of its own
      execute(c, "SET LOCAL lock_timeout = " + millis(lockWait));
    }

    @Override
    String lockWaitColumn() {
      // the same as SET LOCAL, as a column of the write's first query: one statement fewer per write
      return "set_config('lock_timeout', ?, true)";
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

    @Override
    boolean isLockTimeout(SQLException e) {
      return "55P03".equals(e.getSQLState()); // lock_not_available: lock_timeout passed
    }

    @Override
    String lockName() {
      return "a PostgreSQL row or table lock of the steps tables";
    }
  };

  /** The advisory lock key that serialises schema migrations on PostgreSQL ("steps" in ASCII). */
  static final long SCHEMA_LOCK_KEY = 0x7374657073L;

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

  /** Sets up a freshly borrowed connection; a lock is waited for at most {@code lockWait}. */
  abstract void prepare(Connection c, Duration lockWait) throws SQLException;

  /** Begins a write transaction; {@link #boundLockWaits} or {@link #lockWaitColumn} bounds its lock waits. */
  abstract void begin(Connection c) throws SQLException;

  /** In a write transaction {@link #begin} began: bounds each of its lock waits to {@code lockWait}. */
  abstract void boundLockWaits(Connection c, Duration lockWait) throws SQLException;

  /**
   * Returns a select-list expression with one {@code ?} (the lock wait in ms, as text) that does
   * what {@link #boundLockWaits} does for the rest of the transaction, for a write to fold into its
   * first query; {@code null} when {@link #boundLockWaits} sends nothing.
   */
  abstract String lockWaitColumn();

  /**
   * Returns whether a prepared statement may hold several statements, sent in one round trip
   * ({@link Batch}); otherwise each is prepared and run alone.
   */
  boolean sendsStatementsTogether() {
    return this == POSTGRESQL;
  }

  /** Returns {@code lockWait} in whole milliseconds, at least 1. */
  static long millis(Duration lockWait) {
    return Math.max(1, Math.min(Integer.MAX_VALUE, lockWait.toMillis()));
  }

  /** Commits the transaction {@link #begin} began. */
  abstract void commit(Connection c) throws SQLException;

  /** Rolls back the transaction {@link #begin} began. */
  abstract void rollback(Connection c) throws SQLException;

  /** Inside a write transaction: waits until no other process migrates the schema. */
  abstract void lockSchema(Connection c) throws SQLException;

  /** Returns whether {@code e} is a conflict with a concurrent writer that a retry resolves. */
  abstract boolean isTransient(SQLException e);

  /** Returns whether {@code e} says a lock wait passed the database's own lock timeout. */
  abstract boolean isLockTimeout(SQLException e);

  /** Returns the name of the lock a write waits for, for messages. */
  abstract String lockName();

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
