package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EngineFailureTest extends EngineTestSupport {
  private final List<String> failures = new ArrayList<>();
  private final FailureHandler recordFailure = (ctx, step, e) -> failures.add(step + ":" + e.getMessage());

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  @DisplayName("R7b: an ExpectedException anywhere in the cause chain gives EXPECTED_ERROR; no failure state, no onFail; the run goes on")
  void expectedError() {
    RunReport report = engine(
        SimpleStep.named("deploy").state("Deployed").onFail(recordFailure)
            .run(failWith(new IllegalStateException("wrapped", ExpectedException.of(new IOException("not yet"))))).build(),
        tracked("notify", "Notified")).build().run();

    assertThat(report.outcome("deploy")).isEqualTo(StepOutcome.EXPECTED_ERROR);
    assertThat(report.outcome("notify")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(failures).isEmpty();
    assertThat(keeper.states()).doesNotContainKey("Deployed");
  }

  @Test
  @DisplayName("R7b (differs from the reference): after an expected error a RUNNING state goes back to PENDING with reason Expected")
  void expectedErrorResetsRunning() {
    keeper.withRunningState(true);

    engine(SimpleStep.named("deploy").state("Deployed").run(failWith(new ExpectedException("no capacity yet")))
        .build()).build().run();

    StepState s = keeper.states().get("Deployed");
    assertThat(s.status()).isEqualTo(StepStatus.PENDING);
    assertThat(s.reason()).isEqualTo("Expected");
    assertThat(s.message()).isEqualTo("no capacity yet");
  }

  @Test
  @DisplayName("R7c (differs from the reference): WaitException writes PENDING/Waiting, calls no onFail, and stops the run with its duration")
  void waitStopsTheRun() {
    StepsEngine engine = engine(
        SimpleStep.named("ready").state("Ready").onFail(recordFailure)
            .run(failWith(WaitException.after(Duration.ofSeconds(20), "pods starting"))).build(),
        tracked("notify", "Notified")).build();

    RunWaitingException e = catchThrowableOfType(RunWaitingException.class, engine::run);

    assertThat(e.waitFor()).isEqualTo(Duration.ofSeconds(20));
    assertThat(e.stepName()).isEqualTo("ready");
    StepState s = keeper.states().get("Ready");
    assertThat(s.status()).isEqualTo(StepStatus.PENDING);
    assertThat(s.reason()).isEqualTo("Waiting");
    assertThat(s.message()).isEqualTo("pods starting");
    assertThat(failures).isEmpty();
    assertThat(calls).isEmpty();
    assertThat(e.report().orElseThrow().outcome("ready")).isEqualTo(StepOutcome.WAITING);
  }

  @Test
  @DisplayName("R7c: a wait without a duration waits the default 3 s")
  void defaultWait() {
    RunWaitingException e = catchThrowableOfType(RunWaitingException.class,
        () -> engine(SimpleStep.named("ready").run(failWith(WaitException.of("later"))).build()).build().run());

    assertThat(e.waitFor()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  @DisplayName("R7c: with continueOnError a waiting step lets the run go on and the wait is still reported")
  void waitWithContinueOnError() {
    StepsEngine engine = engine(
        SimpleStep.named("ready").continueOnError().run(failWith(WaitException.after(Duration.ofSeconds(7), "x"))).build(),
        recording("notify").build()).build();

    RunReport report = engine.run();

    assertThat(report.outcome("ready")).isEqualTo(StepOutcome.WAITING);
    assertThat(calls).containsExactly("notify");
    assertThat(report.requeueAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  @DisplayName("R7d: a failure writes FAILED/Error with the message, calls onFail, and stops with StepFailedException")
  void failureStopsTheRun() {
    IOException boom = new IOException("disk full");
    StepsEngine engine = engine(
        SimpleStep.named("deploy").state("Deployed").onFail(recordFailure).run(failWith(boom)).build(),
        tracked("notify", "Notified")).build();

    StepFailedException e = catchThrowableOfType(StepFailedException.class, engine::run);

    assertThat(e.stepName()).isEqualTo("deploy");
    assertThat(e.stateName()).contains("Deployed");
    assertThat(e).hasCause(boom);
    StepState s = keeper.states().get("Deployed");
    assertThat(s.status()).isEqualTo(StepStatus.FAILED);
    assertThat(s.reason()).isEqualTo("Error");
    assertThat(s.message()).isEqualTo("disk full");
    assertThat(failures).containsExactly("deploy:disk full");
    assertThat(e.report().orElseThrow().outcome("notify")).isEqualTo(StepOutcome.NOT_REACHED);
  }

  @Test
  @DisplayName("R7d: an exception without a message is recorded with its class name")
  void failureWithoutMessage() {
    assertThatThrownBy(() -> engine(SimpleStep.named("deploy").state("Deployed")
        .run(failWith(new IllegalStateException())).build()).build().run()).isInstanceOf(StepFailedException.class);

    assertThat(keeper.states().get("Deployed").message()).isEqualTo("java.lang.IllegalStateException");
  }

  @Test
  @DisplayName("R7d: an exception thrown by onFail is added as suppressed, never lost")
  void onFailExceptionSuppressed() {
    IOException boom = new IOException("disk full");
    IllegalStateException handlerBug = new IllegalStateException("cleanup failed");

    StepFailedException e = catchThrowableOfType(StepFailedException.class, () -> engine(SimpleStep.named("deploy")
        .onFail((ctx, step, ex) -> {
          throw handlerBug;
        }).run(failWith(boom)).build()).build().run());

    assertThat(e.getCause()).isSameAs(boom);
    assertThat(boom.getSuppressed()).containsExactly(handlerBug);
  }

  @Test
  @DisplayName("R7d: continueOnError gives FAILED_CONTINUED; the run goes on and the exception stays in the report")
  void continueOnError() {
    IOException boom = new IOException("optional failed");

    RunReport report = engine(
        SimpleStep.named("metrics").state("MetricsReady").continueOnError().onFail(recordFailure)
            .run(failWith(boom)).build(),
        tracked("notify", "Notified")).build().run();

    assertThat(report.result()).isEqualTo(RunResult.SUCCEEDED);
    assertThat(report.outcome("metrics")).isEqualTo(StepOutcome.FAILED_CONTINUED);
    assertThat(report.step("metrics").orElseThrow().error()).containsSame(boom);
    assertThat(keeper.states().get("MetricsReady").status()).isEqualTo(StepStatus.FAILED);
    assertThat(failures).containsExactly("metrics:optional failed");
    assertThat(calls).containsExactly("notify");
  }

  @Test
  @DisplayName("R7e: an Error other than VirtualMachineError counts as a failure")
  void errorIsAFailure() {
    AssertionError bug = new AssertionError("invariant broken");

    StepFailedException e = catchThrowableOfType(StepFailedException.class, () -> engine(SimpleStep.named("deploy")
        .state("Deployed").onFail(recordFailure).run(ctx -> {
          throw bug;
        }).build()).build().run());

    assertThat(e).hasCause(bug);
    assertThat(keeper.states().get("Deployed").status()).isEqualTo(StepStatus.FAILED);
    assertThat(failures).hasSize(1);
  }

  @Test
  @DisplayName("R7e: a VirtualMachineError propagates at once")
  void virtualMachineErrorPropagates() {
    StackOverflowError overflow = new StackOverflowError("deep");

    assertThatThrownBy(() -> engine(SimpleStep.named("deploy").state("Deployed").run(ctx -> {
      throw overflow;
    }).build(), recording("notify").build()).build().run()).isSameAs(overflow);
    assertThat(calls).isEmpty();
  }

  @Test
  @DisplayName("R7f: an interrupted step is CANCELLED, the interrupt flag is restored, no FAILED state is written")
  void interruption() {
    keeper.withRunningState(true);
    StepsEngine engine = engine(
        SimpleStep.named("deploy").state("Deployed").onFail(recordFailure)
            .run(failWith(new InterruptedException("shutdown"))).build(),
        tracked("notify", "Notified")).build();

    RunCancelledException e = catchThrowableOfType(RunCancelledException.class, engine::run);

    assertThat(Thread.currentThread().isInterrupted()).isTrue();
    assertThat(e.report().orElseThrow().outcome("deploy")).isEqualTo(StepOutcome.CANCELLED);
    assertThat(e.report().orElseThrow().result()).isEqualTo(RunResult.CANCELLED);
    assertThat(keeper.transitions()).extracting(t -> t.to().status()).doesNotContain(StepStatus.FAILED);
    assertThat(keeper.states().get("Deployed").status()).isEqualTo(StepStatus.PENDING);
    assertThat(failures).isEmpty();
    assertThat(calls).isEmpty();
  }

  @Test
  @DisplayName("R8: a failed write stops the run with StateKeeperException, with the step's own failure suppressed")
  void writeFailureNotSwallowed() {
    IOException boom = new IOException("deploy failed");
    IllegalStateException down = new IllegalStateException("keeper down");
    keeper.failWrites(s -> down);

    StateKeeperException e = catchThrowableOfType(StateKeeperException.class,
        () -> engine(SimpleStep.named("deploy").state("Deployed").run(failWith(boom)).build()).build().run());

    assertThat(e).hasCause(down);
    assertThat(e.getSuppressed()).containsExactly(boom);
    assertThat(e.report().orElseThrow().result()).isEqualTo(RunResult.FAILED);
  }

  @Test
  @DisplayName("R8: a failed SUCCEEDED write stops the run too")
  void successWriteFailure() {
    keeper.failWrites(s -> new IllegalStateException("conflict"));

    assertThatThrownBy(() -> engine(tracked("deploy", "Deployed"), tracked("notify", "Notified")).build().run())
        .isInstanceOf(StateKeeperException.class);
    assertThat(calls).containsExactly("deploy");
  }

  @Test
  @DisplayName("R7d: a step-context hook that throws is a failure of that step, with state, onFail and report")
  void throwingHookIsStepFailure() {
    IllegalStateException broken = new IllegalStateException("hook broke");

    StepFailedException e = catchThrowableOfType(StepFailedException.class, () -> engine(
        SimpleStep.named("deploy").state("Deployed").onFail(recordFailure).run(ctx -> calls.add("deploy")).build())
        .stepContext(ctx -> {
          throw broken;
        }).build().run());

    assertThat(e).hasCause(broken);
    assertThat(calls).isEmpty();
    assertThat(failures).containsExactly("deploy:hook broke");
    assertThat(keeper.states().get("Deployed").status()).isEqualTo(StepStatus.FAILED);
    assertThat(e.report().orElseThrow().outcome("deploy")).isEqualTo(StepOutcome.FAILED);
  }
}
