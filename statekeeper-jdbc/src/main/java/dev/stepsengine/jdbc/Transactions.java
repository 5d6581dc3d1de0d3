package dev.stepsengine.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * Runs units of work on a connection of the data source: reads in auto-commit mode, writes as one
 * transaction each (SEMANTICS J4), retried when a concurrent writer got in the way.
 */
final class Transactions {
  /** How often a write that met a concurrent writer is tried before the failure is reported. */
  static final int MAX_ATTEMPTS = 50;

  /** Work done on a connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Thrown inside a write when an optimistic version check failed: the transaction is retried. */
  static final class Conflict extends SQLException {
    Conflict(String message) {
      super(message);
    }
  }

  final DataSource dataSource;
  final Dialect dialect;

  Transactions(DataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  /** Runs {@code work} outside a transaction. */
  <T> T read(Work<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      dialect.prepare(c);
      return work.run(c);
    }
  }

  /** Runs {@code work} in one write transaction, retrying it after a conflict with another writer. */
  <T> T write(Work<T> work) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        return writeOnce(work);
      } catch (SQLException e) {
        boolean transientFailure = e instanceof Conflict || dialect.isTransient(e);
        if (!transientFailure || attempt >= MAX_ATTEMPTS) {
          throw e;
        }
        // a short random pause so that racing writers do not collide again in lock step
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(100_000, 1_000_000L * Math.min(attempt, 20)));
      }
    }
  }

  private <T> T writeOnce(Work<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      dialect.prepare(c);
      dialect.begin(c);
      try {
        T result = work.run(c);
        dialect.commit(c);
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          dialect.rollback(c);
        } catch (SQLException rollbackFailure) {
          e.addSuppressed(rollbackFailure);
        }
        throw e;
      }
    }
  }
}
