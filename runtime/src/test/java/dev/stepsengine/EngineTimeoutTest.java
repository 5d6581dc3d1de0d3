package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SEMANTICS R16: a step timeout interrupts the attempt when the engine clock passes it. The steps
 * move the {@code ManualClock} themselves, so the timeout fires without any real waiting; a step
 * that "hangs" blocks on a latch nobody releases, which the interrupt ends.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineTimeoutTest extends EngineTestSupport {
  private final CountDownLatch never = new CountDownLatch(1);
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
  }

  /** An action that lets {@code elapsed} pass on the engine clock, then blocks until interrupted. */
  private StepAction hangsAfter(Duration elapsed) {
    return ctx -> {
      calls.add(ctx.stepName() + "#" + ctx.attempt());
      clock.advance(elapsed);
      never.await();
    };
  }

  @Test
  @DisplayName("R16: an attempt that runs past its timeout is interrupted and fails with StepTimeoutException (R7d)")
  void timeoutFailsTheStep() {
    StepsEngine engine = engine(SimpleStep.named("deploy").state("Deployed").timeout(Duration.ofSeconds(5))
        .run(hangsAfter(Duration.ofSeconds(6))).build()).build();

    StepFailedException e = catchThrowableOfType(StepFailedException.class, engine::run);

    assertThat(e.getCause()).isInstanceOf(StepTimeoutException.class).hasMessageContaining("timed out after PT5S");
    assertThat(((StepTimeoutException) e.getCause()).timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(keeper.states().get("Deployed").status()).isEqualTo(StepStatus.FAILED);
    assertThat(Thread.currentThread().isInterrupted()).as("the timeout's interrupt is cleared").isFalse();
  }

  @Test
  @DisplayName("R16: a step that swallows the interrupt and returns normally still fails with StepTimeoutException")
  void timeoutWinsOverANormalReturn() {
    StepsEngine engine = engine(SimpleStep.named("stubborn").timeout(Duration.ofSeconds(1)).run(ctx -> {
      clock.advance(Duration.ofSeconds(2));
      try {
        never.await();
      } catch (InterruptedException swallowed) {
        // returns as if all went well
      }
    }).build()).build();

    StepFailedException e = catchThrowableOfType(StepFailedException.class, engine::run);

    assertThat(e.getCause()).isInstanceOf(StepTimeoutException.class);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  @DisplayName("R16, R6: a timed-out attempt is retried when the retry policy allows it")
  void timeoutIsRetried() {
    StepsEngine engine = engine(SimpleStep.named("flaky").state("Flaky").timeout(Duration.ofSeconds(5))
        .retry(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofSeconds(1)).build())
        .run(ctx -> {
          calls.add("attempt " + ctx.attempt());
          if (ctx.attempt() == 1) {
            clock.advance(Duration.ofSeconds(6));
            never.await();
          }
        }).build()).build();

    RunReport report = engine.run();

    assertThat(calls).containsExactly("attempt 1", "attempt 2");
    assertThat(report.step("flaky").orElseThrow().attempts()).isEqualTo(2);
    assertThat(keeper.states().get("Flaky").status()).isEqualTo(StepStatus.SUCCEEDED);
  }

  @Test
  @DisplayName("R16: an attempt that ends within its timeout is not interrupted later")
  void noInterruptAfterTheAttempt() {
    StepsEngine engine = engine(
        SimpleStep.named("quick").timeout(Duration.ofSeconds(5)).run(ctx -> calls.add("quick")).build(),
        SimpleStep.named("later").run(ctx -> {
          clock.advance(Duration.ofSeconds(10)); // past where the first step's timeout would have been
          calls.add("later interrupted=" + Thread.currentThread().isInterrupted());
        }).build()).build();

    engine.run();

    assertThat(calls).containsExactly("quick", "later interrupted=false");
  }

  @Test
  @DisplayName("R16, R10: a parallel child's timeout interrupts only that child, on whichever thread runs it")
  void parallelChildTimeout() {
    StepsEngine engine = engine(ParallelSteps.named("group").steps(
        SimpleStep.named("slow").state("Slow").timeout(Duration.ofSeconds(5)).run(hangsAfter(Duration.ofSeconds(6)))
            .build(),
        tracked("fast", "Fast")).build()).executor(pool).build();

    StepFailedException e = catchThrowableOfType(StepFailedException.class, engine::run);

    assertThat(e.stepName()).isEqualTo("slow");
    assertThat(e.getCause()).isInstanceOf(ParallelStepsException.class);
    assertThat(((ParallelStepsException) e.getCause()).failures().get(0).getCause())
        .isInstanceOf(StepTimeoutException.class);
    assertThat(keeper.states().get("Fast").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(keeper.states().get("Slow").status()).isEqualTo(StepStatus.FAILED);
  }

  @Test
  @DisplayName("R16, R11: a group's timeout covers the whole group: the running child is cancelled, the group fails")
  void groupTimeout() {
    StepsEngine engine = engine(GroupedSteps.named("database").state("DatabaseReady").timeout(Duration.ofSeconds(5))
        .steps(tracked("create", "Created"),
            SimpleStep.named("migrate").state("Migrated").run(hangsAfter(Duration.ofSeconds(6))).build(),
            tracked("seed", "Seeded"))
        .build()).build();

    StepFailedException e = catchThrowableOfType(StepFailedException.class, engine::run);

    RunReport report = e.report().orElseThrow();
    assertThat(e.stepName()).isEqualTo("database");
    assertThat(e.getCause()).isInstanceOf(StepTimeoutException.class);
    assertThat(report.outcome("database/create")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(report.outcome("database/migrate")).isEqualTo(StepOutcome.CANCELLED);
    assertThat(report.outcome("database/seed")).isEqualTo(StepOutcome.NOT_REACHED);
    assertThat(keeper.states().get("DatabaseReady").status()).isEqualTo(StepStatus.FAILED);
    assertThat(keeper.states()).doesNotContainKey("Migrated");
  }

  @Test
  @DisplayName("R16, R12: a dynamic step's timeout covers its returned steps too")
  void dynamicStepTimeout() {
    StepsEngine engine = engine(DynamicStep.named("migrations").timeout(Duration.ofSeconds(5))
        .steps(ctx -> java.util.List.of(SimpleStep.named("v1").run(hangsAfter(Duration.ofSeconds(6))).build()))
        .build()).build();

    StepFailedException e = catchThrowableOfType(StepFailedException.class, engine::run);

    assertThat(e.getCause()).isInstanceOf(StepTimeoutException.class);
    assertThat(e.report().orElseThrow().outcome("migrations/v1")).isEqualTo(StepOutcome.CANCELLED);
  }

  @Test
  @DisplayName("R16, R9: the run deadline bounds a step timeout: reaching it cancels the run")
  void runDeadlineBoundsTimeout() {
    StepsEngine engine = engine(SimpleStep.named("long").state("Long").timeout(Duration.ofMinutes(10))
        .run(hangsAfter(Duration.ofSeconds(31))).build(), tracked("next", "Next"))
        .runTimeout(Duration.ofSeconds(30)).build();

    RunCancelledException e = catchThrowableOfType(RunCancelledException.class, engine::run);

    assertThat(e).hasMessageContaining("deadline");
    assertThat(e.report().orElseThrow().outcome("long")).isEqualTo(StepOutcome.CANCELLED);
    assertThat(keeper.states()).doesNotContainKey("Long");
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  @DisplayName("R16: a timeout must be positive")
  void timeoutMustBePositive() {
    assertThatThrownBy(() -> SimpleStep.named("s").timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be positive");
  }
}
