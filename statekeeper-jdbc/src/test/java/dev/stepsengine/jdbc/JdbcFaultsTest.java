package dev.stepsengine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepsengine.RunWaitingException;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.StateKeeperException;
import dev.stepsengine.StepFailedException;
import dev.stepsengine.StepState;
import dev.stepsengine.StepStatus;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.testing.ChildJvm;
import dev.stepsengine.testing.ManualClock;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The faults of issue 13 (SEMANTICS J9, J3, J4) on both databases: text a database cannot store,
 * names too long to be keys, locks held by another process past the bound, a failed final write
 * leaving no lease behind, and retries that back off through the sleeper and stop on interruption.
 */
class JdbcFaultsTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  @ParameterizedTest(name = "J9 {0}: a failure message with a NUL is stored (as U+FFFD), the step is FAILED, not left RUNNING")
  @EnumSource(Databases.class)
  void J9_nulInAFailureMessage(Databases database) {
    JdbcStateKeeper keeper = JdbcStateKeeper.builder(database.fresh(), "nul").clock(clock).renewEvery(Duration.ZERO)
        .build();
    StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).clock(clock).steps(
        SimpleStep.named("charge").state("Charged").run(ctx -> {
          throw new IllegalStateException("gateway said: bad\u0000byte and \uD800 alone");
        }).build()).build();

    assertThat(catchThrowable(engine::run)).isInstanceOf(StepFailedException.class);

    StepState stored = keeper.status().state("Charged").orElseThrow();
    assertThat(stored.status()).isEqualTo(StepStatus.FAILED);
    assertThat(stored.message()).isEqualTo("gateway said: bad\uFFFDbyte and \uFFFD alone");
    assertThat(keeper.history()).last().extracting(StepTransition::message).isEqualTo(stored.message());
  }

  @ParameterizedTest(name = "J9 {0}: an over-long message is cut to 65536 characters ending in …[N more], the same on both")
  @EnumSource(Databases.class)
  void J9_overLongMessageIsCut(Databases database) {
    JdbcStateKeeper keeper = JdbcStateKeeper.builder(database.fresh(), "long").clock(clock).renewEvery(Duration.ZERO)
        .build();
    String message = "x".repeat(100_000);

    keeper.setStepState(new StepState("Charged", StepStatus.FAILED, "Error", message, clock.instant()));

    String stored = keeper.getStepState("Charged").message();
    assertThat(stored).hasSize(Values.MAX_MESSAGE_CHARS).startsWith("xxxx").endsWith("…[" + (100_000 - stored.indexOf('…')) + " more]");
  }

  @ParameterizedTest(name = "J9 {0}: an over-long or NUL-holding state name or execution id is refused before any SQL runs")
  @EnumSource(Databases.class)
  void J9_nameLimitsCheckedBeforeSql(Databases database) {
    FaultyDataSource ds = new FaultyDataSource(database.fresh());
    JdbcStateKeeper keeper = JdbcStateKeeper.builder(ds, "names").clock(clock).renewEvery(Duration.ZERO).build();
    int connectionsBefore = ds.connections.get();
    String tooLong = "S".repeat(Values.MAX_NAME_CHARS + 1);

    assertThatThrownBy(() -> keeper.setStepState(StepState.pending(tooLong)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("201 characters long")
        .hasMessageContaining("at most 200");
    assertThatThrownBy(() -> keeper.getStepState("Bad\u0000Name"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
    assertThatThrownBy(() -> JdbcStateKeeper.builder(ds, "e".repeat(300)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("executionId");
    assertThat(ds.connections.get()).as("no connection borrowed").isEqualTo(connectionsBefore);
    keeper.setStepState(StepState.pending("S".repeat(Values.MAX_NAME_CHARS))); // the limit itself is fine
  }

  @ParameterizedTest(name = "J9 {0}: a write lock held by another process past the lock timeout: StateKeeperException naming the lock")
  @EnumSource(Databases.class)
  void J9_lockHeldByAnotherProcessLongerThanTheBound(Databases database) throws Exception {
    DriverManagerDataSource ds = database.fresh();
    JdbcStateKeeper keeper = JdbcStateKeeper.builder(ds, "locked").lockTimeout(Duration.ofSeconds(1)).clock(clock)
        .renewEvery(Duration.ZERO).build();
    keeper.setStepState(StepState.pending("Deployed"));
    try (ChildJvm holder = ChildJvm.start(WorkerProcess.class, "lock", ds.url(), database.user())) {
      holder.go();
      assertThat(holder.nextLine()).as("stderr: %s", holder.stderr()).isEqualTo("M locked");
      long start = System.nanoTime();

      StateKeeperException e = catchThrowableOfType(StateKeeperException.class,
          () -> keeper.setStepState(new StepState("Deployed", StepStatus.SUCCEEDED, "Done", "", clock.instant())));

      long waitedMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(e).isNotNull();
      assertThat(e.getMessage()).contains("lock").contains(database == Databases.SQLITE ? "SQLite" : "PostgreSQL")
          .contains("more than 1000 ms");
      assertThat(waitedMillis).as("bounded by the lock timeout, not 30 s × 50").isBetween(900L, 8_000L);
      holder.go(); // releases the lock
      assertThat(holder.waitFor()).isZero();
    }
    keeper.setStepState(new StepState("Deployed", StepStatus.SUCCEEDED, "Done", "", clock.instant()));
    assertThat(keeper.getStepState("Deployed").status()).isEqualTo(StepStatus.SUCCEEDED);
  }

  @ParameterizedTest(name = "J3 {0}: a failed final write leaves no lease renewed: another worker takes the step within the lease time")
  @EnumSource(Databases.class)
  void J3_failedFinalWriteOrphansNoLease(Databases database) {
    FaultyDataSource ds = new FaultyDataSource(database.fresh());
    Duration lease = Duration.ofSeconds(10);
    JdbcStateKeeper first = JdbcStateKeeper.builder(ds, "orphan").owner("worker-a").leaseDuration(lease).clock(clock)
        .renewEvery(Duration.ZERO).build();
    AtomicBoolean failWrites = new AtomicBoolean();
    ds.fault(sql -> {
      if (failWrites.get() && sql.startsWith("UPDATE steps_state SET status")) {
        throw new SQLException("connection reset (injected)", "08006");
      }
    });
    StepsEngine engineA = StepsEngine.builder().stateKeeper(first).clock(clock).steps(
        SimpleStep.named("deploy").state("Deployed").run(ctx -> failWrites.set(true)).build()).build();
    assertThat(catchThrowable(engineA::run)).isInstanceOf(StateKeeperException.class);
    ds.heal();

    assertThat(first.renewLeases()).as("the lease ended with its step; nothing left to renew").isZero();
    clock.advance(lease.plusSeconds(1)); // the renewer would have kept it alive all this time

    JdbcStateKeeper second = JdbcStateKeeper.builder(ds, "orphan").owner("worker-b").leaseDuration(lease)
        .clock(clock).renewEvery(Duration.ZERO).build();
    AtomicInteger runs = new AtomicInteger();
    StepsEngine engineB = StepsEngine.builder().stateKeeper(second).clock(clock).steps(
        SimpleStep.named("deploy").state("Deployed").run(ctx -> runs.incrementAndGet()).build()).build();
    engineB.run();
    assertThat(runs).hasValue(1);
    assertThat(second.getStepState("Deployed").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(first.renewLeases()).isZero();
  }

  @ParameterizedTest(name = "J4 {0}: retries after a conflict back off through the injected sleeper")
  @EnumSource(Databases.class)
  void J4_retriesBackOffThroughTheSleeper(Databases database) {
    FaultyDataSource ds = new FaultyDataSource(database.fresh());
    List<Duration> pauses = new ArrayList<>();
    JdbcStateKeeper keeper = JdbcStateKeeper.builder(ds, "retry").clock(clock).renewEvery(Duration.ZERO)
        .sleeper(pauses::add).build();
    AtomicInteger commits = new AtomicInteger();
    ds.fault(sql -> {
      if (sql.equals("COMMIT") && commits.incrementAndGet() <= 3) {
        throw conflict(database);
      }
    });

    keeper.setStepState(new StepState("Deployed", StepStatus.SUCCEEDED, "Done", "", clock.instant()));

    assertThat(commits).hasValue(4);
    assertThat(pauses).hasSize(3).allSatisfy(p -> assertThat(p).isPositive().isLessThanOrEqualTo(Transactions.MAX_BACKOFF));
    assertThat(keeper.getStepState("Deployed").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(keeper.history()).hasSize(1);
  }

  @ParameterizedTest(name = "J4 {0}: an interrupted backoff stops the retries: no further try, the flag stays set")
  @EnumSource(Databases.class)
  void J4_retriesStopOnInterruption(Databases database) {
    FaultyDataSource ds = new FaultyDataSource(database.fresh());
    JdbcStateKeeper keeper = JdbcStateKeeper.builder(ds, "retry-stop").clock(clock).renewEvery(Duration.ZERO)
        .sleeper(d -> {
          throw new InterruptedException("cancelled");
        }).build();
    AtomicInteger commits = new AtomicInteger();
    ds.fault(sql -> {
      if (sql.equals("COMMIT")) {
        commits.incrementAndGet();
        throw conflict(database);
      }
    });

    Throwable e = catchThrowable(() -> keeper.setStepState(StepState.pending("Deployed")));
    boolean interrupted = Thread.interrupted();

    assertThat(e).isInstanceOf(StateKeeperException.class).hasRootCauseInstanceOf(InterruptedException.class);
    assertThat(interrupted).isTrue();
    assertThat(commits).hasValue(1);
  }

  @ParameterizedTest(name = "J4 {0}: a run whose keeper retry is interrupted ends RunCancelled or waiting, never a lost write")
  @EnumSource(Databases.class)
  void J4_engineSeesTheInterruptedRetryAsCancellation(Databases database) {
    FaultyDataSource ds = new FaultyDataSource(database.fresh());
    JdbcStateKeeper keeper = JdbcStateKeeper.builder(ds, "retry-engine").clock(clock).renewEvery(Duration.ZERO)
        .sleeper(d -> {
          throw new InterruptedException("cancelled");
        }).build();
    AtomicBoolean conflicts = new AtomicBoolean();
    ds.fault(sql -> {
      if (sql.equals("COMMIT") && conflicts.get()) {
        throw conflict(database);
      }
    });
    StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).clock(clock).steps(
        SimpleStep.named("deploy").state("Deployed").run(ctx -> conflicts.set(true)).build()).build();

    Throwable e = catchThrowable(engine::run);
    Thread.interrupted();

    assertThat(e).isNotInstanceOf(RunWaitingException.class)
        .isInstanceOf(dev.stepsengine.RunCancelledException.class);
  }

  private static SQLException conflict(Databases database) {
    return database == Databases.SQLITE
        ? new SQLException("[SQLITE_BUSY] The database file is locked (injected)", null, 5)
        : new SQLException("could not serialize access (injected)", "40001");
  }
}
