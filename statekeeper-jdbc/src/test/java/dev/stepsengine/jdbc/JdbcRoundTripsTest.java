package dev.stepsengine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepsengine.SimpleStep;
import dev.stepsengine.StepStatus;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 13 performance goal on both databases: a first run of 10 tracked steps makes two write
 * transactions per step (the lease and the success) and reads the states once per run, counted at
 * the data source (connections borrowed, commits and statements). Per step the lease sends the
 * state's read, its insert and its history row, the success the read, the update and the history
 * row; the execution's row once per run; no {@code SET LOCAL lock_timeout} (PostgreSQL folds it
 * into the read), and no retention {@code DELETE} while the history is far below the retention.
 */
class JdbcRoundTripsTest {
  private static final int STEPS = 10;
  /** Statements of one step's two writes, without the transaction control: 3 each. */
  private static final int STATEMENTS_PER_STEP = 6;
  /** The state read of the run and the execution's row. */
  private static final int STATEMENTS_PER_RUN = 2;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  /** The statements sent through a {@link FaultyDataSource}, as the keeper wrote them. */
  private static final class Sent {
    final List<String> sql = new CopyOnWriteArrayList<>();

    Sent(FaultyDataSource ds) {
      ds.fault(sql::add);
    }

    long commits() {
      return sql.stream().filter(s -> s.equalsIgnoreCase("COMMIT")).count();
    }

    /** Statements other than transaction control and borrowing a connection. */
    List<String> statements() {
      return sql.stream().filter(s -> !s.equals("CONNECT") && !s.equalsIgnoreCase("COMMIT")
          && !s.equalsIgnoreCase("ROLLBACK") && !s.equalsIgnoreCase("BEGIN IMMEDIATE")).toList();
    }

    long containing(String part) {
      return statements().stream().filter(s -> s.toUpperCase(Locale.ROOT).contains(part)).count();
    }

    void clear() {
      sql.clear();
    }
  }

  private StepsEngine engine(StepsDatabase db) {
    List<SimpleStep> steps = new ArrayList<>();
    for (int i = 1; i <= STEPS; i++) {
      steps.add(SimpleStep.named("step" + i).state("State" + i).run(ctx -> { }).build());
    }
    JdbcStateKeeper keeper = JdbcStateKeeper.builder(db, "perf").clock(clock).renewEvery(Duration.ZERO).build();
    return StepsEngine.builder().stateKeeper(keeper).clock(clock).steps(steps).build();
  }

  @ParameterizedTest(name = "J4 {0}: a 10-step first run: 20 commits (2 per step) and 1 read; a second run: 1 read, no commit")
  @EnumSource(Databases.class)
  void J4_twoCommitsPerStepOneReadPerRun(Databases database) {
    FaultyDataSource ds = new FaultyDataSource(database.fresh());
    StepsDatabase db = StepsDatabase.open(ds);
    StepsEngine engine = engine(db);
    Sent sent = new Sent(ds);
    int before = ds.connections.get();

    engine.run();

    assertThat(sent.commits()).as("commits of the first run").isEqualTo(2 * STEPS);
    assertThat(ds.connections.get() - before).as("round trips of the first run: 20 writes + 1 read")
        .isEqualTo(2 * STEPS + 1);
    // a pool's connection is shared, so SQLite's busy timeout is set on each borrowed one (1 per call)
    int busyTimeouts = database == Databases.SQLITE ? 2 * STEPS + 1 : 0;
    assertThat(sent.statements()).as("statements of the first run, borrowing from a pool")
        .hasSize(STEPS * STATEMENTS_PER_STEP + STATEMENTS_PER_RUN + busyTimeouts);
    assertThat(Histories.count(db.history("perf"), "State10", StepStatus.SUCCEEDED)).isEqualTo(1);

    sent.clear();
    int second = ds.connections.get();
    engine.run();
    assertThat(sent.commits()).as("a run that skips everything writes nothing").isZero();
    assertThat(ds.connections.get() - second).as("and reads once").isEqualTo(1);
  }

  @ParameterizedTest(name = "J4 {0}: on kept connections a 10-step first run sends 62 statements: no lock-timeout"
      + " statement, 1 execution insert, no retention DELETE")
  @EnumSource(Databases.class)
  void J4_statementsOfAFirstRunOnKeptConnections(Databases database) {
    FaultyDataSource ds = new FaultyDataSource(database.fresh());
    StepsDatabase db = StepsDatabase.builder(ds).keepConnections(1).open();
    StepsEngine engine = engine(db);
    Sent sent = new Sent(ds);

    engine.run();

    assertThat(sent.commits()).as("commits").isEqualTo(2 * STEPS);
    assertThat(sent.statements()).as("statements").hasSize(STEPS * STATEMENTS_PER_STEP + STATEMENTS_PER_RUN);
    assertThat(sent.containing("LOCK_TIMEOUT =")).as("SET LOCAL lock_timeout").isZero();
    assertThat(sent.containing("BUSY_TIMEOUT")).as("busy timeout, set once per kept connection").isZero();
    assertThat(sent.containing("INSERT INTO STEPS_EXECUTION")).as("execution rows").isEqualTo(1);
    assertThat(sent.containing("DELETE")).as("retention deletes").isZero();
    assertThat(db.execution("perf").orElseThrow().states()).hasSize(STEPS).allMatch(s -> s.isSucceeded());
    assertThat(db.history("perf")).hasSize(2 * STEPS);
  }
}
