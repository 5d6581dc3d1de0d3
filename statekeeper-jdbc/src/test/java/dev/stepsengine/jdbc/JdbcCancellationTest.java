package dev.stepsengine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stepsengine.RunCancelledException;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.StepStatus;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A cancelled run with the database keeper (SEMANTICS K4, R7f, R9): every step that completed is
 * stored, and the caller gets {@link RunCancelledException}, never a keeper failure from a JDBC
 * call the interrupt aborted.
 */
class JdbcCancellationTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  @ParameterizedTest(name = "K4, R9 {0}: an interrupt arriving during the SUCCEEDED write of a step (which would carry"
      + " the next step's lease): stored alone, the next step does not run and has no state, then RunCancelledException")
  @EnumSource(Databases.class)
  void K4_interruptDuringTheSuccessWrite(Databases database) {
    try (HikariDataSource pool = pool(database)) {
      FaultyDataSource ds = new FaultyDataSource(pool);
      AtomicBoolean armed = new AtomicBoolean();
      AtomicBoolean notified = new AtomicBoolean();
      ds.fault(sql -> {
        if (sql.startsWith("UPDATE steps_state") && armed.getAndSet(false)) {
          Thread.currentThread().interrupt(); // the interrupt lands in the middle of the write transaction
        }
      });
      JdbcStateKeeper keeper = JdbcStateKeeper.builder(ds, "k4-interrupt").clock(clock).renewEvery(Duration.ZERO)
          .build();
      StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).clock(clock).steps(
          SimpleStep.named("deploy").state("Deployed").run(ctx -> {}).build(),
          SimpleStep.named("configure").state("Configured").run(ctx -> armed.set(true)).build(),
          SimpleStep.named("notify").state("Notified").run(ctx -> notified.set(true)).build()).build();

      Throwable thrown = catchThrowable(engine::run);
      boolean flagRestored = Thread.interrupted();

      assertThat(thrown).isInstanceOf(RunCancelledException.class);
      assertThat(flagRestored).as("the interrupt is the caller's again").isTrue();
      assertThat(notified).as("the step after the interrupted write did not run").isFalse();
      ExecutionStatus status = keeper.status();
      assertThat(status.state("Deployed").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
      assertThat(status.state("Configured").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
      // the lease that would have come with the success is left out: the step is not reached, as after two writes
      assertThat(status.state("Notified")).isEmpty();
    }
  }

  @ParameterizedTest(name = "K4 {0}: an interrupt arriving as the SUCCEEDED write borrows its connection: stored, then RunCancelledException")
  @EnumSource(Databases.class)
  void K4_interruptWhileBorrowingTheConnection(Databases database) {
    try (HikariDataSource pool = pool(database)) {
      FaultyDataSource ds = new FaultyDataSource(pool);
      JdbcStateKeeper keeper = JdbcStateKeeper.builder(ds, "k4-borrow").clock(clock).renewEvery(Duration.ZERO)
          .build();
      AtomicBoolean armed = new AtomicBoolean();
      ds.fault(sql -> {
        if (sql.equals("CONNECT") && armed.getAndSet(false)) {
          Thread.currentThread().interrupt();
        }
      });
      StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).clock(clock).steps(
          SimpleStep.named("configure").state("Configured").run(ctx -> armed.set(true)).build(),
          SimpleStep.named("notify").state("Notified").run(ctx -> {}).build()).build();

      Throwable thrown = catchThrowable(engine::run);
      boolean flagRestored = Thread.interrupted();

      assertThat(thrown).isInstanceOf(RunCancelledException.class);
      assertThat(flagRestored).isTrue();
      assertThat(keeper.status().state("Configured").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
      assertThat(keeper.status().state("Notified")).isEmpty();
    }
  }

  @ParameterizedTest(name = "K4 {0}: a step that interrupts its own thread and returns: stored SUCCEEDED, then RunCancelledException")
  @EnumSource(Databases.class)
  void K4_interruptBeforeTheSuccessWrite(Databases database) {
    try (HikariDataSource pool = pool(database)) {
      JdbcStateKeeper keeper = JdbcStateKeeper.builder(pool, "k4-flag").clock(clock).renewEvery(Duration.ZERO)
          .build();
      StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).clock(clock).steps(
          SimpleStep.named("deploy").state("Deployed").run(ctx -> Thread.currentThread().interrupt()).build(),
          SimpleStep.named("notify").state("Notified").run(ctx -> {}).build()).build();

      Throwable thrown = catchThrowable(engine::run);
      boolean flagRestored = Thread.interrupted();

      assertThat(thrown).isInstanceOf(RunCancelledException.class);
      assertThat(flagRestored).isTrue();
      assertThat(keeper.status().state("Deployed").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
      assertThat(keeper.status().state("Notified")).isEmpty();
      assertThat(keeper.history()).extracting(StepTransition::stateName).doesNotContain("Notified");
    }
  }

  @ParameterizedTest(name = "K4 {0}: a run past its deadline keeps the completed steps and throws RunCancelledException")
  @EnumSource(Databases.class)
  void K4_deadlinePassed(Databases database) {
    try (HikariDataSource pool = pool(database)) {
      JdbcStateKeeper keeper = JdbcStateKeeper.builder(pool, "k4-deadline").clock(clock).renewEvery(Duration.ZERO)
          .build();
      StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).clock(clock).runTimeout(Duration.ofSeconds(10))
          .steps(SimpleStep.named("deploy").state("Deployed").run(ctx -> {}).build(),
              SimpleStep.named("slow").state("Slow").run(ctx -> clock.advance(Duration.ofSeconds(11))).build(),
              SimpleStep.named("notify").state("Notified").run(ctx -> {}).build()).build();

      Throwable thrown = catchThrowable(engine::run);

      assertThat(thrown).isInstanceOf(RunCancelledException.class).hasMessageContaining("deadline");
      assertThat(keeper.status().state("Deployed").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
      assertThat(keeper.status().state("Slow").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
      assertThat(keeper.status().state("Notified")).isEmpty();
    }
  }

  /** A HikariCP pool: it refuses to hand out a connection to an interrupted thread, as pools do. */
  static HikariDataSource pool(Databases database) {
    DriverManagerDataSource plain = database.fresh();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(plain.url());
    if (database == Databases.POSTGRESQL) {
      config.setUsername("postgres");
    }
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }
}
