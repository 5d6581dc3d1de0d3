package dev.stepsengine.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepsengine.ReconcilePolicy;
import dev.stepsengine.ReconcileResult;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.StepAction;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.WaitException;
import dev.stepsengine.testing.InMemoryStateKeeper;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** K14: a deletion run becomes a {@link DeleteControl} that removes the finalizer only after a success. */
class DeleteControlsTest {

  private static ReconcileResult runOne(StepAction action) {
    return StepsEngine.builder().stateKeeper(new InMemoryStateKeeper())
        .reconcilePolicy(ReconcilePolicy.builder().onFailure(Duration.ofSeconds(7)).build())
        .steps(SimpleStep.named("release").state("Released").run(action).build())
        .build().runAsReconcilerResponse();
  }

  @Test
  @DisplayName("K14: a deletion run that succeeds removes the finalizer and reschedules nothing")
  void k14_successRemovesFinalizer() {
    DeleteControl control = DeleteControls.of(runOne(ctx -> { }));

    assertThat(control.isRemoveFinalizer()).isTrue();
    assertThat(control.getScheduleDelay()).isEmpty();
  }

  @Test
  @DisplayName("K14: a failed deletion run keeps the finalizer and reschedules after the run's failure delay")
  void k14_failureKeepsFinalizer() {
    DeleteControl control = DeleteControls.of(runOne(ctx -> {
      throw new IllegalStateException("volume still attached");
    }));

    assertThat(control.isRemoveFinalizer()).isFalse();
    assertThat(control.getScheduleDelay()).contains(Duration.ofSeconds(7).toMillis());
  }

  @Test
  @DisplayName("K14: a waiting deletion run keeps the finalizer and reschedules after the wait")
  void k14_waitKeepsFinalizer() {
    DeleteControl control = DeleteControls.of(runOne(ctx -> {
      throw WaitException.after(Duration.ofSeconds(42), "backup running");
    }));

    assertThat(control.isRemoveFinalizer()).isFalse();
    assertThat(control.getScheduleDelay()).contains(Duration.ofSeconds(42).toMillis());
  }
}
