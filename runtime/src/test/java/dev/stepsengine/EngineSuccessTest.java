package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepsengine.throttling.Throttle;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EngineSuccessTest extends EngineTestSupport {

  @Test
  @DisplayName("R7a: success writes SUCCEEDED with reason Success and message 'Completed successfully' by default")
  void defaultReasonAndMessage() {
    engine(tracked("deploy", "Deployed")).build().run();

    StepState s = keeper.states().get("Deployed");
    assertThat(s.status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(s.reason()).isEqualTo("Success");
    assertThat(s.message()).isEqualTo("Completed successfully");
    assertThat(s.updatedAt()).isEqualTo(clock.instant());
  }

  @Test
  @DisplayName("R7a: success writes the state's own reason and message")
  void customReasonAndMessage() {
    engine(recording("deploy").state(State.of("Deployed").withReason("AllDeployed").withMessage("3 replicas"))
        .build()).build().run();

    StepState s = keeper.states().get("Deployed");
    assertThat(s.reason()).isEqualTo("AllDeployed");
    assertThat(s.message()).isEqualTo("3 replicas");
  }

  @Test
  @DisplayName("R7a: no write at all when the stored state is already SUCCEEDED with the same reason and message")
  void noWriteWhenUnchanged() {
    keeper.putSucceeded("Deployed");

    engine(recording("deploy").state("Deployed").skipStateCheck().build()).build().run();

    assertThat(calls).containsExactly("deploy");
    assertThat(keeper.transitions()).isEmpty();
  }

  @Test
  @DisplayName("R7a (differs from the reference): a changed reason or message is refreshed")
  void changedMessageIsRefreshed() {
    keeper.putSucceeded("Deployed");

    engine(recording("deploy").state(State.of("Deployed").withMessage("5 replicas")).skipStateCheck().build())
        .build().run();

    assertThat(keeper.transitions()).hasSize(1);
    assertThat(keeper.states().get("Deployed").message()).isEqualTo("5 replicas");
  }

  @Test
  @DisplayName("R7a: finishOnSuccess ends the run successfully; later steps are NOT_REACHED")
  void finishOnSuccessEndsRun() {
    RunReport report = engine(recording("check").finishOnSuccess().build(), tracked("deploy", "Deployed"))
        .build().run();

    assertThat(calls).containsExactly("check");
    assertThat(report.result()).isEqualTo(RunResult.SUCCEEDED);
    assertThat(report.outcome("deploy")).isEqualTo(StepOutcome.NOT_REACHED);
  }

  @Test
  @DisplayName("R7a (differs from the reference): finishOnSuccess still records the throttle time")
  void finishOnSuccessRecordsThrottle() {
    StepsEngine engine = engine(recording("refresh").throttle(Throttle.every(Duration.ofMinutes(5)).ensureSuccess())
        .finishOnSuccess().build(), recording("after").build()).build();

    engine.run();
    RunReport second = engine.run();

    assertThat(second.outcome("refresh")).isEqualTo(StepOutcome.THROTTLED);
    assertThat(calls).containsExactly("refresh", "after");
  }

  @Test
  @DisplayName("R7a/R11: finishOnSuccess inside a group ends only the group")
  void finishOnSuccessInGroupEndsGroupOnly() {
    GroupedSteps group = GroupedSteps.named("db").state("DatabaseReady")
        .steps(recording("probe").finishOnSuccess().build(), recording("create").build()).build();

    RunReport report = engine(group, recording("notify").build()).build().run();

    assertThat(calls).containsExactly("probe", "notify");
    assertThat(report.outcome("db")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(report.outcome("db/create")).isEqualTo(StepOutcome.NOT_REACHED);
    assertThat(keeper.states().get("DatabaseReady").status()).isEqualTo(StepStatus.SUCCEEDED);
  }
}
