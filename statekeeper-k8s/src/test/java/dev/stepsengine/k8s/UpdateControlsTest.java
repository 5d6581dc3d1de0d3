package dev.stepsengine.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepsengine.ReconcilePolicy;
import dev.stepsengine.ReconcileResult;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.StepAction;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.WaitException;
import dev.stepsengine.testing.InMemoryStateKeeper;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** K8: the JOSDK adapter reschedules after the engine's requeue delay and never patches. */
class UpdateControlsTest {

  private static ReconcileResult runOne(StepAction action, ReconcilePolicy policy) {
    return StepsEngine.builder().stateKeeper(new InMemoryStateKeeper()).reconcilePolicy(policy)
        .steps(SimpleStep.named("only").state("Only").run(action).build())
        .build().runAsReconcilerResponse();
  }

  @Test
  @DisplayName("K8: a successful run reschedules after 30 s, with no update")
  void k8_successReschedulesAfterDefault() {
    UpdateControl<Widget> control = UpdateControls.of(runOne(ctx -> { }, ReconcilePolicy.defaults()));

    assertThat(control.isNoUpdate()).isTrue();
    assertThat(control.getScheduleDelay()).contains(Duration.ofSeconds(30).toMillis());
  }

  @Test
  @DisplayName("K8: a failed run reschedules after 10 s, with no update")
  void k8_failureReschedulesAfterTenSeconds() {
    UpdateControl<Widget> control = UpdateControls.of(runOne(ctx -> {
      throw new IllegalStateException("boom");
    }, ReconcilePolicy.defaults()));

    assertThat(control.isNoUpdate()).isTrue();
    assertThat(control.getScheduleDelay()).contains(Duration.ofSeconds(10).toMillis());
  }

  @Test
  @DisplayName("K8: a waiting run reschedules after the wait")
  void k8_waitReschedulesAfterWait() {
    UpdateControl<Widget> control = UpdateControls.of(runOne(ctx -> {
      throw WaitException.after(Duration.ofSeconds(42), "replica not ready");
    }, ReconcilePolicy.defaults()));

    assertThat(control.getScheduleDelay()).contains(Duration.ofSeconds(42).toMillis());
  }

  @Test
  @DisplayName("K8: with no requeue on success, the control does not reschedule")
  void k8_noRequeueMeansNoReschedule() {
    ReconcilePolicy policy = ReconcilePolicy.builder().noRequeueOnSuccess().build();
    UpdateControl<Widget> control = UpdateControls.of(runOne(ctx -> { }, policy));

    assertThat(control.isNoUpdate()).isTrue();
    assertThat(control.getScheduleDelay()).isEqualTo(Optional.empty());
  }
}
