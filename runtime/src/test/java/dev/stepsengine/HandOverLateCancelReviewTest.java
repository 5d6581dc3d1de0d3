package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stepsengine.testing.ForwardingStateKeeper;
import dev.stepsengine.testing.InMemoryStateKeeper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Review of the hand-over review fixes (commit 9a9fdb7): the late R9 check after a hand-over
 * ({@code StepLifecycle.notReachedAfterHandOver}) must give what two writes give (SEMANTICS R9, R15).
 */
class HandOverLateCancelReviewTest extends EngineTestSupport {

  /**
   * Runs deploy → notify where notify's lease is held by another worker and the deadline passes in
   * a listener's stepFinished for deploy; returns what the run threw.
   */
  private Throwable pastDeadlineWithLeaseHeldElsewhere(boolean handOvers) {
    InMemoryStateKeeper k = new InMemoryStateKeeper("test-object").withRunningState(true).withHandOvers(handOvers);
    k.failWrites(s -> s.name().equals("Notified") && s.status() == StepStatus.RUNNING
        ? new StepHeldElsewhereException("Notified", "other-worker", Duration.ofMinutes(5)) : null);
    StepsEngine engine = deadlinePassingAfterDeploy(k).build(); // past the deadline between the steps
    Throwable e = catchThrowable(engine::run);
    assertThat(k.states().get("Deployed").status()).isEqualTo(StepStatus.SUCCEEDED);
    return e;
  }

  @Test
  @DisplayName("R9, R15: the deadline passes after a hand-over whose lease was refused (held elsewhere): the run"
      + " stops with RunCancelledException and the next step is NOT_REACHED, as with two writes")
  void deadlineAfterRefusedHandOverIsACancellation() {
    Throwable twoWrites = pastDeadlineWithLeaseHeldElsewhere(false);
    assertThat(twoWrites).isInstanceOf(RunCancelledException.class);
    assertThat(((RunCancelledException) twoWrites).report().orElseThrow().outcome("notify"))
        .isEqualTo(StepOutcome.NOT_REACHED);

    Throwable handedOver = pastDeadlineWithLeaseHeldElsewhere(true);
    assertThat(handedOver).as("R9: past the deadline between the steps, whatever the lease").isInstanceOf(
        RunCancelledException.class);
    assertThat(((RunCancelledException) handedOver).report().orElseThrow().outcome("notify"))
        .isEqualTo(StepOutcome.NOT_REACHED);
  }

  /** Runs deploy → notify, traced, where the deadline passes in deploy's stepFinished; returns the run span. */
  private SpanData runSpanPastDeadline(boolean handOvers) {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build()) {
      InMemoryStateKeeper k = new InMemoryStateKeeper("test-object").withRunningState(true).withHandOvers(handOvers);
      StepsEngine engine = deadlinePassingAfterDeploy(k).openTelemetry(otel).build();
      assertThat(catchThrowable(engine::run)).isInstanceOf(RunCancelledException.class);
      return exporter.getFinishedSpanItems().stream().filter(sp -> sp.getName().equals(Telemetry.RUN_SPAN))
          .findFirst().orElseThrow();
    }
  }

  @Test
  @DisplayName("R9, R14: the deadline passes after a hand-over: the run span's last_step is the step that ran"
      + " (deploy), not the NOT_REACHED one, as with two writes")
  void lateDeadlineAfterHandOverKeepsLastStep() {
    AttributeKey<String> lastStep = AttributeKey.stringKey("last_step");
    String twoWrites = runSpanPastDeadline(false).getAttributes().get(lastStep);
    assertThat(twoWrites).isEqualTo("deploy");

    assertThat(runSpanPastDeadline(true).getAttributes().get(lastStep)).as("notify was NOT_REACHED")
        .isEqualTo(twoWrites);
  }

  @Test
  @DisplayName("R9: an interrupt arriving during a hand-over whose lease is refused (held elsewhere): the run stops"
      + " with RunCancelledException, the next step NOT_REACHED, and the interrupt flag stays set")
  void interruptDuringRefusedHandOverIsACancellation() {
    InMemoryStateKeeper k = keeper.withRunningState(true).withHandOvers(true);
    k.failWrites(s -> s.name().equals("Notified") && s.status() == StepStatus.RUNNING
        ? new StepHeldElsewhereException("Notified", "other-worker", Duration.ofMinutes(5)) : null);
    ForwardingStateKeeper interrupting = new ForwardingStateKeeper(k) {
      @Override
      public boolean supportsHandOver() {
        return true;
      }

      @Override
      public boolean handOver(StepState finished, StepState running) {
        Thread.currentThread().interrupt(); // arrives while the keeper writes
        return k.handOver(finished, running);
      }
    };
    StepsEngine engine = deployThenNotify(interrupting).build();

    Throwable e = catchThrowable(engine::run);
    boolean flag = Thread.interrupted();

    assertThat(k.states().get("Deployed").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(flag).as("the interrupt flag after the run").isTrue();
    assertThat(e).as("R9: interrupted between the steps").isInstanceOf(RunCancelledException.class);
    assertThat(((RunCancelledException) e).report().orElseThrow().outcome("notify")).isEqualTo(StepOutcome.NOT_REACHED);
  }
}
