package dev.stepsengine.jdbc;

import java.lang.ref.Cleaner;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a {@link StepsDatabase} gets its connections. Given a pool, it borrows one for each read
 * or write and gives it back at once ({@code keep == 0}). Given a plain data source, whose every
 * {@code getConnection()} opens a physical connection, it keeps up to {@code keep} of them open
 * between calls and reuses them, most recently used first; a thread that finds none idle opens
 * one, and one given back while {@code keep} are idle is closed, so calls never wait for each
 * other here. A connection that failed is closed, not kept ({@link Transactions} then retries on a
 * new one). {@link #close()} closes the idle ones, and those in use when they are given back; a
 * cleaner does the same for one that was never closed once it is unreachable (a safety net, as for
 * a pool nobody closed).
 */
final class Connections implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Connections.class);

  /**
   * The data source classes (or a superclass of them) whose {@code getConnection()} opens a new
   * physical connection each time: the drivers' own and Spring's driver-based ones. Matched by
   * name, so that no driver is needed to compile or load this class.
   */
  static final Set<String> PLAIN_DATA_SOURCES = Set.of(
      "dev.stepsengine.jdbc.DriverManagerDataSource",
      "org.sqlite.SQLiteDataSource",
      "org.postgresql.ds.PGSimpleDataSource",
      "org.postgresql.ds.PGConnectionPoolDataSource",
      "org.springframework.jdbc.datasource.AbstractDriverBasedDataSource");

  /** How long {@link #isLost} waits for the database to answer. */
  private static final int VALIDATION_TIMEOUT_SECONDS = 2;

  /** Closes the kept connections of a {@link Connections} nobody closed once it is unreachable. */
  private static final Cleaner CLEANER = Cleaner.create(r -> {
    Thread t = new Thread(r, "steps-connections-cleaner");
    t.setDaemon(true);
    return t;
  });

  /** The data source connections come from. */
  final DataSource dataSource;
  private final int keep;
  /** The idle connections; package-private so that a test can see when the cleaner let go of them. */
  final Idle idle = new Idle();
  private final Cleaner.Cleanable cleanable;
  /**
   * The lock wait (ms) last set on each kept connection ({@link Dialect#prepare}), so that it is
   * set once per connection rather than once per call. Only kept connections: nobody else uses
   * them, so nobody else changes it; a pool's connection is shared and gets it on every call.
   */
  private final Map<Connection, Long> lockWaits = Collections.synchronizedMap(new WeakHashMap<>());

  Connections(DataSource dataSource, int keep) {
    this.dataSource = dataSource;
    this.keep = keep;
    this.cleanable = keep > 0 ? CLEANER.register(this, idle) : idle::close;
  }

  /**
   * The idle connections and whether they are closed for good: what the cleaner closes, so it
   * holds no reference to its {@link Connections}.
   */
  static final class Idle implements Runnable {
    private final ArrayDeque<Connection> connections = new ArrayDeque<>();
    private boolean closed;

    /** Returns the most recently given back connection, or {@code null}; fails once closed. */
    synchronized Connection poll() throws SQLException {
      if (closed) {
        throw new SQLException("the steps database was closed (StepsDatabase.close() or the keeper that opened it"
            + " was closed); open it again to go on");
      }
      return connections.pollFirst();
    }

    /** Keeps {@code c} when fewer than {@code keep} are idle and not closed; returns whether it did. */
    synchronized boolean offer(Connection c, int keep) {
      if (closed || connections.size() >= keep) {
        return false;
      }
      connections.addFirst(c);
      return true;
    }

    /** Closes the idle connections. */
    void discard() {
      List<Connection> out;
      synchronized (this) {
        out = new ArrayList<>(connections);
        connections.clear();
      }
      for (Connection c : out) {
        closeQuietly(c);
      }
    }

    /** Closes the idle connections and refuses any from now on. */
    void close() {
      synchronized (this) {
        closed = true;
      }
      discard();
    }

    /** Run by the cleaner when the {@link Connections} was not closed. */
    @Override
    public void run() {
      close();
    }
  }

  /** Returns whether {@code dataSource} is of (a subclass of) one of the {@link #PLAIN_DATA_SOURCES}. */
  static boolean isPlain(DataSource dataSource) {
    for (Class<?> c = dataSource.getClass(); c != null; c = c.getSuperclass()) {
      if (PLAIN_DATA_SOURCES.contains(c.getName())) {
        return true;
      }
    }
    return false;
  }

  /** Returns how many idle connections are kept open at most; 0 when each call borrows one. */
  int keep() {
    return keep;
  }

  /** Returns a kept connection, or one from the data source when none is idle. */
  Connection take() throws SQLException {
    Connection c = idle.poll();
    return c != null ? c : dataSource.getConnection();
  }

  /**
   * Gives {@code c} back: kept for the next call when it is {@code healthy} and fewer than
   * {@link #keep()} are idle, else closed (a pooled one goes back to its pool).
   */
  void give(Connection c, boolean healthy) {
    if (!(keep > 0 && healthy && idle.offer(c, keep))) {
      closeQuietly(c);
    }
  }

  /** Returns whether {@code c} is a kept connection whose lock wait was set to {@code millis} already. */
  boolean hasLockWait(Connection c, long millis) {
    return keep > 0 && Long.valueOf(millis).equals(lockWaits.get(c));
  }

  /** Remembers that the lock wait of {@code c} is {@code millis} now, when {@code c} is a kept connection. */
  void lockWaitSet(Connection c, long millis) {
    if (keep > 0) {
      lockWaits.put(c, millis);
    }
  }

  /** Closes the idle connections: one failed, and the others most likely died of the same cause. */
  void discardIdle() {
    idle.discard();
  }

  /**
   * Closes the idle connections and refuses {@link #take()} from now on; connections in use are
   * closed when given back. One that is never closed is closed this way once it is unreachable.
   */
  @Override
  public void close() {
    cleanable.clean();
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException | RuntimeException e) {
      LOG.debug("closing a steps database connection failed", e);
    }
  }

  /**
   * Returns whether {@code c} is lost after {@code failure}: the failure names a connection problem
   * (SQL state class {@code 08}), or the connection is no longer valid.
   */
  static boolean isLost(Connection c, SQLException failure) {
    String state = failure.getSQLState();
    if (state != null && state.startsWith("08")) {
      return true;
    }
    try {
      return c.isClosed() || !c.isValid(VALIDATION_TIMEOUT_SECONDS);
    } catch (SQLException | RuntimeException e) {
      return true;
    }
  }
}
