package dev.stepsengine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepsengine.RunReport;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.StateKeeper;
import dev.stepsengine.StepFailedException;
import dev.stepsengine.StepOutcome;
import dev.stepsengine.StepState;
import dev.stepsengine.StepStatus;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.WaitException;
import dev.stepsengine.RunWaitingException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every {@link StateKeeper} must do, as a reusable suite: a keeper module extends this class
 * and says how to make a fresh, empty keeper. Times are whole milliseconds, the precision a
 * database keeps.
 */
public abstract class StateKeeperContract {
  /** A time with millisecond precision, the finest every keeper is required to keep. */
  protected static final Instant AT = Instant.parse("2026-03-01T12:30:45.123Z");

  /** Returns a new keeper with no states, used by one test only. */
  protected abstract StateKeeper newKeeper();

  /**
   * Returns a second keeper over the same storage as {@code keeper}, as another process would open
   * it. The default returns {@code keeper} itself (for keepers that store nothing outside).
   */
  protected StateKeeper reopen(StateKeeper keeper) {
    return keeper;
  }

  @Test
  @DisplayName("contract: a state never written reads as pending, with its name and no reason")
  void unknownStateIsPending() {
    StepState state = newKeeper().getStepState("NeverWritten");

    assertThat(state.name()).isEqualTo("NeverWritten");
    assertThat(state.status()).isEqualTo(StepStatus.PENDING);
    assertThat(state.reason()).isEmpty();
    assertThat(state.message()).isEmpty();
  }

  @ParameterizedTest(name = "contract: {0} with reason and message reads back as written")
  @EnumSource(StepStatus.class)
  void roundTripOfEveryStatus(StepStatus status) {
    StateKeeper keeper = newKeeper();
    StepState written = StepState.of("Deployed", status, "SomeReason", "a message: ünïcødé ✓", AT);

    keeper.setStepState(written);
    StepState read = reopen(keeper).getStepState("Deployed");

    assertThat(read.sameAs(written)).as("read %s, wrote %s", read, written).isTrue();
    assertThat(read.updatedAt()).isEqualTo(AT);
  }

  @Test
  @DisplayName("contract: the last write wins, and states of other names are untouched")
  void lastWriteWins() {
    StateKeeper keeper = newKeeper();
    keeper.setStepState(StepState.of("A", StepStatus.FAILED, StepState.REASON_ERROR, "boom", AT));
    keeper.setStepState(StepState.of("B", StepStatus.SUCCEEDED, "Done", "b done", AT));

    keeper.setStepState(StepState.of("A", StepStatus.SUCCEEDED, "Fixed", "a done", AT.plusMillis(1)));

    assertThat(keeper.getStepState("A").sameAs(StepState.of("A", StepStatus.SUCCEEDED, "Fixed", "a done", null)))
        .isTrue();
    assertThat(keeper.getStepState("B").sameAs(StepState.of("B", StepStatus.SUCCEEDED, "Done", "b done", null)))
        .isTrue();
  }

  @Test
  @DisplayName("contract: empty reason and message, and a long message, read back unchanged")
  void emptyAndLongTexts() {
    StateKeeper keeper = newKeeper();
    String longMessage = "x".repeat(40_000);
    keeper.setStepState(StepState.of("Empty", StepStatus.PENDING, "", "", AT));
    keeper.setStepState(StepState.of("Long", StepStatus.FAILED, StepState.REASON_ERROR, longMessage, AT));

    StateKeeper reopened = reopen(keeper);
    assertThat(reopened.getStepState("Empty").reason()).isEmpty();
    assertThat(reopened.getStepState("Empty").message()).isEmpty();
    assertThat(reopened.getStepState("Long").message()).isEqualTo(longMessage);
  }

  @Test
  @DisplayName("contract: summary and summary attributes identify what the keeper tracks")
  void summary() {
    StateKeeper keeper = newKeeper();

    assertThat(keeper.getSummary()).isNotBlank();
    assertThat(keeper.getSummaryAttributes()).isNotEmpty();
  }

  @Test
  @DisplayName("contract: threads writing their own states through one keeper at once lose nothing")
  void threadSafety() throws Exception {
    StateKeeper keeper = newKeeper();
    int threads = 8;
    int writesPerThread = 12;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String name = "State" + t;
        Callable<Void> writer = () -> {
          start.await();
          for (int i = 0; i < writesPerThread; i++) {
            keeper.getStepState(name);
            keeper.setStepState(StepState.of(name, StepStatus.PENDING, "Waiting", "write " + i, AT));
          }
          keeper.setStepState(StepState.of(name, StepStatus.SUCCEEDED, "Success", "done " + name, AT));
          return null;
        };
        futures.add(pool.submit(writer));
      }
      start.countDown();
      for (Future<Void> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    StateKeeper reopened = reopen(keeper);
    for (int t = 0; t < threads; t++) {
      StepState s = reopened.getStepState("State" + t);
      assertThat(s.status()).as("State%d", t).isEqualTo(StepStatus.SUCCEEDED);
      assertThat(s.message()).isEqualTo("done State" + t);
    }
  }

  @Test
  @DisplayName("contract R2: a second run skips the steps that succeeded in the first")
  void secondRunSkipsSucceededSteps() {
    StateKeeper keeper = newKeeper();
    AtomicInteger validated = new AtomicInteger();
    AtomicInteger deployed = new AtomicInteger();
    StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).steps(
        SimpleStep.named("validate").state("SpecValid").run(ctx -> validated.incrementAndGet()).build(),
        SimpleStep.named("deploy").state("Deployed").run(ctx -> deployed.incrementAndGet()).build()).build();

    engine.run();
    RunReport second = engine.run();

    assertThat(validated).hasValue(1);
    assertThat(deployed).hasValue(1);
    assertThat(second.outcome("validate")).isEqualTo(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    assertThat(second.outcome("deploy")).isEqualTo(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    StepState stored = reopen(keeper).getStepState("Deployed");
    assertThat(stored.status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(stored.reason()).isEqualTo(StepState.DEFAULT_SUCCESS_REASON);
    assertThat(stored.message()).isEqualTo(StepState.DEFAULT_SUCCESS_MESSAGE);
  }

  @Test
  @DisplayName("contract R7d: a failing step is recorded FAILED with reason Error and its message")
  void failingStepIsRecordedFailed() {
    StepState stored = storedAfterRunThrowing(new IllegalStateException("quota exceeded"), StepFailedException.class);

    assertThat(stored.status()).isEqualTo(StepStatus.FAILED);
    assertThat(stored.reason()).isEqualTo(StepState.REASON_ERROR);
    assertThat(stored.message()).contains("quota exceeded");
  }

  @Test
  @DisplayName("contract R7c: a waiting step is recorded PENDING with reason Waiting")
  void waitingStepIsRecordedPending() {
    StepState stored = storedAfterRunThrowing(WaitException.after(Duration.ofSeconds(5), "pods not ready"),
        RunWaitingException.class);

    assertThat(stored.status()).isEqualTo(StepStatus.PENDING);
    assertThat(stored.reason()).isEqualTo(StepState.REASON_WAITING);
    assertThat(stored.message()).contains("pods not ready");
  }

  /** Runs one step that throws {@code thrown}, expects the run to stop with {@code stop}, and returns the stored state. */
  private StepState storedAfterRunThrowing(Exception thrown, Class<? extends Exception> stop) {
    StateKeeper keeper = newKeeper();
    StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).steps(
        SimpleStep.named("deploy").state("Deployed").run(ctx -> {
          throw thrown;
        }).build()).build();

    assertThatThrownBy(engine::run).isInstanceOf(stop);
    return reopen(keeper).getStepState("Deployed");
  }

  @Test
  @DisplayName("contract R5: a keeper that supports running state shows the step RUNNING while it runs")
  void runningStateWhileTheStepRuns() {
    StateKeeper keeper = newKeeper();
    AtomicReference<StepState> seenByStep = new AtomicReference<>();
    StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).steps(
        SimpleStep.named("deploy").state("Deployed")
            .run(ctx -> seenByStep.set(reopen(keeper).getStepState("Deployed"))).build()).build();

    engine.run();

    StepStatus expected = keeper.supportsRunningState() ? StepStatus.RUNNING : StepStatus.PENDING;
    assertThat(seenByStep.get().status()).isEqualTo(expected);
    assertThat(keeper.getStepState("Deployed").status()).isEqualTo(StepStatus.SUCCEEDED);
  }

  @Test
  @DisplayName("contract R5: a hand-over stores the finished state and the next one's lease, as another process reads them")
  void handOverStoresBoth() {
    StateKeeper keeper = newKeeper();
    keeper.setStepState(StepState.of("Deployed", StepStatus.RUNNING, StepState.REASON_IN_PROGRESS, "", AT));

    boolean both = keeper.handOver(StepState.of("Deployed", StepStatus.SUCCEEDED, "Success", "done", AT),
        StepState.of("Notified", StepStatus.RUNNING, StepState.REASON_IN_PROGRESS, "", AT));

    StateKeeper other = reopen(keeper);
    assertThat(other.getStepState("Deployed").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(other.getStepState("Deployed").message()).isEqualTo("done");
    if (keeper.supportsHandOver()) {
      assertThat(both).as("a keeper that takes hand-overs stores both").isTrue();
    }
    if (both && keeper.supportsRunningState()) { // the engine hands over only to keepers with running state
      assertThat(other.getStepState("Notified").status()).isEqualTo(StepStatus.RUNNING);
    }
  }

  @Test
  @DisplayName("contract R5, R2: a pipeline whose steps hand over runs each step once, and a re-run skips them all")
  void pipelineOverHandOvers() {
    StateKeeper keeper = newKeeper();
    AtomicInteger runs = new AtomicInteger();
    List<SimpleStep> steps = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      steps.add(SimpleStep.named("step" + i).state("State" + i).run(ctx -> runs.incrementAndGet()).build());
    }
    StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).steps(steps).build();

    engine.run();
    RunReport again = StepsEngine.builder().stateKeeper(reopen(keeper)).steps(steps).build().run();

    assertThat(runs).hasValue(4);
    assertThat(again.allSteps()).extracting(r -> r.outcome()).containsOnly(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    for (int i = 1; i <= 4; i++) {
      assertThat(reopen(keeper).getStepState("State" + i).status()).isEqualTo(StepStatus.SUCCEEDED);
    }
  }
}
