package dev.stepsengine.testing;

import static dev.stepsengine.testing.StepsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepsengine.RetryPolicy;
import dev.stepsengine.RunReport;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.StepOutcome;
import dev.stepsengine.StepStatus;
import dev.stepsengine.StepsEngine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The steps-testing assertions pass on what a real run did and fail, with the run described, otherwise. */
class StepsAssertionsTest {
  private final InMemoryStateKeeper keeper = new InMemoryStateKeeper().withRunningState(true);
  private final ManualClock clock = new ManualClock();

  private RunReport run() {
    AtomicInteger deployCalls = new AtomicInteger();
    StepsEngine engine = StepsEngine.builder()
        .stateKeeper(keeper)
        .clock(clock)
        .steps(
            SimpleStep.named("validate").state("SpecValid").run(ctx -> { }).build(),
            SimpleStep.named("deploy").state("Deployed")
                .retry(RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofSeconds(1))
                    .retryOn(IllegalStateException.class).build())
                .run(ctx -> {
                  if (deployCalls.incrementAndGet() < 3) {
                    throw new IllegalStateException("not yet");
                  }
                }).build(),
            SimpleStep.named("metrics").state("MetricsRefreshed").continueOnError()
                .run(ctx -> {
                  throw new IllegalArgumentException("metrics down");
                }).build())
        .build();
    return engine.run();
  }

  @Test
  @DisplayName("R15: report assertions pass on the run's real result, outcomes and attempts")
  void R15_reportAssertionsPass() {
    RunReport report = run();

    assertThat(report).succeeded()
        .hasOutcome("validate", StepOutcome.SUCCEEDED)
        .hasAttempts("deploy", 3)
        .hasOutcome("metrics", StepOutcome.FAILED_CONTINUED)
        .ranExactly("validate", "deploy", "metrics");
    assertThat(report).step("metrics").hasErrorInstanceOf(IllegalArgumentException.class).hasAttempts(1);
    org.assertj.core.api.Assertions.assertThat(clock.sleeps()).hasSize(2);
  }

  @Test
  @DisplayName("R15: report assertions fail, naming the step and listing the run, when the report differs")
  void R15_reportAssertionsFail() {
    RunReport report = run();

    assertThatThrownBy(() -> assertThat(report).failed())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected the run to end FAILED but it ended SUCCEEDED")
        .hasMessageContaining("deploy: SUCCEEDED (3 attempt(s))");
    assertThatThrownBy(() -> assertThat(report).hasAttempts("deploy", 1))
        .hasMessageContaining("expected step 'deploy' to make 1 attempt(s) but it made 3");
    assertThatThrownBy(() -> assertThat(report).hasOutcome("metrics", StepOutcome.SUCCEEDED))
        .hasMessageContaining("'metrics' to be SUCCEEDED but it was FAILED_CONTINUED");
    assertThatThrownBy(() -> assertThat(report).hasOutcome("nosuch", StepOutcome.SUCCEEDED))
        .hasMessageContaining("expected a step at 'nosuch'");
    assertThatThrownBy(() -> assertThat(report).ranExactly("validate"))
        .hasMessageContaining("[validate, deploy, metrics] ran");
    assertThatThrownBy(() -> assertThat(report).step("deploy").hasErrorInstanceOf(IllegalStateException.class))
        .hasMessageContaining("its error was");
  }

  @Test
  @DisplayName("R2: keeper assertions see the states written, in order, and fail on other writes")
  void R2_keeperAssertions() {
    run();

    assertThat(keeper)
        .hasWritten("SpecValid", StepStatus.RUNNING, StepStatus.SUCCEEDED)
        .hasState("Deployed", StepStatus.SUCCEEDED)
        .hasWritten("MetricsRefreshed", StepStatus.RUNNING, StepStatus.FAILED)
        .hasState("MetricsRefreshed", StepStatus.FAILED);
    assertThatThrownBy(() -> assertThat(keeper).hasWritten("SpecValid", StepStatus.SUCCEEDED))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to be [SUCCEEDED] but they were [RUNNING, SUCCEEDED]");
    assertThatThrownBy(() -> assertThat(keeper).hasState("Nothing", StepStatus.SUCCEEDED))
        .hasMessageContaining("'Nothing' to be SUCCEEDED but it is PENDING");
    assertThatThrownBy(() -> assertThat(keeper).hasWriteCount(0))
        .hasMessageContaining("expected 0 write(s)");
  }
}
