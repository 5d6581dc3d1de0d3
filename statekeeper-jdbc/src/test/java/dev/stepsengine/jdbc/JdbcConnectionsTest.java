package dev.stepsengine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.StateKeeperException;
import dev.stepsengine.StepStatus;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.testing.ManualClock;
import dev.stepsengine.throttling.ThrottleRecord;
import dev.stepsengine.throttling.ThrottleStore;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteDataSource;

/**
 * Issue 13, connections: on a plain data source the database keeps its connections open and
 * reuses them instead of opening one per read or write; a lost one is replaced with nothing lost
 * (SEMANTICS J3–J5, J9); {@code close()} closes them. Physical connections are counted by the
 * drivers' own data sources ({@link CountingDataSource}).
 */
class JdbcConnectionsTest {
  private static final int STEPS = 10;
  private static final int WORKERS = 8;

  private final ManualClock clock = new ManualClock();
  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

  private List<SimpleStep> steps(int breakAt, Runnable breaker) {
    List<SimpleStep> steps = new ArrayList<>();
    for (int i = 1; i <= STEPS; i++) {
      String state = "State" + i;
      boolean breaks = i == breakAt;
      steps.add(SimpleStep.named("step" + i).state(state).run(ctx -> {
        runs.computeIfAbsent(state, s -> new AtomicInteger()).incrementAndGet();
        if (breaks) {
          breaker.run();
        }
      }).build());
    }
    return steps;
  }

  private StepsEngine engine(StepsDatabase db, String execution, List<SimpleStep> steps) {
    JdbcStateKeeper keeper = JdbcStateKeeper.builder(db, execution).clock(clock).renewEvery(Duration.ZERO).build();
    return StepsEngine.builder().stateKeeper(keeper).clock(clock).steps(steps).build();
  }

  private static void assertEachStepSucceededOnce(StepsDatabase db, String execution) {
    List<StepTransition> history = db.history(execution);
    for (int i = 1; i <= STEPS; i++) {
      assertThat(Histories.count(history, "State" + i, StepStatus.SUCCEEDED)).as("State" + i).isEqualTo(1);
    }
    Histories.assertUnbroken(history);
  }

  @ParameterizedTest(name = "J4 {0}: a 10-step run on a plain data source opens one physical connection; borrowing opens one per call")
  @EnumSource(Databases.class)
  void J4_plainDataSourceConnectionIsReused(Databases database) {
    CountingDataSource kept = CountingDataSource.fresh(database);
    try (StepsDatabase db = StepsDatabase.open(kept)) {
      assertThat(db.keptConnections()).isEqualTo(StepsDatabase.DEFAULT_KEPT_CONNECTIONS);
      engine(db, "kept", steps(0, () -> { })).run();
      assertEachStepSucceededOnce(db, "kept");
    }
    assertThat(kept.opened()).as("one thread, one connection, from open() to the end of the run").hasSize(1);

    CountingDataSource borrowed = CountingDataSource.fresh(database);
    try (StepsDatabase db = StepsDatabase.builder(borrowed).keepConnections(0).open()) {
      int beforeRun = borrowed.opened().size();
      engine(db, "borrowed", steps(0, () -> { })).run();
      assertThat(borrowed.opened().size() - beforeRun)
          .as("without keeping: a connection per write (the first lease, each success with the next lease) and for the read")
          .isEqualTo(STEPS + 2);
    }
  }

  @ParameterizedTest(name = "J5 J9 {0}: a connection lost between two steps is replaced; the run completes, no step runs twice")
  @EnumSource(Databases.class)
  void J9_lostConnectionIsReplaced(Databases database) {
    CountingDataSource ds = CountingDataSource.fresh(database);
    int breakAt = STEPS / 2;
    try (StepsDatabase db = StepsDatabase.open(ds)) {
      engine(db, "lost", steps(breakAt, () -> breakAll(database, ds))).run();

      assertEachStepSucceededOnce(db, "lost");
      for (int i = 1; i <= STEPS; i++) {
        assertThat(runs.get("State" + i)).as("runs of State" + i).hasValue(1);
      }
      assertThat(ds.opened()).as("the kept connection, then the one that replaced it").hasSize(2);
      assertThat(db.executions()).hasSize(1);
    }
  }

  /** Breaks every connection {@code ds} opened: PostgreSQL terminates their server processes, SQLite closes them. */
  private static void breakAll(Databases database, CountingDataSource ds) {
    try {
      if (database == Databases.POSTGRESQL) {
        PGSimpleDataSource admin = ds.unwrap(PGSimpleDataSource.class);
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
          s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
              + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
        }
        ds.opened().remove(ds.opened().size() - 1); // the admin connection itself is not the keeper's
      } else {
        for (Connection c : ds.opened()) {
          c.close();
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest(name = "J5 J9 {0}: a connection lost while committing is not written again; the run fails, a re-run completes")
  @EnumSource(Databases.class)
  void J9_lostWhileCommittingIsNotRepeated(Databases database) {
    CountingDataSource counting = CountingDataSource.fresh(database);
    FaultyDataSource ds = new FaultyDataSource(counting);
    try (StepsDatabase db = StepsDatabase.builder(ds).keepConnections(1).open()) {
      AtomicInteger commits = new AtomicInteger();
      int failing = 2; // the first step's lease, then its success
      ds.fault(sql -> {
        if (sql.equalsIgnoreCase("COMMIT") && commits.incrementAndGet() == failing) {
          for (Connection c : counting.opened()) {
            c.close(); // the connection goes before the commit reaches the database
          }
          throw new SQLException("connection reset while committing", "08006");
        }
      });
      StepsEngine engine = engine(db, "commit", steps(0, () -> { }));

      assertThatThrownBy(engine::run).isInstanceOf(StateKeeperException.class)
          .hasMessageContaining("whether the write was committed is unknown")
          .hasRootCauseMessage("connection reset while committing");
      assertThat(commits).as("the commit is not repeated").hasValue(failing);

      ds.heal();
      engine.run();
      assertEachStepSucceededOnce(db, "commit");
      assertThat(runs.get("State1")).as("the step whose success was not committed runs again").hasValue(2);
    }
  }

  @ParameterizedTest(name = "J9 {0}: a write that waited past the lock timeout keeps its connection; the next write reuses it")
  @EnumSource(Databases.class)
  void J9_lockTimeoutKeepsTheConnection(Databases database) throws SQLException {
    CountingDataSource ds = CountingDataSource.fresh(database);
    try (StepsDatabase db = StepsDatabase.builder(ds).lockTimeout(Duration.ofMillis(200)).open();
        Connection holder = ds.getConnection()) {
      int opened = ds.opened().size();
      try (Statement s = holder.createStatement()) {
        if (database == Databases.SQLITE) {
          s.execute("BEGIN IMMEDIATE");
        } else {
          holder.setAutoCommit(false);
          s.execute("LOCK TABLE steps_throttle IN EXCLUSIVE MODE");
        }
      }
      ThrottleStore store = db.throttleStore();
      ThrottleRecord record = new ThrottleRecord(clock.instant(), null);

      assertThatThrownBy(() -> store.put("key", record)).isInstanceOf(StateKeeperException.class)
          .hasMessageContaining("lock");
      if (database == Databases.SQLITE) {
        holder.createStatement().execute("ROLLBACK");
      } else {
        holder.rollback();
      }
      store.put("key", record);

      assertThat(store.get("key")).contains(record);
      assertThat(ds.opened()).as("the connection whose write timed out is used again").hasSize(opened);
    }
  }

  @ParameterizedTest(name = "J4 {0}: 8 threads share the kept connections; every run completes and close() closes them all")
  @EnumSource(Databases.class)
  void J4_concurrentCallersShareKeptConnections(Databases database) throws Exception {
    CountingDataSource ds = CountingDataSource.fresh(database);
    StepsDatabase db = StepsDatabase.open(ds);
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        StepsEngine engine = engine(db, "exec-" + w, steps(0, () -> { }));
        workers.add(pool.submit(() -> {
          go.await();
          return engine.run();
        }));
      }
      go.countDown();
      for (Future<?> w : workers) {
        w.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (int w = 0; w < WORKERS; w++) {
      assertEachStepSucceededOnce(db, "exec-" + w);
    }
    assertThat(runs.get("State1")).hasValue(WORKERS);

    db.close();

    assertThat(ds.opened()).isNotEmpty().allSatisfy(c -> assertThat(c.isClosed()).as("closed: " + c).isTrue());
    assertThatThrownBy(db::executions).isInstanceOf(StateKeeperException.class).hasMessageContaining("closed");
  }

  @ParameterizedTest(name = "J4 {0}: a database nobody closed closes its kept connections once it is garbage collected")
  @EnumSource(Databases.class)
  void J4_unclosedDatabaseClosesItsConnectionsWhenCollected(Databases database) throws InterruptedException {
    CountingDataSource ds = CountingDataSource.fresh(database);
    ReferenceQueue<Object> collected = new ReferenceQueue<>();
    WeakReference<Object> idle = runAndForget(ds, collected);

    Reference<?> gone = null;
    for (int gc = 0; gc < 100 && gone == null; gc++) {
      System.gc();
      gone = collected.remove(100); // the idle set is let go only after the cleaner closed what it held
    }

    assertThat(gone).as("the cleaner ran").isSameAs(idle);
    assertThat(ds.opened()).isNotEmpty().allSatisfy(c -> assertThat(c.isClosed()).as("closed: " + c).isTrue());
  }

  /** Runs a pipeline on a database opened on {@code ds} and drops it unclosed; returns a weak reference to its idle set. */
  private WeakReference<Object> runAndForget(CountingDataSource ds, ReferenceQueue<Object> queue) {
    StepsDatabase db = StepsDatabase.open(ds);
    engine(db, "forgotten", steps(0, () -> { })).run();
    return new WeakReference<>(db.tx.connections.idle, queue);
  }

  @ParameterizedTest(name = "J4 {0}: a keeper closes the database it opened from a data source, not one passed in")
  @EnumSource(Databases.class)
  void J4_keeperClosesOnlyTheDatabaseItOpened(Databases database) {
    CountingDataSource ds = CountingDataSource.fresh(database);
    try (StepsDatabase db = StepsDatabase.open(ds)) {
      JdbcStateKeeper shared = JdbcStateKeeper.builder(db, "shared").build();
      shared.close();
      assertThat(db.executions()).as("the database passed in is still open").isEmpty();

      JdbcStateKeeper own = JdbcStateKeeper.builder(ds, "own").clock(clock).renewEvery(Duration.ZERO).build();
      StepsEngine.builder().stateKeeper(own).clock(clock).steps(steps(0, () -> { })).build().run();
      own.close();
      assertThatThrownBy(own::status).isInstanceOf(StateKeeperException.class).hasMessageContaining("closed");
      assertEachStepSucceededOnce(db, "own");
    }
    assertThat(ds.opened()).allSatisfy(c -> assertThat(c.isClosed()).as("closed: " + c).isTrue());
  }

  @ParameterizedTest(name = "J2 {0}: the drivers' plain data sources are kept, a HikariCP pool is borrowed from per call")
  @EnumSource(Databases.class)
  void J2_plainAndPooledDataSourcesAreToldApart(Databases database) throws SQLException {
    DriverManagerDataSource plain = database.fresh();
    assertThat(plain.isWrapperFor(database == Databases.SQLITE ? SQLiteDataSource.class : PGSimpleDataSource.class))
        .as("a thin wrapper of the driver's data source: " + plain).isTrue();
    try (StepsDatabase db = StepsDatabase.open(plain)) {
      assertThat(db.keptConnections()).isEqualTo(StepsDatabase.DEFAULT_KEPT_CONNECTIONS);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(plain.url());
    config.setUsername(database == Databases.POSTGRESQL ? database.user() : null);
    config.setMaximumPoolSize(2);
    try (HikariDataSource hikari = new HikariDataSource(config); StepsDatabase db = StepsDatabase.open(hikari)) {
      assertThat(db.keptConnections()).isZero();
      assertThat(db.executions()).isEmpty();
    }
  }

  @Test
  @DisplayName("J2: bad connection settings are refused with what to do")
  void J2_badSettingsAreRefused() {
    assertThatThrownBy(() -> StepsDatabase.builder(Databases.SQLITE.fresh()).keepConnections(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keepConnections").hasMessageContaining("-1");
    assertThatThrownBy(() -> DriverManagerDataSource.of("jdbc:mysql://localhost/steps", "root", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:mysql").hasMessageContaining("SQLite");
  }
}
