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

  private void putStaleSuccess(String stateName) {
    keeper.put(StepState.of(stateName, StepStatus.SUCCEEDED, "Done", "done", clock.instant()).withStale(true));
  }

  @Test
  @DisplayName("K9: a stale SUCCEEDED state (recorded for an older spec) runs its step again")
  void staleSuccessRunsAgain() {
    putStaleSuccess("Deployed");

    RunReport report = engine(tracked("deploy", "Deployed")).build().run();

    assertThat(calls).containsExactly("deploy");
    assertThat(report.outcome("deploy")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(keeper.states().get("Deployed").stale()).isFalse();
  }

  @Test
  @DisplayName("K9: a step kept across spec changes is skipped on a stale success, and its state is marked current")
  void keptStepSkippedAndMarkedCurrent() {
    putStaleSuccess("AdminCreated");

    RunReport report = engine(recording("createAdmin").state(State.of("AdminCreated").keepAcrossSpecChanges()).build())
        .build().run();

    assertThat(calls).isEmpty();
    assertThat(report.outcome("createAdmin")).isEqualTo(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    StepState now = keeper.states().get("AdminCreated");
    assertThat(now.stale()).isFalse();
    assertThat(now.reason()).isEqualTo("Done");
    assertThat(keeper.transitions()).hasSize(1);
  }

  @Test
  @DisplayName("K9: a current success of a kept step writes nothing")
  void keptStepCurrentWritesNothing() {
    keeper.putSucceeded("AdminCreated");

    engine(recording("createAdmin").state(State.of("AdminCreated").keepAcrossSpecChanges()).build()).build().run();

    assertThat(calls).isEmpty();
    assertThat(keeper.transitions()).isEmpty();
  }
}
