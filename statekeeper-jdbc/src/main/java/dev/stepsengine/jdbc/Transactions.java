package dev.stepsengine.jdbc;

import dev.stepsengine.Sleeper;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs units of work on a connection of the data source ({@link Connections}: borrowed from a
 * pool or kept open): reads in auto-commit mode, writes as one transaction each (SEMANTICS J4),
 * retried when a concurrent writer got in the way. A unit of work whose connection turns out to be
 * lost (the server restarted, a firewall dropped it, it was closed) is run once more on a new
 * connection, unless the loss came while committing: then whether the write was committed is
 * unknown, and the failure is reported (SQL state {@code 08007}) rather than the write repeated. Lock waits are
 * bounded in total by the lock timeout (then {@link LockTimeout}); the pauses between retries go
 * through a {@link Sleeper} and end the retries when the thread is interrupted.
 */
final class Transactions {
  /** How often a write that met a concurrent writer is tried at most before the failure is reported. */
  static final int MAX_ATTEMPTS = 50;
  /** The first pause after a conflict; doubled after each further one up to {@link #MAX_BACKOFF}. */
  static final Duration FIRST_BACKOFF = Duration.ofMillis(1);
  /** The longest pause between two tries of one write. */
  static final Duration MAX_BACKOFF = Duration.ofMillis(100);

  /** Work done on a connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Work done in a write transaction that bounds its lock waits itself, in its first query
   * ({@link Dialect#lockWaitColumn()}), saving the statement {@link Dialect#boundLockWaits} sends.
   */
  @FunctionalInterface
  interface BoundedWork<T> {
    /**
     * Runs the work; its first query must bound the lock waits to {@code lockWaitMillis} when the
     * dialect has a {@link Dialect#lockWaitColumn()}.
     */
    T run(Connection c, long lockWaitMillis) throws SQLException;
  }

  /** Thrown inside a write when an optimistic version check failed: the transaction is retried. */
  static final class Conflict extends SQLException {
    Conflict(String message) {
      super(message);
    }
  }

  /** A write waited longer than the lock timeout for a lock another connection holds. */
  static final class LockTimeout extends SQLException {
    LockTimeout(String message, SQLException cause) {
      super(message, cause.getSQLState(), cause.getErrorCode(), cause);
    }
  }

  /** The pause between retries was interrupted: the write is given up. */
  static final class Interrupted extends SQLException {
    Interrupted(String message, InterruptedException cause) {
      super(message, cause);
    }
  }

  final Connections connections;
  final Dialect dialect;
  /** The database, for messages: its JDBC URL. */
  final String where;
  final Duration lockTimeout;
  final Sleeper sleeper;
  /** The names of the tables (J8). */
  final Tables tables;

  Transactions(Connections connections, Dialect dialect, String where, Duration lockTimeout, Sleeper sleeper,
      Tables tables) {
    this.connections = connections;
    this.dialect = dialect;
    this.where = where;
    this.lockTimeout = lockTimeout;
    this.sleeper = sleeper;
    this.tables = tables;
  }

  /** Returns these transactions pausing between retries with {@code sleeper}. */
  Transactions withSleeper(Sleeper sleeper) {
    return new Transactions(connections, dialect, where, lockTimeout, sleeper, tables);
  }

  /** Runs {@code work} outside a transaction. */
  <T> T read(Work<T> work) throws SQLException {
    for (int tries = 1; ; tries++) {
      Connection c = connections.take();
      boolean healthy = true;
      try {
        prepare(c, lockTimeout);
        return work.run(c);
      } catch (SQLException e) {
        if (lost(c, e)) {
          healthy = false;
          if (tries == 1) {
            connections.discardIdle();
            continue; // a read changes nothing: run it again on a new connection
          }
        }
        throw e;
      } finally {
        connections.give(c, healthy);
      }
    }
  }

  /** Returns whether {@code e} left {@code c} lost; a conflict or lock wait says nothing about the connection. */
  private boolean lost(Connection c, SQLException e) {
    return !(e instanceof Conflict) && !dialect.isTransient(e) && !dialect.isLockTimeout(e)
        && Connections.isLost(c, e);
  }

  /**
   * Runs {@code work} in one write transaction, retrying it after a conflict with another writer
   * while the lock timeout allows.
   *
   * @throws LockTimeout the locks stayed taken for longer than the lock timeout
   * @throws Interrupted the thread was interrupted between two tries
   */
  <T> T write(Work<T> work) throws SQLException {
    return writeBounded((c, lockWaitMillis) -> {
      dialect.boundLockWaits(c, Duration.ofMillis(lockWaitMillis));
      return work.run(c);
    });
  }

  /**
   * Runs {@code work} in one write transaction as {@link #write(Work)} does; the work bounds its
   * lock waits itself (see {@link BoundedWork}).
   *
   * @throws LockTimeout the locks stayed taken for longer than the lock timeout
   * @throws Interrupted the thread was interrupted between two tries
   */
  <T> T writeBounded(BoundedWork<T> work) throws SQLException {
    long start = System.nanoTime();
    long bound = lockTimeout.toNanos();
    for (int attempt = 1; ; attempt++) {
      // the first try waits the whole bound, the same on every write: a kept connection keeps its setting
      long left = attempt == 1 ? bound : bound - (System.nanoTime() - start);
      try {
        return writeOnce(work, Duration.ofNanos(Math.max(left, 1_000_000L)));
      } catch (SQLException e) {
        long waited = System.nanoTime() - start;
        if (dialect.isLockTimeout(e) || (dialect.isTransient(e) && !(e instanceof Conflict) && waited >= bound)) {
          throw new LockTimeout(dialect.lockName() + " of " + where + " stayed held by another connection for more than "
              + lockTimeout.toMillis() + " ms (the lock timeout; waited " + waited / 1_000_000 + " ms over "
              + attempt + " tries): " + e.getMessage(), e);
        }
        boolean transientFailure = e instanceof Conflict || dialect.isTransient(e);
        if (!transientFailure || attempt >= MAX_ATTEMPTS) {
          throw e;
        }
        pause(attempt, e);
      }
    }
  }

  /** Backs off before try {@code attempt + 1}: exponential with jitter, so racing writers spread out. */
  private void pause(int attempt, SQLException failure) throws SQLException {
    long max = Math.min(MAX_BACKOFF.toNanos(), FIRST_BACKOFF.toNanos() << Math.min(attempt - 1, 20));
    long nanos = max / 2 + ThreadLocalRandom.current().nextLong(max / 2 + 1);
    try {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("interrupted before retrying");
      }
      sleeper.sleep(Duration.ofNanos(nanos));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Interrupted stop = new Interrupted("interrupted while waiting to retry after: " + failure.getMessage(), e);
      stop.addSuppressed(failure);
      throw stop;
    }
  }

  /** Sets the lock wait of {@code c} ({@link Dialect#prepare}), unless it is a kept connection that has it already. */
  private void prepare(Connection c, Duration lockWait) throws SQLException {
    long millis = Dialect.millis(lockWait);
    if (!connections.hasLockWait(c, millis)) {
      dialect.prepare(c, lockWait);
      connections.lockWaitSet(c, millis);
    }
  }

  private <T> T writeOnce(BoundedWork<T> work, Duration lockWait) throws SQLException {
    for (int tries = 1; ; tries++) {
      Connection c = connections.take();
      boolean healthy = true;
      boolean committing = false;
      try {
        prepare(c, lockWait);
        dialect.begin(c);
        T result = work.run(c, Dialect.millis(lockWait));
        committing = true;
        dialect.commit(c);
        return result;
      } catch (SQLException e) {
        if (rollback(c, e)) {
          throw e; // a connection that can roll back is not lost, whatever the failure was
        }
        boolean lost = lost(c, e);
        // a rollback that failed on a live connection: no transaction was open (a BEGIN that did not get
        // the lock), unless auto-commit is still off; only then is the connection reused
        healthy = !lost && autoCommitOn(c);
        if (!lost) {
          throw e;
        }
        connections.discardIdle();
        if (committing) {
          throw new SQLException("the connection to " + where + " was lost while committing, so whether the write"
              + " was committed is unknown (it is not repeated): " + e.getMessage(), "08007", e);
        }
        if (tries == 1) {
          continue; // the database rolled the transaction back when the connection went: run it again
        }
        throw e;
      } catch (RuntimeException e) {
        healthy = rollback(c, e);
        throw e;
      } finally {
        connections.give(c, healthy);
      }
    }
  }

  /**
   * Inside a write's work: rolls back what the transaction did so far and begins it again on the
   * same connection (the work then writes as if it had just begun; the lock-wait bound of a
   * PostgreSQL transaction is set again by the work's next first query).
   */
  void restart(Connection c) throws SQLException {
    dialect.rollback(c);
    dialect.begin(c);
  }

  private static boolean autoCommitOn(Connection c) {
    try {
      return c.getAutoCommit();
    } catch (SQLException e) {
      return false;
    }
  }

  /** Rolls back after {@code failure}; returns whether that worked, so that {@code c} can be reused. */
  private boolean rollback(Connection c, Exception failure) {
    try {
      dialect.rollback(c);
      return true;
    } catch (SQLException rollbackFailure) {
      failure.addSuppressed(rollbackFailure);
      return false;
    }
  }
}
