package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepsengine.throttling.Throttle;
import java.time.Duration;
import java.util.Arrays;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SEMANTICS R19: builders and factories reject null at once, naming the argument and its index. */
class NullArgumentsTest {
  private final SimpleStep ok = SimpleStep.of("ok", ctx -> { });

  private static void rejects(ThrowingCallable call, String named) {
    assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessageContaining(named);
  }

  @Test
  @DisplayName("R19: a null element of a step list is refused by index, when it is added")
  void nullElementsByIndex() {
    rejects(() -> GroupedSteps.named("g").steps(ok, null), "steps[1]");
    rejects(() -> ParallelSteps.named("p").steps(Arrays.asList(ok, ok, null)), "steps[2]");
    rejects(() -> StepsEngine.builder().steps(null, ok), "steps[0]");
    rejects(() -> StepsEngine.builder().steps((java.util.List<PipelineStep>) null), "steps");
    rejects(() -> SimpleStep.named("s").outputs("a", null), "names[1]");
    rejects(() -> RetryPolicy.builder().retryOn(IllegalStateException.class, null), "types[1]");
  }

  @Test
  @DisplayName("R19: null names, settings and callbacks are refused by name")
  void nullSettingsByName() {
    rejects(() -> SimpleStep.named(null), "name");
    rejects(() -> State.of(null), "name");
    rejects(() -> SimpleStep.named("s").state((String) null), "stateName");
    rejects(() -> SimpleStep.named("s").run(null), "action");
    rejects(() -> SimpleStep.named("s").when((StepPredicate) null), "predicate");
    rejects(() -> SimpleStep.named("s").timeout(null), "timeout");
    rejects(() -> SimpleStep.named("s").onFail(null), "handler");
    rejects(() -> DynamicStep.named("d").steps(null), "supplier");
    rejects(() -> StepPredicate.named(null, ctx -> true), "description");
    rejects(() -> StepPredicate.succeeded(null), "stateName");
    rejects(() -> ContextKey.named(null), "name");
    rejects(() -> Throttle.every(null), "interval");
    rejects(() -> WaitException.after(null, "m"), "duration");
    rejects(() -> StepsEngine.builder().when(null), "predicate");
    rejects(() -> StepsEngine.builder().clock(null), "clock");
    rejects(() -> ReconcilePolicy.builder().onFailure(null), "onFailure");
    rejects(() -> RetryPolicy.builder().maxBackoff(null), "maxBackoff");
    rejects(() -> new StepState(null, StepStatus.PENDING, "", "", null), "name");
    rejects(() -> StepState.pending("s").withOutputs(java.util.Collections.singletonMap("k", null)), "k");
    rejects(() -> Throttle.every(Duration.ofSeconds(1)).jitter(null), "jitter");
  }
}
