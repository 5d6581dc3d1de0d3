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
 * Issue 13 performance goal on both databases: a first run of 10 tracked steps makes one write
 * transaction per step plus one — the first step's lease, then each step's success with the next
 * step's lease ({@link JdbcStateKeeper#handOver}), then the last success — and reads the states
 * once per run, counted at the data source (connections borrowed, commits, statements, and on
 * PostgreSQL the round trips). No write reads its row first: each knows it from the run's read
 * and the keeper's own writes, so it sends its insert or version-checked update and its history
 * row (the first also the execution's row), on PostgreSQL in one round trip with the lock-wait
 * bound; no {@code SET LOCAL lock_timeout}, and no retention {@code DELETE} while the history is
 * far below the retention.
 */
class JdbcRoundTripsTest {
  private static final int STEPS = 10;
  /** The first lease: the execution's row, the state, the history row. */
  private static final int FIRST_WRITE = 3;
  /** Each later write of a state: its insert or update and its history row. */
  private static final int PER_KNOWN_WRITE = 2;
  /** The lock-wait bound of each write transaction (PostgreSQL). */
  private static final int BOUNDS = STEPS + 1;
  /** Statements of a 10-step first run without the lock-wait bounds: the read, the first write, 19 more. */
  private static final int STATEMENTS = 1 + FIRST_WRITE + (2 * STEPS - 1) * PER_KNOWN_WRITE;

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

  @ParameterizedTest(name = "J4, R5 {0}: a 10-step first run: 11 commits (the first lease, 9 successes each with the"
      + " next step's lease, the last success) and 1 read; a second run: 1 read, no commit")
  @EnumSource(Databases.class)
  void J4_oneCommitPerStepPlusOneOneReadPerRun(Databases database) {
    FaultyDataSource ds = new FaultyDataSource(database.fresh());
    StepsDatabase db = StepsDatabase.open(ds);
    StepsEngine engine = engine(db);
    Sent sent = new Sent(ds);
    int before = ds.connections.get();

    engine.run();

    assertThat(sent.commits()).as("commits of the first run").isEqualTo(STEPS + 1);
    assertThat(ds.connections.get() - before).as("round trips of the first run: 11 writes + 1 read")
        .isEqualTo(STEPS + 2);
    // a pool's connection is shared, so SQLite's busy timeout is set on each borrowed one (1 per call)
    int busyTimeouts = database == Databases.SQLITE ? STEPS + 2 : 0;
    int bounds = database == Databases.POSTGRESQL ? BOUNDS : 0;
    assertThat(sent.statements()).as("statements of the first run, borrowing from a pool")
        .hasSize(STATEMENTS + bounds + busyTimeouts);
    assertThat(Histories.count(db.history("perf"), "State10", StepStatus.SUCCEEDED)).isEqualTo(1);

    sent.clear();
    int second = ds.connections.get();
    engine.run();
    assertThat(sent.commits()).as("a run that skips everything writes nothing").isZero();
    assertThat(ds.connections.get() - second).as("and reads once").isEqualTo(1);
  }

  @ParameterizedTest(name = "J4, R5 {0}: on kept connections a 10-step first run sends 42 statements (and 11 lock-wait"
      + " bounds on PostgreSQL, in 12 round trips and 11 commits): no lock-timeout statement, 1 execution insert, no"
      + " retention DELETE")
  @EnumSource(Databases.class)
  void J4_statementsOfAFirstRunOnKeptConnections(Databases database) {
    FaultyDataSource ds = new FaultyDataSource(database.fresh());
    StepsDatabase db = StepsDatabase.builder(ds).keepConnections(1).open();
    StepsEngine engine = engine(db);
    Sent sent = new Sent(ds);
    int before = ds.executions.get();

    engine.run();

    int executions = ds.executions.get() - before;
    assertThat(sent.commits()).as("commits").isEqualTo(STEPS + 1);
    assertThat(sent.statements()).as("statements")
        .hasSize(STATEMENTS + (database == Databases.POSTGRESQL ? BOUNDS : 0));
    if (database == Databases.POSTGRESQL) {
      assertThat(executions).as("round trips besides the commits: the read, then one per write transaction")
          .isEqualTo(1 + STEPS + 1);
    }
    assertThat(sent.containing("LOCK_TIMEOUT =")).as("SET LOCAL lock_timeout").isZero();
    assertThat(sent.containing("BUSY_TIMEOUT")).as("busy timeout, set once per kept connection").isZero();
    assertThat(sent.containing("INSERT INTO STEPS_EXECUTION")).as("execution rows").isEqualTo(1);
    assertThat(sent.containing("DELETE")).as("retention deletes").isZero();
    assertThat(db.execution("perf").orElseThrow().states()).hasSize(STEPS).allMatch(s -> s.isSucceeded());
    assertThat(db.history("perf")).hasSize(2 * STEPS);
  }
}
