package dev.stepsengine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stepsengine.RunCancelledException;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.StateKeeper;
import dev.stepsengine.StepListener;
import dev.stepsengine.StepOutcome;
import dev.stepsengine.StepReport;
import dev.stepsengine.StepState;
import dev.stepsengine.StepStatus;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.testing.ForwardingStateKeeper;
import dev.stepsengine.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Review of the hand-over review fixes (commit 9a9fdb7) on SQLite and PostgreSQL: the late R9 check
 * after a hand-over whose lease another worker holds (SEMANTICS R9, J3).
 */
class JdbcHandOverLateCancelReviewTest {
  private static final Duration LEASE = Duration.ofMinutes(10);
  private final ManualClock clock = new ManualClock();

  private JdbcStateKeeper worker(StepsDatabase db, String execution, String owner) {
    return JdbcStateKeeper.builder(db, execution).owner(owner).leaseDuration(LEASE).renewEvery(Duration.ZERO)
        .clock(clock).build();
  }

  /** deploy → notify over {@code keeper}; notify's lease is b's; the deadline passes in deploy's stepFinished. */
  private Throwable pastDeadline(StepsDatabase db, String execution, StateKeeper keeper) {
    worker(db, execution, "b").setStepState(StepState.of("Notified", StepStatus.RUNNING,
        StepState.REASON_IN_PROGRESS, "", null));
    StepListener listener = new StepListener() {
      @Override
      public void stepFinished(StepReport report) {
        if (report.name().equals("deploy")) {
          clock.advance(Duration.ofMinutes(2)); // b's lease stays live: it lasts ten minutes
        }
      }
    };
    StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).clock(clock).listener(listener)
        .runTimeout(Duration.ofMinutes(1)).steps(
            SimpleStep.named("deploy").state("Deployed").run(ctx -> { }).build(),
            SimpleStep.named("notify").state("Notified").run(ctx -> { }).build()).build();
    Throwable e = catchThrowable(engine::run);
    assertThat(db.execution(execution).orElseThrow().state("Deployed").orElseThrow().status())
        .isEqualTo(StepStatus.SUCCEEDED);
    assertThat(db.history(execution)).filteredOn(t -> t.stateName().equals("Notified"))
        .extracting(t -> t.to() + " " + t.owner()).as("b keeps its lease").containsExactly("RUNNING b");
    return e;
  }

  @ParameterizedTest(name = "R9, J3 {0}: the deadline passes after a hand-over whose lease another worker holds: the"
      + " run stops with RunCancelledException and the next step is NOT_REACHED, as with two writes")
  @EnumSource(Databases.class)
  void deadlineAfterRefusedHandOver(Databases database) {
    StepsDatabase db = database.freshSteps();
    Throwable twoWrites = pastDeadline(db, "two-writes", new ForwardingStateKeeper(worker(db, "two-writes", "a")));
    assertThat(twoWrites).isInstanceOf(RunCancelledException.class);
    assertThat(((RunCancelledException) twoWrites).report().orElseThrow().outcome("notify"))
        .isEqualTo(StepOutcome.NOT_REACHED);

    Throwable handedOver = pastDeadline(db, "handed-over", worker(db, "handed-over", "a"));
    assertThat(handedOver).as("R9: past the deadline between the steps").isInstanceOf(RunCancelledException.class);
    assertThat(((RunCancelledException) handedOver).report().orElseThrow().outcome("notify"))
        .isEqualTo(StepOutcome.NOT_REACHED);
  }
}
