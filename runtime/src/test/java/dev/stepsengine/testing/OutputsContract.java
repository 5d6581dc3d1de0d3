package dev.stepsengine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepsengine.PipelineStep;
import dev.stepsengine.RunReport;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.StateKeeper;
import dev.stepsengine.StepFailedException;
import dev.stepsengine.StepOutcome;
import dev.stepsengine.StepState;
import dev.stepsengine.StepStatus;
import dev.stepsengine.StepsEngine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StateKeeper} that stores step outputs must do (SEMANTICS R18), as a reusable
 * suite run through a real {@link StepsEngine}: a keeper module extends this class and says how to
 * make a fresh keeper, how another process would open the same storage, and (when it can be
 * configured so) a keeper of the same kind that cannot store outputs. Sizes come from the keeper's
 * own {@link StateKeeper#maxOutputChars()}, so each keeper is held to the limit it documents.
 */
public abstract class OutputsContract {
  /** The producer's state. */
  protected static final String CHARGED = "Charged";
  /** The outputs the producer declares. */
  private static final String[] DECLARED = {"paymentId", "amount", "note"};

  /** What the producer's action ran with, in order: one entry per run of the action. */
  private final List<String> produced = Collections.synchronizedList(new ArrayList<>());
  /** What the readers saw, in order: {@code reader=value} or {@code reader=(none)}. */
  private final List<String> seen = Collections.synchronizedList(new ArrayList<>());

  /**
   * Returns a new keeper with no states and outputs supported, used by one test only.
   *
   * @return the keeper
   */
  protected abstract StateKeeper newKeeper();

  /**
   * Returns a second keeper over the same storage as {@code keeper}, as another process (or the
   * next reconcile) would open it after the runs so far ended. The default returns {@code keeper}
   * itself, for keepers that store nothing outside.
   *
   * @param keeper a keeper made by {@link #newKeeper()}
   * @return a keeper reading the same storage
   */
  protected StateKeeper reopen(StateKeeper keeper) {
    return keeper;
  }

  /**
   * Returns a new keeper of the same kind configured so that it cannot store outputs
   * ({@code maxOutputChars() == 0}), or empty when this kind always stores them.
   *
   * @return the keeper, or empty
   */
  protected abstract Optional<StateKeeper> newKeeperWithoutOutputs();

  /** Returns the engine over {@code keeper} running {@code steps}. */
  private static StepsEngine engine(StateKeeper keeper, PipelineStep... steps) {
    return StepsEngine.builder().stateKeeper(keeper).steps(steps).build();
  }

  /** The producer: saves {@code values} (a subset of the declared outputs), tagged {@code tag} in {@link #produced}. */
  private SimpleStep charge(String tag, Map<String, String> values) {
    return SimpleStep.named("charge").state(CHARGED).outputs(DECLARED).run(ctx -> {
      produced.add(tag);
      values.forEach(ctx::saveOutput);
    }).build();
  }

  /** A step that fails after saving {@code values}. */
  private SimpleStep failingCharge(Map<String, String> values) {
    return SimpleStep.named("charge").state(CHARGED).outputs(DECLARED).skipStateCheck().run(ctx -> {
      produced.add("failing");
      values.forEach(ctx::saveOutput);
      throw new IllegalStateException("card declined");
    }).build();
  }

  /** A step that records the producer's {@code paymentId} as it reads it (always runs). */
  private SimpleStep reader(String name) {
    return SimpleStep.named(name).state(name + "Done").skipStateCheck()
        .run(ctx -> seen.add(name + "=" + ctx.output(CHARGED, "paymentId").orElse("(none)"))).build();
  }

  /** Values with characters every keeper must keep: quotes, backslashes, line breaks, non-ASCII, an empty value. */
  private static Map<String, String> awkwardValues(String paymentId) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("paymentId", paymentId);
    values.put("amount", "");
    values.put("note", "\"quoted\" \\back\\slash/ line\nbreak\ttab Zürich 東京 ✓ \uD83D\uDE00");
    return values;
  }

  @Test
  @DisplayName("R18: outputs saved by a step are stored with its SUCCEEDED state and read back unchanged by another process")
  void storedWithTheSucceededState() {
    StateKeeper keeper = newKeeper();
    Map<String, String> values = awkwardValues("pay-1");

    RunReport report = engine(keeper, charge("first", values)).run();

    assertThat(report.outcome("charge")).isEqualTo(StepOutcome.SUCCEEDED);
    StepState stored = reopen(keeper).getStepState(CHARGED);
    assertThat(stored.status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(stored.outputs()).isEqualTo(values);
  }

  @Test
  @DisplayName("R18: a later step of the same run reads the output; a missing name or a state without outputs reads empty")
  void laterStepOfTheSameRunReads() {
    StateKeeper keeper = newKeeper();
    List<Optional<String>> absent = new ArrayList<>();
    SimpleStep probe = SimpleStep.named("probe").state("Probed").run(ctx -> {
      absent.add(ctx.output(CHARGED, "receipt"));
      absent.add(ctx.output("NeverWritten", "paymentId"));
    }).build();

    engine(keeper, charge("first", Map.of("paymentId", "pay-1")), reader("ship"), probe).run();

    assertThat(seen).containsExactly("ship=pay-1");
    assertThat(absent).containsExactly(Optional.empty(), Optional.empty());
  }

  @Test
  @DisplayName("R18, R2: a later run on a reopened keeper skips the producer as already succeeded, and the producer still provides its outputs")
  void skippedProducerStillProvidesToALaterRun() {
    StateKeeper keeper = newKeeper();
    engine(keeper, charge("first", Map.of("paymentId", "pay-1", "amount", "42.00"))).run();

    StateKeeper reopened = reopen(keeper);
    RunReport second = engine(reopened, charge("second", Map.of("paymentId", "pay-2")), reader("ship"),
        reader("refund")).run();

    assertThat(second.outcome("charge")).isEqualTo(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    assertThat(produced).containsExactly("first");
    assertThat(seen).containsExactly("ship=pay-1", "refund=pay-1");
    assertThat(reopen(reopened).getStepState(CHARGED).outputs())
        .isEqualTo(Map.of("paymentId", "pay-1", "amount", "42.00"));
  }

  @Test
  @DisplayName("R18: a re-run of the producer replaces its outputs: names it no longer saves are gone")
  void reRunReplacesTheOutputs() {
    StateKeeper keeper = newKeeper();
    engine(keeper, charge("first", Map.of("paymentId", "pay-1", "note", "first attempt"))).run();

    engine(reopen(keeper), charge("second", Map.of("paymentId", "pay-2")).toBuilder().skipStateCheck().build(),
        reader("ship")).run();

    assertThat(produced).containsExactly("first", "second");
    assertThat(seen).containsExactly("ship=pay-2");
    assertThat(reopen(keeper).getStepState(CHARGED).outputs()).isEqualTo(Map.of("paymentId", "pay-2"));
  }

  @Test
  @DisplayName("R18: a failed step's outputs are not stored; the run that later succeeds stores only its own")
  void failedStepStoresNoOutputs() {
    StateKeeper keeper = newKeeper();
    catchThrowableOfType(StepFailedException.class,
        () -> engine(keeper, failingCharge(Map.of("paymentId", "pay-declined", "note", "declined"))).run());

    StepState failed = reopen(keeper).getStepState(CHARGED);
    assertThat(failed.status()).isEqualTo(StepStatus.FAILED);
    assertThat(failed.outputs()).isEmpty();

    engine(reopen(keeper), charge("retry", Map.of("amount", "42.00")), reader("ship")).run();

    assertThat(seen).containsExactly("ship=(none)");
    assertThat(reopen(keeper).getStepState(CHARGED).outputs()).isEqualTo(Map.of("amount", "42.00"));
  }

  @Test
  @DisplayName("R18: a failed re-run of a producer that had succeeded leaves no outputs for later steps")
  void failedReRunLeavesNoOutputs() {
    StateKeeper keeper = newKeeper();
    engine(keeper, charge("first", Map.of("paymentId", "pay-1"))).run();

    catchThrowableOfType(StepFailedException.class,
        () -> engine(reopen(keeper), failingCharge(Map.of("paymentId", "pay-declined"))).run());
    engine(reopen(keeper), reader("refund")).run();

    assertThat(reopen(keeper).getStepState(CHARGED).status()).isEqualTo(StepStatus.FAILED);
    assertThat(seen).containsExactly("refund=(none)");
  }

  @Test
  @DisplayName("R18: outputs of exactly the keeper's maxOutputChars are stored; one character more fails the step with the documented message")
  void sizeLimitOfTheKeeper() {
    StateKeeper keeper = newKeeper();
    int limit = keeper.maxOutputChars();
    assertThat(limit).as("a keeper under this contract stores outputs").isPositive();
    String fits = "f".repeat(limit - "paymentId".length());

    engine(keeper, charge("fits", Map.of("paymentId", fits))).run();
    assertThat(reopen(keeper).getStepState(CHARGED).outputs().get("paymentId")).isEqualTo(fits);

    StateKeeper other = newKeeper();
    StepFailedException tooMany = catchThrowableOfType(StepFailedException.class,
        () -> engine(other, charge("too many", Map.of("paymentId", fits + "x"))).run());

    assertThat(tooMany).as("the run fails").isNotNull();
    assertThat(tooMany.getCause()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outputs of step 'charge' would hold " + (limit + 1) + " characters")
        .hasMessageContaining("at most " + limit + " per state").hasMessageContaining("R18");
    StepState stored = reopen(other).getStepState(CHARGED);
    assertThat(stored.status()).isEqualTo(StepStatus.FAILED);
    assertThat(stored.outputs()).isEmpty();
  }

  @Test
  @DisplayName("R18: a step declaring outputs builds only over a keeper that stores them; maxOutputChars 0 fails the engine's build")
  void keeperWithoutOutputsFailsTheBuild() {
    StateKeeper supporting = newKeeper();
    assertThat(supporting.maxOutputChars()).isPositive();
    assertThat(engine(supporting, charge("built", Map.of("paymentId", "pay-1"))).run().outcome("charge"))
        .isEqualTo(StepOutcome.SUCCEEDED);

    newKeeperWithoutOutputs().ifPresent(keeper -> {
      assertThat(keeper.maxOutputChars()).isZero();
      assertThatThrownBy(() -> engine(keeper, charge("refused", Map.of()), reader("ship")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("STEPS-R18: step 'charge' declares outputs [paymentId, amount, note]")
          .hasMessageContaining("cannot store outputs (maxOutputChars() is 0)");
      assertThat(engine(keeper, reader("ship")).run().outcome("ship"))
          .as("steps without outputs still build and run").isEqualTo(StepOutcome.SUCCEEDED);
    });
    assertThat(produced).containsExactly("built");
  }
}
