package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EngineRunningStateTest extends EngineTestSupport {

  @Test
  @DisplayName("R5: RUNNING is written just before the step runs when the keeper supports it")
  void runningWrittenBeforeStep() {
    keeper.withRunningState(true);
    AtomicReference<StepStatus> seenInside = new AtomicReference<>();

    engine(SimpleStep.named("deploy").state("Deployed")
        .run(ctx -> seenInside.set(keeper.states().get("Deployed").status())).build()).build().run();

    assertThat(seenInside).hasValue(StepStatus.RUNNING);
    assertThat(keeper.transitions()).extracting(t -> t.to().status())
        .containsExactly(StepStatus.RUNNING, StepStatus.SUCCEEDED);
  }

  @Test
  @DisplayName("R5: no RUNNING write when the keeper does not support running state")
  void noRunningWhenUnsupported() {
    engine(tracked("deploy", "Deployed")).build().run();

    assertThat(keeper.transitions()).extracting(t -> t.to().status()).containsExactly(StepStatus.SUCCEEDED);
  }

  @Test
  @DisplayName("R5: a lease held by another worker gives HELD_ELSEWHERE and stops the run as a wait of the lease's remaining time")
  void leaseHeldElsewhere() {
    keeper.withRunningState(true);
    keeper.failWrites(s -> s.status() == StepStatus.RUNNING
        ? new StepHeldElsewhereException(s.name(), "worker-2", Duration.ofSeconds(42)) : null);
    StepsEngine engine = engine(tracked("deploy", "Deployed"), tracked("notify", "Notified")).build();

    RunWaitingException e = catchThrowableOfType(RunWaitingException.class, engine::run);

    assertThat(e.waitFor()).isEqualTo(Duration.ofSeconds(42));
    assertThat(e).hasCauseInstanceOf(StepHeldElsewhereException.class);
    assertThat(calls).isEmpty();
    RunReport report = e.report().orElseThrow();
    assertThat(report.outcome("deploy")).isEqualTo(StepOutcome.HELD_ELSEWHERE);
    assertThat(report.outcome("notify")).isEqualTo(StepOutcome.NOT_REACHED);
    assertThat(report.result()).isEqualTo(RunResult.WAITING);
    assertThat(engine.runAsReconcilerResponse().requeueAfter()).contains(Duration.ofSeconds(42));
  }

  @Test
  @DisplayName("R5, R7c: a lease refusal with no time left waits the default 3 s rather than requeueing at once")
  void leaseWithNoTimeLeftWaitsDefault() {
    keeper.withRunningState(true);
    keeper.failWrites(s -> s.status() == StepStatus.RUNNING
        ? new StepHeldElsewhereException(s.name(), "worker-2", Duration.ZERO) : null);

    RunWaitingException e = catchThrowableOfType(RunWaitingException.class,
        () -> engine(tracked("deploy", "Deployed")).build().run());

    assertThat(e.waitFor()).isEqualTo(Duration.ofSeconds(3));
  }
}
