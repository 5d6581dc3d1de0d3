package dev.stepsengine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepsengine.RunReport;
import dev.stepsengine.RunWaitingException;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.StateKeeperException;
import dev.stepsengine.StepAction;
import dev.stepsengine.StepOutcome;
import dev.stepsengine.StepState;
import dev.stepsengine.StepStatus;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.testing.ManualClock;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The database keeper's hand-over ({@link JdbcStateKeeper#handOver}): a step's success and the
 * next step's lease in one transaction, on SQLite and PostgreSQL (SEMANTICS J3, J4, R5, R8).
 */
class JdbcHandOverTest {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private final ManualClock clock = new ManualClock();

  private JdbcStateKeeper worker(StepsDatabase db, String owner) {
    return JdbcStateKeeper.builder(db, "order-1").owner(owner).leaseDuration(LEASE).renewEvery(Duration.ZERO)
        .clock(clock).build();
  }

  private StepsEngine engine(JdbcStateKeeper keeper, StepAction deploy) {
    return StepsEngine.builder().stateKeeper(keeper).clock(clock).steps(
        SimpleStep.named("deploy").state("Deployed").run(deploy).build(),
        SimpleStep.named("notify").state("Notified").run(ctx -> { }).build()).build();
  }

  private static StepState running(String name) {
    return StepState.of(name, StepStatus.RUNNING, StepState.REASON_IN_PROGRESS, "", null);
  }

  @ParameterizedTest(name = "J3, R5 {0}: another worker took the next step's lease after this run's read: the success"
      + " commits alone and the next step is HELD_ELSEWHERE")
  @EnumSource(Databases.class)
  void leaseTakenDuringTheStep(Databases database) {
    StepsDatabase db = database.freshSteps();
    JdbcStateKeeper a = worker(db, "a");
    JdbcStateKeeper b = worker(db, "b");

    RunWaitingException e = catchThrowableOfType(RunWaitingException.class,
        () -> engine(a, ctx -> b.setStepState(running("Notified"))).run());

    RunReport report = e.report().orElseThrow();
    assertThat(report.outcome("deploy")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(report.outcome("notify")).isEqualTo(StepOutcome.HELD_ELSEWHERE);
    assertThat(e.waitFor()).isEqualTo(LEASE);
    ExecutionStatus status = a.status();
    assertThat(status.state("Deployed").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(status.state("Notified").orElseThrow().status()).isEqualTo(StepStatus.RUNNING);
    assertThat(db.history("order-1")).extracting(t -> t.stateName() + " " + t.to() + " " + t.owner())
        .containsExactly("Deployed RUNNING a", "Notified RUNNING b", "Deployed SUCCEEDED a");
    Histories.assertUnbroken(db.history("order-1"));
  }

  @ParameterizedTest(name = "J3, R5 {0}: a lease held by another worker before the run: the success commits alone")
  @EnumSource(Databases.class)
  void leaseHeldBeforeTheRun(Databases database) {
    StepsDatabase db = database.freshSteps();
    worker(db, "b").setStepState(running("Notified"));
    JdbcStateKeeper a = worker(db, "a");

    RunWaitingException e = catchThrowableOfType(RunWaitingException.class, () -> engine(a, ctx -> { }).run());

    assertThat(e.report().orElseThrow().outcome("notify")).isEqualTo(StepOutcome.HELD_ELSEWHERE);
    assertThat(a.status().state("Deployed").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(db.history("order-1")).extracting(t -> t.stateName() + " " + t.to() + " " + t.owner())
        .containsExactly("Notified RUNNING b", "Deployed RUNNING a", "Deployed SUCCEEDED a");
  }

  @ParameterizedTest(name = "J4, R8 {0}: a hand-over whose commit fails writes neither state: StateKeeperException at"
      + " the finished step, the next NOT_REACHED; a re-run completes both")
  @EnumSource(Databases.class)
  void failedCommitWritesNeither(Databases database) {
    FaultyDataSource ds = new FaultyDataSource(database.fresh());
    StepsDatabase db = StepsDatabase.open(ds);
    AtomicBoolean armed = new AtomicBoolean();
    ds.fault(sql -> {
      if (sql.equals("COMMIT") && armed.getAndSet(false)) {
        throw new SQLException("disk full");
      }
    });
    JdbcStateKeeper a = worker(db, "a");

    StateKeeperException e = catchThrowableOfType(StateKeeperException.class,
        () -> engine(a, ctx -> armed.set(true)).run());

    assertThat(e).hasMessageContaining("'Deployed' (SUCCEEDED)").hasMessageContaining("'Notified'")
        .hasMessageContaining("disk full");
    RunReport report = e.report().orElseThrow();
    assertThat(report.outcome("deploy")).isEqualTo(StepOutcome.FAILED);
    assertThat(report.outcome("notify")).isEqualTo(StepOutcome.NOT_REACHED);
    ExecutionStatus status = a.status();
    assertThat(status.state("Deployed").orElseThrow().status()).as("still the lease").isEqualTo(StepStatus.RUNNING);
    assertThat(status.state("Notified")).isEmpty();
    assertThat(db.history("order-1")).hasSize(1);

    engine(a, ctx -> { }).run(); // the same owner takes its own lease back at once
    assertThat(a.status().states()).allMatch(StepState::isSucceeded).hasSize(2);
    Histories.assertUnbroken(db.history("order-1"));
  }
}
