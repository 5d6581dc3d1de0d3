package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EngineStateCheckTest extends EngineTestSupport {

  @Test
  @DisplayName("R2: a step whose stored state is SUCCEEDED is not run")
  void succeededStepIsSkipped() {
    keeper.putSucceeded("Deployed");

    RunReport report = engine(tracked("deploy", "Deployed"), tracked("notify", "Notified")).build().run();

    assertThat(calls).containsExactly("notify");
    assertThat(report.outcome("deploy")).isEqualTo(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    assertThat(report.outcome("notify")).isEqualTo(StepOutcome.SUCCEEDED);
  }

  @Test
  @DisplayName("R2: a re-run skips what the first run completed")
  void secondRunSkipsCompletedSteps() {
    StepsEngine engine = engine(tracked("a", "A"), tracked("b", "B")).build();

    engine.run();
    RunReport second = engine.run();

    assertThat(calls).containsExactly("a", "b");
    assertThat(second.steps()).extracting(StepReport::outcome)
        .containsOnly(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
  }

  @Test
  @DisplayName("R2: skipStateCheck runs a succeeded step again")
  void skipStateCheckRunsAnyway() {
    keeper.putSucceeded("Deployed");

    engine(recording("deploy").state("Deployed").skipStateCheck().build()).build().run();

    assertThat(calls).containsExactly("deploy");
  }

  @Test
  @DisplayName("R2: without a keeper nothing is tracked and every run runs every step")
  void noKeeperNoTracking() {
    StepsEngine engine = StepsEngine.builder().steps(tracked("a", "A")).build();

    engine.run();
    engine.run();

    assertThat(calls).containsExactly("a", "a");
  }

  @Test
  @DisplayName("R2 (differs from the reference): a keeper read failure stops the run with StateKeeperException")
  void readFailureIsNotSwallowed() {
    IllegalStateException down = new IllegalStateException("keeper down");
    keeper.failReads(name -> down);

    assertThatThrownBy(() -> engine(tracked("deploy", "Deployed")).build().run())
        .isInstanceOf(StateKeeperException.class)
        .hasMessageContaining("Deployed")
        .hasCause(down);
    assertThat(calls).isEmpty();
    assertThat(keeper.transitions()).isEmpty();
  }
}
