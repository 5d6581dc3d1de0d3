package dev.stepsengine.jdbc;

import dev.stepsengine.Sleeper;
import dev.stepsengine.StateKeeper;
import dev.stepsengine.StateKeeperException;
import dev.stepsengine.StepHeldElsewhereException;
import dev.stepsengine.StepState;
import dev.stepsengine.StepStatus;
import dev.stepsengine.throttling.ThrottleStore;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StateKeeper} in SQLite or PostgreSQL: the states of one execution (pipeline instance),
 * written by one worker (the owner), with the step outputs saved with each {@code SUCCEEDED}
 * state (R18). SEMANTICS J1–J9:
 *
 * <ul>
 *   <li>every write is one transaction that checks the state's version: a write based on a state
 *       another worker changed since this keeper read it is refused ({@link StateConflictException});
 *   <li>{@link StepStatus#RUNNING} is a lease held by the owner until it expires; while another
 *       owner's lease is live a running write throws {@link StepHeldElsewhereException} (the engine
 *       waits); an expired lease reads as pending, so another worker takes the step over;
 *   <li>the keeper renews its leases while steps run ({@link Builder#renewEvery});
 *   <li>each transition is written to the history in the same transaction.
 * </ul>
 *
 * <pre>{@code
 * try (JdbcStateKeeper keeper = JdbcStateKeeper.builder(dataSource, "order-42").build()) {
 *   StepsEngine.builder().stateKeeper(keeper)
 *       .throttler(Throttler.using(keeper.throttleStore()))
 *       .steps(steps).build().run();
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops lease renewal (it does not release leases) and, when the
 * keeper opened the database itself from a data source, closes the connections it keeps
 * ({@link StepsDatabase#close()}); a {@link StepsDatabase} passed in stays open.
 */
public final class JdbcStateKeeper implements StateKeeper, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcStateKeeper.class);

  /**
   * How many characters of step outputs (names and values together) the keeper stores with one
   * state (SEMANTICS R18): 64 Ki. The engine fails a step that saves more.
   */
  public static final int MAX_OUTPUT_CHARS = 65_536;

  /**
   * The reason of the history row (and of the still running state) that records a failed attempt
   * the engine retries (SEMANTICS J6); its message names the failure.
   */
  public static final String REASON_RETRYING = "Retrying";

  private final StepsDatabase db;
  private final String executionId;
  private final String owner;
  private final Duration leaseDuration;
  private final Duration renewEvery;
  private final Clock clock;
  /** Whether this keeper opened {@link #db} from a data source, and so closes it. */
  private final boolean ownsDatabase;
  /** The states whose lease this keeper holds. */
  private final Set<String> leases = ConcurrentHashMap.newKeySet();
  /** The attempts of each running state that failed and were retried (J6). */
  private final Map<String, Integer> failedAttempts = new ConcurrentHashMap<>();
  /** The rows this run read and wrote, the versions seen, the execution's facts. */
  private final KnownStates known = new KnownStates();
  private final StateWrites writes;
  private ScheduledFuture<?> renewal;

  private JdbcStateKeeper(Builder b) {
    this.db = b.db;
    this.executionId = b.executionId;
    this.owner = b.owner != null ? b.owner : "worker-" + ProcessHandle.current().pid() + "-"
        + UUID.randomUUID().toString().substring(0, 8);
    this.leaseDuration = b.leaseDuration;
    this.renewEvery = b.renewEvery != null ? b.renewEvery : b.leaseDuration.dividedBy(3);
    this.clock = b.clock;
    this.ownsDatabase = b.dataSource != null;
    this.writes = new StateWrites(db, executionId, owner, leaseDuration, known);
  }

  /**
   * Starts a keeper of execution {@code executionId} in the database behind {@code dataSource} (opened, and migrated if needed, on {@link Builder#build()}).
   *
   * @param dataSource the data source
   * @param executionId the execution id
   * @return this builder
   */
  public static Builder builder(DataSource dataSource, String executionId) {
    return new Builder(null, Objects.requireNonNull(dataSource, "dataSource"), executionId);
  }

  /**
   * Starts a keeper of execution {@code executionId} in {@code database}.
   *
   * @param database the database
   * @param executionId the execution id
   * @return this builder
   */
  public static Builder builder(StepsDatabase database, String executionId) {
    return new Builder(Objects.requireNonNull(database, "database"), null, executionId);
  }

  /**
   * Returns the execution id.
   *
   * @return the execution id
   */
  public String executionId() {
    return executionId;
  }

  /**
   * Returns the id of the worker this keeper writes as.
   *
   * @return the id of the worker this keeper writes as
   */
  public String owner() {
    return owner;
  }

  /**
   * Returns how long a running state's lease lasts after it is written or renewed.
   *
   * @return how long a running state's lease lasts after it is written or renewed
   */
  public Duration leaseDuration() {
    return leaseDuration;
  }

  /**
   * Returns the database.
   *
   * @return the database
   */
  public StepsDatabase database() {
    return db;
  }

  /**
   * Returns a throttle store in the same database (SEMANTICS J6).
   *
   * @return a throttle store in the same database (SEMANTICS J6)
   */
  public ThrottleStore throttleStore() {
    return db.throttleStore();
  }

  /**
   * Returns {@link #throttleStore()}: an engine with no throttler of its own keeps throttle times
   * in the same database (J6), so throttling survives restarts and holds across workers.
   *
   * @return the database's throttle store
   */
  @Override
  public Optional<ThrottleStore> persistentThrottleStore() {
    return Optional.of(db.throttleStore());
  }

  /**
   * Returns this execution's states as a status view shows them.
   *
   * @return this execution's states as a status view shows them
   */
  public ExecutionStatus status() {
    return db.withClock(clock).execution(executionId)
        .orElseGet(() -> new ExecutionStatus(executionId, clock.instant(), List.of()));
  }

  /**
   * Returns this execution's transition history, in commit order (SEMANTICS J6).
   *
   * @return this execution's transition history, in commit order (SEMANTICS J6)
   */
  public List<StepTransition> history() {
    return db.history(executionId);
  }

  @Override
  public Map<String, String> getSummaryAttributes() {
    return Map.of("keeper", "jdbc", "database", db.productName(), "execution", executionId, "owner", owner);
  }

  /** Returns {@code Execution/<execution id>}: the default throttle partition of engines using this keeper. */
  @Override
  public String getSummary() {
    return "Execution/" + executionId;
  }

  @Override
  public StepState getStepState(String stateName) {
    Values.name("state name", Objects.requireNonNull(stateName, "stateName"));
    StateRow row = known.read(stateName, () -> db.call("reading the states of " + executionId,
        c -> ExecutionFacts.read(db.tx.tables, c, executionId)));
    return row == null ? StepState.pending(stateName) : row.toStepState(clock.instant());
  }

  /**
   * Forgets the states read in this run, so the next read sees other workers' writes; the engine
   * calls it when a run ends (SEMANTICS K4). Writes need no flush: each is committed at once.
   */
  @Override
  public void flush() {
    known.flush();
  }

  @Override
  public void setStepState(StepState state) {
    Objects.requireNonNull(state, "state");
    String name = Values.name("state name", state.name());
    Outputs.checkSize(name, state.outputs()); // R18: a clear error before any SQL
    int attempt = attemptOf(name);
    if (state.status() == StepStatus.RUNNING) {
      attempt = 1; // a lease begins the step's attempts
    }
    store(state, attempt, false, "writing state '" + name + "' (" + state.status() + ") of " + executionId);
  }

  /** Returns {@code true}: a step's success and the next step's lease are one transaction ({@link #handOver}). */
  @Override
  public boolean supportsHandOver() {
    return true;
  }

  /**
   * Writes {@code finished} and the lease {@code running} in one transaction, so one commit (one
   * WAL flush on PostgreSQL) does the work of two: each state is checked and written as
   * {@link #setStepState} checks and writes it, with its history row. When another worker holds
   * {@code running}'s lease, {@code finished} is committed alone and then
   * {@link StepHeldElsewhereException} is thrown; when anything else fails, neither is written.
   * When the thread is interrupted before the transaction commits, the lease is left out (the
   * transaction is begun again with {@code finished} alone) and {@code false} returned, so the
   * engine stops before the next step as it would after two writes (R9).
   *
   * @param finished the final state of the step that ran
   * @param running the {@link StepStatus#RUNNING} state of the step the engine runs next
   * @return {@code true} when both were written; {@code false} when only {@code finished} was
   */
  @Override
  public boolean handOver(StepState finished, StepState running) {
    Objects.requireNonNull(finished, "finished");
    Objects.requireNonNull(running, "running");
    if (running.status() != StepStatus.RUNNING || finished.status() == StepStatus.RUNNING) {
      throw new IllegalArgumentException("a hand-over writes a final state and then a RUNNING one, not "
          + finished.status() + " and " + running.status());
    }
    String first = Values.name("state name", finished.name());
    String next = Values.name("state name", running.name());
    if (first.equals(next)) {
      throw new IllegalArgumentException("a hand-over writes two different states, not '" + first + "' twice");
    }
    Outputs.checkSize(first, finished.outputs());
    int attempt = attemptOf(first);
    failedAttempts.remove(next);
    Instant now = clock.instant();
    boolean interrupted = Thread.interrupted(); // as in store(): a write that began completes
    try {
      StateWrites.HandedOver done = writes.handOver(finished, running, now, attempt, interrupted,
          "writing state '" + first + "' (" + finished.status() + ") and the lease of '" + next + "' of " + executionId);
      if (done.held() != null) {
        throw done.held();
      }
      if (done.running() == null) {
        return false;
      }
      leases.add(next);
      scheduleRenewal();
      return true;
    } finally {
      leases.remove(first); // a lease lives only as long as its step, also when its final write failed
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Records in the history that attempt {@code attempt} of the running step {@code stateName}
   * failed and will be retried (SEMANTICS J6): one transaction that keeps the state
   * {@link StepStatus#RUNNING} with reason {@value #REASON_RETRYING} and the failure as message,
   * renews its lease, and appends the history row. A state another worker took over since is
   * refused ({@link StateConflictException}).
   *
   * @param stateName the state of the retried step
   * @param attempt the attempt that failed, from 1
   * @param failure what it failed with; its class and message become the history row's message
   */
  @Override
  public void attemptFailed(String stateName, int attempt, Throwable failure) {
    String name = Values.name("state name", Objects.requireNonNull(stateName, "stateName"));
    String what = failure == null ? "" : failure.getClass().getSimpleName()
        + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    StepState retrying = new StepState(name, StepStatus.RUNNING, REASON_RETRYING,
        "attempt " + attempt + " failed: " + what, clock.instant());
    try {
      store(retrying, attempt, true, "recording failed attempt " + attempt + " of '" + name + "' in " + executionId);
    } catch (StepHeldElsewhereException taken) {
      throw new StateConflictException("state '" + name + "' of " + executionId + " was taken over by "
          + taken.holder() + " while attempt " + attempt + " ran; " + owner + " stops");
    }
    failedAttempts.put(name, attempt);
  }

  /**
   * Returns the attempt a final write of {@code name} records (J6): one after the attempts that
   * failed and were retried since its lease, which are forgotten here.
   */
  private int attemptOf(String name) {
    Integer failed = failedAttempts.remove(name);
    return failed == null ? 1 : failed + 1;
  }

  /** Writes {@code state} as attempt {@code attempt}; {@code retrying}: only over the state this keeper last wrote. */
  private void store(StepState state, int attempt, boolean retrying, String what) {
    String name = state.name();
    Instant now = clock.instant();
    // K4, R7f: a write that began completes; an interrupt that came before or arrives during it is
    // the caller's again afterwards (the engine then cancels the run), never an aborted JDBC call
    boolean interrupted = Thread.interrupted();
    try {
      writes.store(state, now, attempt, retrying, what);
      if (state.status() == StepStatus.RUNNING) {
        leases.add(name);
        scheduleRenewal();
      }
    } finally {
      if (state.status() != StepStatus.RUNNING) {
        leases.remove(name); // a lease lives only as long as its step, also when its final write failed
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Returns {@value #MAX_OUTPUT_CHARS}: the characters of step outputs (names and values
   * together) stored with one state (SEMANTICS R18), in the same transaction as the state.
   *
   * @return the limit per state
   */
  @Override
  public int maxOutputChars() {
    return MAX_OUTPUT_CHARS;
  }

  /** Returns {@code true}: running states are leases (SEMANTICS J3). */
  @Override
  public boolean supportsRunningState() {
    return true;
  }

  /**
   * Extends every live lease this keeper holds to {@link #leaseDuration()} from now and returns
   * how many it extended. A lease that expired or was taken over is dropped (and logged). Called
   * every {@link Builder#renewEvery} while leases are held; tests with a manual clock call it
   * themselves.
   *
   * @return how many leases it extended
   */
  public int renewLeases() {
    int renewed = 0;
    for (String name : leases) {
      Long version = known.seen(name);
      Instant now = clock.instant();
      int rows = db.callInTransaction("renewing the lease of '" + name + "'", c -> {
        try (PreparedStatement ps = db.tx.tables.prepare(c, "UPDATE steps_state SET lease_expires_at = ?"
            + " WHERE execution_id = ? AND state_name = ? AND status = 'RUNNING' AND owner = ? AND version = ?"
            + " AND lease_expires_at > ?")) {
          ps.setLong(1, now.plus(leaseDuration).toEpochMilli());
          ps.setString(2, executionId);
          ps.setString(3, name);
          ps.setString(4, owner);
          ps.setLong(5, version == null ? -1 : version);
          ps.setLong(6, now.toEpochMilli());
          return ps.executeUpdate();
        }
      });
      if (rows == 1) {
        renewed++;
        known.renewed(name, version, now.plus(leaseDuration).toEpochMilli());
      } else if (Objects.equals(known.seen(name), version) && leases.remove(name)) {
        LOG.warn("{}: the lease of '{}' in {} expired or was taken over; another worker may run the step",
            owner, name, executionId);
      }
    }
    return renewed;
  }

  /**
   * Stops renewing leases (leases still held expire by themselves) and closes the database when
   * this keeper opened it from a data source.
   */
  @Override
  public synchronized void close() {
    if (renewal != null) {
      renewal.cancel(false);
      renewal = null;
    }
    if (ownsDatabase) {
      db.close();
    }
  }

  @Override
  public String toString() {
    return "JdbcStateKeeper[" + db.productName() + ", " + executionId + ", " + owner + "]";
  }

  private synchronized void scheduleRenewal() {
    if (renewal == null && !renewEvery.isZero()) {
      renewal = LeaseRenewer.every(renewEvery, this::renewInBackground);
    }
  }

  private void renewInBackground() {
    try {
      renewLeases();
    } catch (RuntimeException e) {
      LOG.warn("{}: renewing leases in {} failed; will try again", owner, executionId, e);
    }
    synchronized (this) {
      if (leases.isEmpty() && renewal != null) {
        renewal.cancel(false);
        renewal = null;
      }
    }
  }

  /** Builds a {@link JdbcStateKeeper}. */
  public static final class Builder {
    private StepsDatabase db;
    private final DataSource dataSource;
    private final String executionId;
    private String owner;
    private Duration leaseDuration = Duration.ofSeconds(30);
    private Duration renewEvery;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper;
    private Duration lockTimeout;

    private Builder(StepsDatabase db, DataSource dataSource, String executionId) {
      this.db = db;
      this.dataSource = dataSource;
      this.executionId = Values.name("executionId", Objects.requireNonNull(executionId, "executionId"));
    }

    /**
     * Sets the id this worker writes as (lease holder, history). Default: {@code worker-<pid>-<random>}.
     * A worker restarted under the same id takes its own unexpired leases back at once.
     *
     * @param owner the owner
     * @return this builder
     */
    public Builder owner(String owner) {
      this.owner = Values.name("owner", Objects.requireNonNull(owner, "owner"));
      return this;
    }

    /**
     * Sets how long a running state's lease lasts after each write or renewal. Default: 30 seconds.
     *
     * @param leaseDuration the lease duration
     * @return this builder
     */
    public Builder leaseDuration(Duration leaseDuration) {
      if (leaseDuration.isNegative() || leaseDuration.isZero()) {
        throw new IllegalArgumentException("leaseDuration must be positive, was " + leaseDuration);
      }
      this.leaseDuration = leaseDuration;
      return this;
    }

    /**
     * Sets how often held leases are renewed, in real time. Default: a third of the lease duration.
     * {@link Duration#ZERO} turns automatic renewal off (call {@link JdbcStateKeeper#renewLeases()}).
     *
     * @param renewEvery the renew every
     * @return this builder
     */
    public Builder renewEvery(Duration renewEvery) {
      if (renewEvery.isNegative()) {
        throw new IllegalArgumentException("renewEvery must not be negative, was " + renewEvery);
      }
      this.renewEvery = renewEvery;
      return this;
    }

    /**
     * Sets how the keeper's writes pause between retries after a conflict with another writer:
     * pass the engine's sleeper (a {@code ManualClock} in tests). A pause that is interrupted ends
     * the write. Default: the database's ({@link Thread#sleep}).
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Bounds the total time one write waits for locks, when the keeper opens the database from a
     * data source ({@link StepsDatabase.Builder#lockTimeout}). Default: 5 seconds.
     *
     * @param lockTimeout a positive duration
     * @return this builder
     */
    public Builder lockTimeout(Duration lockTimeout) {
      this.lockTimeout = Objects.requireNonNull(lockTimeout, "lockTimeout");
      return this;
    }

    /**
     * Sets the clock of lease expiry and state times. Default: the system clock (UTC).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Returns the keeper, opening the database (and creating or migrating its schema) if it was
     * given as a data source.
     *
     * @throws StateKeeperException the database could not be opened
     * @return the keeper, opening the database (and creating or migrating its schema) if it was given as a data source
     */
    public JdbcStateKeeper build() {
      if (renewEvery != null && renewEvery.compareTo(leaseDuration) >= 0) {
        throw new IllegalArgumentException("renewEvery (" + renewEvery + ") must be shorter than leaseDuration ("
            + leaseDuration + "), or the lease expires between renewals");
      }
      if (db == null) {
        StepsDatabase.Builder open = StepsDatabase.builder(dataSource);
        if (lockTimeout != null) {
          open.lockTimeout(lockTimeout);
        }
        db = open.open();
      }
      if (sleeper != null) {
        db = db.withSleeper(sleeper);
      }
      return new JdbcStateKeeper(this);
    }
  }
}
