package dev.stepsengine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepsengine.RetryPolicy;
import dev.stepsengine.RunReport;
import dev.stepsengine.RunResult;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.StateKeeper;
import dev.stepsengine.StepStatus;
import dev.stepsengine.StepsEngine;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link ForwardingStateKeeper} hands every {@link StateKeeper} call to its delegate. */
class ForwardingStateKeeperTest {

  @Test
  @DisplayName("contract: every StateKeeper method, default ones included, is forwarded rather than inherited")
  void declaresEveryMethod() {
    List<String> inherited = new ArrayList<>();
    for (Method m : StateKeeper.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      try {
        ForwardingStateKeeper.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
      } catch (NoSuchMethodException e) {
        inherited.add(m.getName() + Arrays.toString(m.getParameterTypes()));
      }
    }

    assertThat(inherited).as("methods ForwardingStateKeeper does not forward").isEmpty();
  }

  @Test
  @DisplayName("R5, R6, K4, R18: in a real run the engine reaches the delegate through it: states, running state, attempts, flush with the report, output limit")
  void forwardsARealRun() {
    InMemoryStateKeeper states = new InMemoryStateKeeper("forwarded").withRunningState(true).withMaxOutputChars(40);
    List<String> attempts = new ArrayList<>();
    List<RunReport> flushed = new ArrayList<>();
    StateKeeper recording = new ForwardingStateKeeper(states) {
      @Override
      public void attemptFailed(String stateName, int attempt, Throwable failure) {
        attempts.add(stateName + "#" + attempt);
      }

      @Override
      public void flush(RunReport report) {
        flushed.add(report);
        super.flush(report);
      }
    };
    ForwardingStateKeeper keeper = new ForwardingStateKeeper(recording);
    StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).clock(new ManualClock()).steps(
        SimpleStep.named("charge").state("Charged").outputs("paymentId")
            .retry(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ZERO).build())
            .run(ctx -> {
              if (ctx.attempt() == 1) {
                throw new IllegalStateException("declined");
              }
              ctx.saveOutput("paymentId", "pay-1");
            }).build()).build();

    engine.run();

    assertThat(keeper.delegate()).isSameAs(recording);
    assertThat(keeper.getSummary()).isEqualTo("forwarded");
    assertThat(keeper.getSummaryAttributes()).isEqualTo(states.getSummaryAttributes());
    assertThat(keeper.supportsRunningState()).isTrue();
    assertThat(keeper.maxOutputChars()).isEqualTo(40);
    assertThat(keeper.getStepState("Charged").outputs()).isEqualTo(Map.of("paymentId", "pay-1"));
    assertThat(states.transitions()).extracting(t -> t.to().status())
        .containsExactly(StepStatus.RUNNING, StepStatus.SUCCEEDED);
    assertThat(attempts).containsExactly("Charged#1");
    assertThat(flushed).singleElement().extracting(RunReport::result).isEqualTo(RunResult.SUCCEEDED);
    assertThat(states.flushes()).isEqualTo(1);
    keeper.flush();
    assertThat(states.flushes()).isEqualTo(2);
  }

  @Test
  @DisplayName("R19: a null delegate is refused at once, naming the argument")
  void nullDelegate() {
    assertThatThrownBy(() -> new ForwardingStateKeeper(null))
        .isInstanceOf(NullPointerException.class).hasMessage("delegate");
  }
}
