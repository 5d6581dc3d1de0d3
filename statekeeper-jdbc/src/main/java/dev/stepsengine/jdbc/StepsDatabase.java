package dev.stepsengine.jdbc;

import dev.stepsengine.StateKeeperException;
import dev.stepsengine.StepStatus;
import dev.stepsengine.throttling.ThrottleStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import dev.stepsengine.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The database that keeps step states, leases, history and throttle times: SQLite or PostgreSQL
 * behind a {@link DataSource}. Opening it creates or migrates the schema (SEMANTICS J1). It also
 * answers the questions of a status view: which executions exist, what state their steps are in,
 * and how they got there.
 *
 * <pre>{@code
 * try (StepsDatabase db = StepsDatabase.open(DriverManagerDataSource.sqlite(Path.of("steps.db")))) {
 *   for (ExecutionStatus e : db.executions()) {
 *     System.out.println(e.executionId() + " " + e.states());
 *   }
 * }
 * }</pre>
 *
 * <p><b>Connections.</b> Every read and write runs on one connection. Given a pool (HikariCP or
 * your container's), the database borrows a connection for each call and gives it back at once,
 * so the pool's sizing, validation and lifetimes apply. Given a plain data source, whose every
 * {@code getConnection()} opens a new physical connection (the drivers' own {@code
 * SQLiteDataSource} and {@code PGSimpleDataSource}, {@link DriverManagerDataSource}, Spring's
 * driver-based ones), it keeps up to {@link Builder#keepConnections} connections open and reuses
 * them; see {@link Builder#keepConnections} for how it tells the two apart. A connection that is
 * lost (server restart, network) is replaced: the call runs once more on a new connection, unless
 * the loss came while a write was committing. {@link #close()} closes the kept connections.
 *
 * <p>Thread-safe: concurrent calls run on different connections.
 */
public final class StepsDatabase implements AutoCloseable {
  /** The default {@link Builder#lockTimeout}, in seconds. */
  public static final int DEFAULT_LOCK_TIMEOUT_SECONDS = 5;
  private static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(DEFAULT_LOCK_TIMEOUT_SECONDS);
  /** The default {@link Builder#keepConnections} for a plain data source: connections kept open at most. */
  public static final int DEFAULT_KEPT_CONNECTIONS = 4;
  final Transactions tx;
  private final Clock clock;
  final HistoryRetention retention;

  private StepsDatabase(Transactions tx, Clock clock, HistoryRetention retention) {
    this.tx = tx;
    this.clock = clock;
    this.retention = retention;
  }

  /**
   * Opens the database behind {@code dataSource} with the default options, creating or migrating
   * the schema; safe when other processes open it at the same moment (SEMANTICS J1).
   *
   * @param dataSource the database; pass a pool (see {@link Builder})
   * @return the opened database
   * @throws StateKeeperException the database is unreachable, unsupported, or has a newer schema
   */
  public static StepsDatabase open(DataSource dataSource) {
    return builder(dataSource).open();
  }

  /**
   * Starts opening the database behind {@code dataSource} with options.
   *
   * @param dataSource the database; pass a pool (see {@link Builder})
   * @return a builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * Returns a view of this database that reads lease expiry on {@code clock} (for tests with a
   * manual clock); the default is the system clock.
   *
   * @param clock the clock
   * @return the view
   */
  public StepsDatabase withClock(Clock clock) {
    return new StepsDatabase(tx, Objects.requireNonNull(clock, "clock"), retention);
  }

  /**
   * Returns a view of this database whose writes pause between retries with {@code sleeper} (the
   * engine's, so that tests with a {@code ManualClock} never sleep); a pause that is interrupted
   * ends the write.
   *
   * @param sleeper the sleeper
   * @return the view
   */
  public StepsDatabase withSleeper(Sleeper sleeper) {
    return new StepsDatabase(tx.withSleeper(Objects.requireNonNull(sleeper, "sleeper")), clock, retention);
  }

  /**
   * Returns the bound of the total time one write waits for locks other connections hold.
   *
   * @return the bound of the total time one write waits for locks other connections hold
   */
  public Duration lockTimeout() {
    return tx.lockTimeout;
  }

  /**
   * Returns how many idle connections this database keeps open for reuse at most; 0 when it
   * borrows a connection from the data source for every call (a pool). See
   * {@link Builder#keepConnections}.
   *
   * @return the number of connections kept open at most, or 0
   */
  public int keptConnections() {
    return tx.connections.keep();
  }

  /**
   * Closes the connections this database keeps open (those in use are closed when their call
   * ends); then every call fails with a {@link StateKeeperException} saying it is closed. Views
   * ({@link #withClock}, {@link #withSleeper}) share the connections: closing one closes all. A
   * data source or pool passed in is not closed (it is the caller's). Calling it again does nothing.
   * A database that is never closed has its kept connections closed once it is garbage collected,
   * a safety net rather than a substitute for this call.
   */
  @Override
  public void close() {
    tx.connections.close();
  }

  /**
   * Returns how much transition history is kept (SEMANTICS J6).
   *
   * @return the retention
   */
  public HistoryRetention historyRetention() {
    return retention;
  }

  /**
   * Deletes the history rows of every execution that the retention does not keep (the keeper
   * prunes the execution it writes by itself; call this from a periodic job to prune executions no
   * longer run).
   *
   * @return how many rows were deleted
   */
  public int pruneHistory() {
    Instant now = clock.instant();
    return callInTransaction("pruning the history", c -> retention.pruneAll(tx.tables, c, now));
  }

  /**
   * Returns the schema version of the database.
   *
   * @return the version its tables are at
   */
  public int schemaVersion() {
    return call("reading the schema version", c -> Schema.version(tx.tables, c));
  }

  /**
   * Returns the name of the database product: {@code SQLite} or {@code PostgreSQL}.
   *
   * @return the name of the database product
   */
  public String productName() {
    return tx.dialect == Dialect.SQLITE ? "SQLite" : "PostgreSQL";
  }

  /**
   * Returns a throttle store in this database (SEMANTICS R4, J6), for {@code Throttler.using(store)}.
   *
   * @return a throttle store in this database (SEMANTICS R4, J6), for {@code Throttler.using(store)}
   */
  public ThrottleStore throttleStore() {
    return new JdbcThrottleStore(this);
  }

  /**
   * Returns every execution with its step states, oldest first.
   *
   * @return every execution with its step states, oldest first
   */
  public List<ExecutionStatus> executions() {
    return call("listing executions", c -> {
      List<ExecutionStatus> out = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(tx.tables.sql("SELECT execution_id, created_at FROM steps_execution"
              + " ORDER BY created_at, execution_id"))) {
        while (rs.next()) {
          out.add(new ExecutionStatus(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), List.of()));
        }
      }
      List<ExecutionStatus> withStates = new ArrayList<>(out.size());
      for (ExecutionStatus e : out) {
        withStates.add(new ExecutionStatus(e.executionId(), e.createdAt(), states(c, e.executionId())));
      }
      return withStates;
    });
  }

  /**
   * Returns the execution {@code executionId} with its step states, when any state of it was written.
   *
   * @param executionId the execution id
   * @return the execution {@code executionId} with its step states, when any state of it was written
   */
  public Optional<ExecutionStatus> execution(String executionId) {
    return call("reading execution " + executionId, c -> {
      try (PreparedStatement ps = tx.tables.prepare(c, "SELECT created_at FROM steps_execution WHERE execution_id = ?")) {
        ps.setString(1, executionId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          Instant created = Instant.ofEpochMilli(rs.getLong(1));
          return Optional.of(new ExecutionStatus(executionId, created, states(c, executionId)));
        }
      }
    });
  }

  /**
   * Returns the transition history of {@code executionId} in the order the transitions were committed (SEMANTICS J6).
   *
   * @param executionId the execution id
   * @return the transition history of {@code executionId} in the order the transitions were committed (SEMANTICS J6)
   */
  public List<StepTransition> history(String executionId) {
    return call("reading the history of " + executionId, c -> {
      try (PreparedStatement ps = tx.tables.prepare(c, "SELECT execution_id, state_name, from_status, to_status,"
          + " reason, message, owner, at, version, attempt FROM steps_transition WHERE execution_id = ? ORDER BY id")) {
        ps.setString(1, executionId);
        List<StepTransition> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new StepTransition(rs.getString(1), rs.getString(2), StepStatus.valueOf(rs.getString(3)),
                StepStatus.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7),
                Instant.ofEpochMilli(rs.getLong(8)), rs.getLong(9), rs.getInt(10)));
          }
        }
        return out;
      }
    });
  }

  /**
   * Resets state {@code stateName} of {@code executionId} to {@link StepStatus#PENDING} (reason
   * {@code Reset}, outputs dropped), so the next run runs its step again (SEMANTICS J7). The reset
   * is a transition in the history, written by {@code by}. A worker that read the state before the
   * reset has its next write of it refused ({@link StateConflictException}).
   *
   * @param executionId the execution
   * @param stateName the state (as the step declares it, such as {@code WorkerDeployed})
   * @param by who resets it, for the history (a user or tool name)
   * @param force reset even a {@code RUNNING} state whose lease is live (its worker may still be running the step)
   * @return whether the state existed and was reset; {@code false} when it was never written or is already reset
   * @throws IllegalStateException the state is running under a live lease and {@code force} is false
   * @throws IllegalArgumentException a name is blank, too long or holds a NUL (SEMANTICS J9)
   */
  public boolean resetStep(String executionId, String stateName, String by, boolean force) {
    String e = Values.name("executionId", Objects.requireNonNull(executionId, "executionId"));
    String s = Values.name("state name", Objects.requireNonNull(stateName, "stateName"));
    String who = Values.name("by", Objects.requireNonNull(by, "by"));
    Instant now = clock.instant();
    return !callInTransaction("resetting state '" + s + "' of " + e,
        c -> Administration.reset(tx.tables, c, e, s, who, force, now)).isEmpty();
  }

  /**
   * Resets every state of {@code executionId} to {@link StepStatus#PENDING} in one transaction, so
   * the next run runs the whole pipeline again; the history is kept and each reset is a transition
   * in it (SEMANTICS J7).
   *
   * @param executionId the execution
   * @param by who resets it, for the history
   * @param force reset even states whose lease is live
   * @return the names of the states reset, in name order
   * @throws IllegalStateException a state is running under a live lease and {@code force} is false
   */
  public List<String> resetExecution(String executionId, String by, boolean force) {
    String e = Values.name("executionId", Objects.requireNonNull(executionId, "executionId"));
    String who = Values.name("by", Objects.requireNonNull(by, "by"));
    Instant now = clock.instant();
    return callInTransaction("resetting " + e, c -> Administration.reset(tx.tables, c, e, null, who, force, now));
  }

  /**
   * Deletes execution {@code executionId}: its states, history and throttle times, in one
   * transaction (SEMANTICS J7). The next run with that id starts from scratch.
   *
   * @param executionId the execution
   * @param force delete even when a state is running under a live lease
   * @return whether the execution existed
   * @throws IllegalStateException a state is running under a live lease and {@code force} is false
   */
  public boolean deleteExecution(String executionId, boolean force) {
    String e = Values.name("executionId", Objects.requireNonNull(executionId, "executionId"));
    Instant now = clock.instant();
    return callInTransaction("deleting " + e, c -> Administration.delete(tx.tables, c, e, force, now));
  }

  private List<dev.stepsengine.StepState> states(Connection c, String executionId) throws SQLException {
    Instant now = clock.instant();
    List<dev.stepsengine.StepState> states = new ArrayList<>();
    for (StateRow row : StateRow.all(tx.tables, c, executionId)) {
      states.add(row.toStepState(now));
    }
    return states;
  }

  /** Runs a read and turns a failure into a {@link StateKeeperException} saying what was being done. */
  <T> T call(String what, Transactions.Work<T> work) {
    try {
      return tx.read(work);
    } catch (SQLException e) {
      throw new StateKeeperException(what + " failed: " + e.getMessage(), e);
    }
  }

  /** Runs a write transaction and turns a failure into a {@link StateKeeperException} saying what was being done. */
  <T> T callInTransaction(String what, Transactions.Work<T> work) {
    try {
      return tx.write(work);
    } catch (SQLException e) {
      throw new StateKeeperException(what + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Runs a write transaction that bounds its own lock waits ({@link Transactions.BoundedWork}) and
   * turns a failure into a {@link StateKeeperException} saying what was being done.
   */
  <T> T callInTransaction(String what, Transactions.BoundedWork<T> work) {
    try {
      return tx.writeBounded(work);
    } catch (SQLException e) {
      throw new StateKeeperException(what + " failed: " + e.getMessage(), e);
    }
  }

  /** The write-ahead log lets readers go on while one process writes; it survives SIGKILL like the rollback journal. */
  private static void useWriteAheadLog(Connection c, Duration lockTimeout) throws SQLException {
    Dialect.SQLITE.prepare(c, lockTimeout);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode = WAL");
    } catch (SQLException busy) {
      // another process is switching it at this moment; the mode is stored in the file, so it is set either way
      if (!Dialect.SQLITE.isTransient(busy)) {
        throw busy;
      }
    }
  }

  /**
   * Opens a {@link StepsDatabase} with options.
   *
   * <p>The data source: a connection pool, HikariCP ({@code com.zaxxer:HikariCP}) recommended, when
   * many threads of the process write (the database borrows a connection per call); or a plain data
   * source such as {@link DriverManagerDataSource}, whose connections the database keeps open itself
   * ({@link #keepConnections}). On SQLite, one writer at a time, a few connections are enough either way.
   */
  public static final class Builder {
    private final DataSource dataSource;
    private Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;
    private Sleeper sleeper = d -> Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
    private HistoryRetention retention = HistoryRetention.DEFAULT;
    private boolean autoMigrate = true;
    private Tables tables = Tables.DEFAULT;
    private Integer keepConnections;

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * Bounds the total time one write waits for locks another connection or process holds (the
     * SQLite write lock, PostgreSQL row locks), all retries together; then the write fails with a
     * {@link StateKeeperException} naming the lock. Default: {@value #DEFAULT_LOCK_TIMEOUT_SECONDS} seconds.
     *
     * @param lockTimeout a positive duration
     * @return this builder
     */
    public Builder lockTimeout(Duration lockTimeout) {
      Objects.requireNonNull(lockTimeout, "lockTimeout");
      if (lockTimeout.isNegative() || lockTimeout.isZero()) {
        throw new IllegalArgumentException("lockTimeout must be positive, was " + lockTimeout);
      }
      this.lockTimeout = lockTimeout;
      return this;
    }

    /**
     * Sets how writes pause between retries after a conflict. Default: {@link Thread#sleep}.
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Sets how much transition history is kept (SEMANTICS J6). Default:
     * {@link HistoryRetention#DEFAULT}, the newest 1000 rows per execution, no age limit.
     *
     * @param retention the retention, such as {@code HistoryRetention.DEFAULT.withMaxAge(Duration.ofDays(30))}
     * @return this builder
     */
    public Builder historyRetention(HistoryRetention retention) {
      this.retention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    /**
     * Sets whether {@link #open()} creates or migrates the schema (SEMANTICS J8). Default: {@code
     * true}. Turned off, the schema must already be at the version this module needs (apply the SQL
     * files the jar ships under {@code dev/stepsengine/jdbc/schema/<sqlite|postgresql>/} with
     * Flyway, Liquibase or your own tool); {@code open()} checks it and changes nothing.
     *
     * @param autoMigrate whether to migrate
     * @return this builder
     */
    public Builder autoMigrate(boolean autoMigrate) {
      this.autoMigrate = autoMigrate;
      return this;
    }

    /**
     * Sets the prefix of the table names (SEMANTICS J8): {@code <prefix>state},
     * {@code <prefix>transition}, {@code <prefix>execution}, {@code <prefix>throttle},
     * {@code <prefix>schema}. Default: {@code steps_}. A prefix that is not a lower-case identifier
     * (a letter, then letters, digits or {@code _}; at most 40 characters) is refused here.
     *
     * @param prefix the prefix, such as {@code billing_steps_}
     * @return this builder
     * @throws IllegalArgumentException the prefix is not an identifier
     */
    public Builder tablePrefix(String prefix) {
      this.tables = Tables.withPrefix(prefix);
      return this;
    }

    /**
     * Sets how many idle connections the database keeps open between calls, for reuse. {@code 0}:
     * borrow a connection from the data source for every read and write and close it at once (it
     * goes back to its pool). {@code n > 0}: keep up to {@code n} open and reuse them; a call that
     * finds none idle opens one, and one given back while {@code n} are idle is closed, so calls
     * never wait for each other; {@link StepsDatabase#close()} closes them.
     *
     * <p>Default: {@value StepsDatabase#DEFAULT_KEPT_CONNECTIONS} when the data source is of (a
     * subclass of) a class known to open a physical connection on each {@code getConnection()}:
     * {@link DriverManagerDataSource}, {@code org.sqlite.SQLiteDataSource}, {@code
     * org.postgresql.ds.PGSimpleDataSource} or {@code PGConnectionPoolDataSource}, Spring's {@code
     * DriverManagerDataSource} or {@code SimpleDriverDataSource}; {@code 0} for any other, which is
     * taken to be a pool, since keeping a pool's connections would take them from its other users
     * and defeat its validation and lifetimes. Set it for a plain data source the database does not
     * know, such as a wrapper of one of those.
     *
     * @param keepConnections how many idle connections to keep open, or 0
     * @return this builder
     * @throws IllegalArgumentException it is negative
     */
    public Builder keepConnections(int keepConnections) {
      if (keepConnections < 0) {
        throw new IllegalArgumentException("keepConnections must be 0 (borrow from a pool for every call) or"
            + " positive (connections kept open), was " + keepConnections);
      }
      this.keepConnections = keepConnections;
      return this;
    }

    /**
     * Opens the database, creating or migrating the schema.
     *
     * @return the database
     * @throws StateKeeperException the database is unreachable, unsupported, or has a newer schema
     */
    public StepsDatabase open() {
      int keep = keepConnections != null ? keepConnections
          : Connections.isPlain(dataSource) ? DEFAULT_KEPT_CONNECTIONS : 0;
      Connections connections = new Connections(dataSource, keep);
      try {
        Dialect dialect;
        String where;
        Connection c = connections.take();
        boolean healthy = false;
        try {
          dialect = Dialect.of(c);
          where = c.getMetaData().getURL();
          if (dialect == Dialect.SQLITE) {
            useWriteAheadLog(c, lockTimeout);
          }
          healthy = true;
        } finally {
          connections.give(c, healthy);
        }
        Transactions tx = new Transactions(connections, dialect, where, lockTimeout, sleeper, tables);
        if (autoMigrate) {
          Schema.migrate(tx);
        } else {
          Schema.check(tx);
        }
        return new StepsDatabase(tx, Clock.systemUTC(), retention);
      } catch (SQLException | RuntimeException e) {
        connections.close();
        if (e instanceof SQLException) {
          throw new StateKeeperException("opening the steps database failed: " + e.getMessage(), e);
        }
        throw (RuntimeException) e;
      }
    }
  }
}
