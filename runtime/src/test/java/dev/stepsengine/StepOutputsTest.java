package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepsengine.testing.InMemoryStateKeeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SEMANTICS R18: durable step outputs, through the context, stored with the SUCCEEDED state. */
class StepOutputsTest extends EngineTestSupport {
  private final List<String> seen = new ArrayList<>();

  private SimpleStep charge(String paymentId) {
    return SimpleStep.named("charge").state("Charged").outputs("paymentId")
        .run(ctx -> {
          calls.add("charge");
          ctx.saveOutput("paymentId", paymentId);
        }).build();
  }

  private SimpleStep ship() {
    return SimpleStep.named("ship").state("Shipped")
        .run(ctx -> seen.add(ctx.output("Charged", "paymentId").orElse("none"))).build();
  }

  @Test
  @DisplayName("R18: outputs are stored with the step's SUCCEEDED state, in the same write")
  void storedWithSuccess() {
    engine(charge("pay-1")).build().run();

    assertThat(keeper.transitions()).hasSize(1);
    StepState written = keeper.transitions().get(0).to();
    assertThat(written.status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(written.outputs()).isEqualTo(Map.of("paymentId", "pay-1"));
  }

  @Test
  @DisplayName("R18: a later step of the same run reads the output")
  void laterStepReads() {
    engine(charge("pay-1"), ship()).build().run();

    assertThat(seen).containsExactly("pay-1");
  }

  @Test
  @DisplayName("R18: a later run reads the output although the producer is skipped as already succeeded")
  void skippedProducerStillProvides() {
    engine(charge("pay-1")).build().run();

    RunReport second = engine(charge("pay-2"), ship()).build().run();

    assertThat(second.outcome("charge")).isEqualTo(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    assertThat(seen).containsExactly("pay-1");
    assertThat(calls).containsExactly("charge");
  }

  @Test
  @DisplayName("R18: a re-run of the producing step replaces its outputs")
  void reRunReplaces() {
    engine(charge("pay-1")).build().run();

    engine(charge("pay-2").toBuilder().skipStateCheck().build(), ship()).build().run();

    assertThat(keeper.states().get("Charged").outputs()).isEqualTo(Map.of("paymentId", "pay-2"));
    assertThat(seen).containsExactly("pay-2");
  }

  @Test
  @DisplayName("R18, R6: only the succeeding attempt's outputs are stored")
  void failedAttemptOutputsDropped() {
    engine(SimpleStep.named("charge").state("Charged").outputs("paymentId", "note")
        .retry(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ZERO).build())
        .run(ctx -> {
          if (ctx.attempt() == 1) {
            ctx.saveOutput("note", "from the failed attempt");
            throw new IllegalStateException("declined");
          }
          ctx.saveOutput("paymentId", "pay-2");
        }).build()).build().run();

    assertThat(keeper.states().get("Charged").outputs()).isEqualTo(Map.of("paymentId", "pay-2"));
  }

  @Test
  @DisplayName("R18: a failed step stores no outputs")
  void failureStoresNone() {
    catchThrowableOfType(StepFailedException.class, () -> engine(SimpleStep.named("charge").state("Charged")
        .outputs("paymentId").run(ctx -> {
          ctx.saveOutput("paymentId", "pay-1");
          throw new IllegalStateException("declined");
        }).build()).build().run());

    assertThat(keeper.states().get("Charged").outputs()).isEmpty();
  }

  @Test
  @DisplayName("R18: the engine refuses to build when a step declares outputs its keeper cannot store")
  void unsupportedKeeperFailsAtBuild() {
    InMemoryStateKeeper noOutputs = new InMemoryStateKeeper().withMaxOutputChars(0);

    assertThatThrownBy(() -> StepsEngine.builder().stateKeeper(noOutputs).steps(charge("x")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("step 'charge' declares outputs [paymentId]")
        .hasMessageContaining("cannot store outputs");
    assertThatThrownBy(() -> StepsEngine.builder().steps(charge("x")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no state keeper");
  }

  @Test
  @DisplayName("R18: a step with outputs needs state tracking, checked when it is built")
  void outputsNeedState() {
    assertThatThrownBy(() -> SimpleStep.named("charge").outputs("paymentId").run(ctx -> { }).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("tracks no state");
  }

  @Test
  @DisplayName("R18: output names follow the naming rule")
  void outputNamesChecked() {
    assertThatThrownBy(() -> SimpleStep.named("charge").outputs("payment id"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output name \"payment id\"");
  }

  @Test
  @DisplayName("R18: saving an undeclared output, or more than the keeper's limit, fails the step with a clear message")
  void undeclaredAndOversizedOutputsFail() {
    keeper.withMaxOutputChars(20);

    StepFailedException undeclared = catchThrowableOfType(StepFailedException.class,
        () -> engine(SimpleStep.named("charge").state("Charged").outputs("paymentId")
            .run(ctx -> ctx.saveOutput("receipt", "r")).build()).build().run());
    StepFailedException oversized = catchThrowableOfType(StepFailedException.class,
        () -> engine(SimpleStep.named("refund").state("Refunded").outputs("paymentId")
            .run(ctx -> ctx.saveOutput("paymentId", "x".repeat(30))).build()).build().run());

    assertThat(undeclared.getCause()).hasMessageContaining("does not declare").hasMessageContaining("[paymentId]");
    assertThat(oversized.getCause()).hasMessageContaining("would hold 39 characters")
        .hasMessageContaining("at most 20");
  }

  @Test
  @DisplayName("R18: a step that declares no outputs cannot save one")
  void noDeclarationNoSave() {
    StepFailedException e = catchThrowableOfType(StepFailedException.class,
        () -> engine(SimpleStep.named("plain").run(ctx -> ctx.saveOutput("id", "1")).build()).build().run());

    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessageContaining("declares no outputs");
  }
}
