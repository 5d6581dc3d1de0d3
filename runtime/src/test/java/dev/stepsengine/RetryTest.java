package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepsengine.testing.ManualClock;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SEMANTICS R6: in-process retries, with backoff on the manual clock. */
class RetryTest extends EngineTestSupport {
  private static final ContextKey<String> TENANT = ContextKey.named("tenant");

  private final AtomicInteger attempts = new AtomicInteger();

  /** An action that throws what {@code failure} gives for each attempt number; {@code null} means success. */
  private StepAction attemptsThrowing(java.util.function.IntFunction<Exception> failure) {
    return ctx -> {
      Exception e = failure.apply(attempts.incrementAndGet());
      if (e != null) {
        throw e;
      }
    };
  }

  private static RetryPolicy.Builder policy() {
    return RetryPolicy.builder().initialBackoff(Duration.ofSeconds(1)).multiplier(2).maxBackoff(Duration.ofSeconds(30));
  }

  private RunReport runCatching(PipelineStep step) {
    try {
      return engine(step).build().run();
    } catch (StepsException e) {
      return e.report().orElseThrow();
    }
  }

  @Test
  @DisplayName("R6: failed attempts are retried and the context shows each attempt number")
  void attemptsVisibleInContext() {
    List<Integer> seen = new CopyOnWriteArrayList<>();
    RunReport report = engine(SimpleStep.named("flaky").retry(policy().maxAttempts(5).build()).run(ctx -> {
      seen.add(ctx.attempt());
      if (ctx.attempt() < 3) {
        throw new IllegalStateException("attempt " + ctx.attempt());
      }
    }).build()).build().run();

    assertThat(seen).containsExactly(1, 2, 3);
    assertThat(report.step("flaky").orElseThrow().attempts()).isEqualTo(3);
    assertThat(report.outcome("flaky")).isEqualTo(StepOutcome.SUCCEEDED);
  }

  @Test
  @DisplayName("R6: a step-context hook's values survive into later attempts")
  void hookValuesSurviveRetries() {
    List<Object> seen = new CopyOnWriteArrayList<>();
    engine(SimpleStep.named("flaky").retry(policy().build()).run(ctx -> {
      seen.add(ctx.get(TENANT).orElse(null));
      if (ctx.attempt() < 2) {
        throw new IllegalStateException("again");
      }
    }).build()).stepContext(ctx -> ctx.with(TENANT, "t1")).build().run();

    assertThat(seen).containsExactly("t1", "t1");
  }

  @Test
  @DisplayName("R6: backoff sleeps on the engine clock, doubling from the initial backoff up to the maximum")
  void backoffSequenceOnManualClock() {
    RetryPolicy retry = policy().maxAttempts(6).maxBackoff(Duration.ofSeconds(5)).build();

    RunReport report = runCatching(SimpleStep.named("down").retry(retry)
        .run(attemptsThrowing(n -> new IllegalStateException("down"))).build());

    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
        Duration.ofSeconds(5), Duration.ofSeconds(5));
    assertThat(report.step("down").orElseThrow().attempts()).isEqualTo(6);
    assertThat(report.outcome("down")).isEqualTo(StepOutcome.FAILED);
  }

  @Test
  @DisplayName("R6: a step without a retry policy makes exactly one attempt")
  void noPolicyOneAttempt() {
    RunReport report = runCatching(SimpleStep.named("once")
        .run(attemptsThrowing(n -> RetryableException.after(Duration.ofSeconds(1), "try later"))).build());

    assertThat(attempts).hasValue(1);
    assertThat(report.step("once").orElseThrow().attempts()).isEqualTo(1);
    assertThat(clock.sleeps()).isEmpty();
  }

  @Test
  @DisplayName("R6: RetryableException.retryAfter within the max backoff replaces the backoff and is slept on")
  void retryAfterWithinMaxBackoff() {
    RunReport report = engine(SimpleStep.named("rate-limited").retry(policy().build())
        .run(attemptsThrowing(n -> n == 1 ? RetryableException.after(Duration.ofSeconds(7), "429") : null)).build())
        .build().run();

    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(7));
    assertThat(report.outcome("rate-limited")).isEqualTo(StepOutcome.SUCCEEDED);
  }

  @Test
  @DisplayName("R6, R7c: RetryableException.retryAfter longer than the max backoff becomes a wait, not a sleep")
  void longRetryAfterBecomesWait() {
    AtomicBoolean onFailCalled = new AtomicBoolean();
    StepsEngine engine = engine(SimpleStep.named("rate-limited").state("RateLimited").retry(policy().build())
        .onFail((ctx, name, e) -> onFailCalled.set(true))
        .run(attemptsThrowing(n -> RetryableException.after(Duration.ofMinutes(2), "429"))).build()).build();

    assertThatThrownBy(engine::run).isInstanceOfSatisfying(RunWaitingException.class,
        w -> assertThat(w.waitFor()).isEqualTo(Duration.ofMinutes(2)));
    assertThat(clock.sleeps()).isEmpty();
    assertThat(attempts).hasValue(1);
    assertThat(onFailCalled).isFalse();
    StepState state = keeper.states().get("RateLimited");
    assertThat(state.status()).isEqualTo(StepStatus.PENDING);
    assertThat(state.reason()).isEqualTo(StepState.REASON_WAITING);
  }

  @Test
  @DisplayName("R6, R7b: an ExpectedException is not retried")
  void expectedNotRetried() {
    RunReport report = engine(SimpleStep.named("probe").retry(policy().build())
        .run(attemptsThrowing(n -> new ExpectedException("not there yet"))).build()).build().run();

    assertThat(attempts).hasValue(1);
    assertThat(report.outcome("probe")).isEqualTo(StepOutcome.EXPECTED_ERROR);
    assertThat(clock.sleeps()).isEmpty();
  }

  @Test
  @DisplayName("R6, R7c: a WaitException is not retried")
  void waitNotRetried() {
    RunReport report = runCatching(SimpleStep.named("await").retry(policy().build())
        .run(attemptsThrowing(n -> WaitException.after(Duration.ofSeconds(10), "pod starting"))).build());

    assertThat(attempts).hasValue(1);
    assertThat(report.outcome("await")).isEqualTo(StepOutcome.WAITING);
    assertThat(clock.sleeps()).isEmpty();
  }

  @Test
  @DisplayName("R6: retryOn limits retries to the listed exception types")
  void retryOnFiltersOthers() {
    RunReport report = runCatching(SimpleStep.named("call").retry(policy().retryOn(IOException.class).build())
        .run(attemptsThrowing(n -> new IllegalArgumentException("bad input"))).build());

    assertThat(attempts).hasValue(1);
    assertThat(report.outcome("call")).isEqualTo(StepOutcome.FAILED);
  }

  @Test
  @DisplayName("R6: retryOn retries the listed exception types")
  void retryOnRetriesListed() {
    RunReport report = engine(SimpleStep.named("call").retry(policy().retryOn(IOException.class).build())
        .run(attemptsThrowing(n -> n == 1 ? new IOException("connection reset") : null)).build()).build().run();

    assertThat(attempts).hasValue(2);
    assertThat(report.outcome("call")).isEqualTo(StepOutcome.SUCCEEDED);
  }

  @Test
  @DisplayName("R6: intermediate failed attempts write no FAILED state")
  void retriesWriteOnlyTheFinalState() {
    keeper.withRunningState(true);

    engine(SimpleStep.named("flaky").state("Flaky").retry(policy().build())
        .run(attemptsThrowing(n -> n < 3 ? new IllegalStateException("again") : null)).build()).build().run();

    assertThat(keeper.transitions()).extracting(t -> t.to().status())
        .containsExactly(StepStatus.RUNNING, StepStatus.SUCCEEDED);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  @DisplayName("R6, R7f: an interrupt during the backoff cancels the step: CANCELLED, no FAILED state, flag restored")
  void interruptDuringBackoffCancels() throws Exception {
    BlockingSleepClock blocking = new BlockingSleepClock(clock);
    keeper.withRunningState(true);
    StepsEngine engine = engine(SimpleStep.named("flaky").state("Flaky").retry(policy().build())
        .run(attemptsThrowing(n -> new IllegalStateException("down"))).build()).clock(blocking).build();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean interruptFlag = new AtomicBoolean();
    Thread runner = new Thread(() -> {
      try {
        engine.run();
      } catch (Throwable t) {
        thrown.set(t);
      }
      interruptFlag.set(Thread.currentThread().isInterrupted());
    });
    runner.start();
    assertThat(blocking.sleeping.await(30, TimeUnit.SECONDS)).as("the engine started its backoff").isTrue();

    runner.interrupt();
    runner.join();

    assertThat(thrown.get()).isInstanceOf(RunCancelledException.class);
    RunReport report = ((StepsException) thrown.get()).report().orElseThrow();
    assertThat(report.outcome("flaky")).isEqualTo(StepOutcome.CANCELLED);
    assertThat(attempts).hasValue(1);
    assertThat(interruptFlag).isTrue();
    assertThat(keeper.transitions()).extracting(t -> t.to().status()).doesNotContain(StepStatus.FAILED);
  }

  /** A clock whose sleeps block until interrupted, so a test can interrupt a backoff in progress. */
  private static final class BlockingSleepClock extends Clock implements Sleeper {
    final CountDownLatch sleeping = new CountDownLatch(1);
    private final ManualClock time;

    BlockingSleepClock(ManualClock time) {
      this.time = time;
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      sleeping.countDown();
      new CountDownLatch(1).await(); // returns only by interruption
    }

    @Override
    public ZoneId getZone() {
      return time.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return time.instant();
    }
  }

  @Test
  @DisplayName("R6: a RetryableException wrapped in another exception is still retried")
  void wrappedRetryableIsRetried() {
    RunReport report = engine(SimpleStep.named("wrapped").retry(policy().maxAttempts(3).retryOn(IOException.class).build())
        .run(attemptsThrowing(n -> n < 3
            ? new IllegalStateException("wrapper", RetryableException.of(new RuntimeException("busy"))) : null))
        .build()).build().run();

    assertThat(attempts).hasValue(3);
    assertThat(report.outcome("wrapped")).isEqualTo(StepOutcome.SUCCEEDED);
  }

  @Test
  @DisplayName("R6, R7c: a long retryAfter on the last allowed attempt is still a wait, not a failure")
  void longRetryAfterOnLastAttemptWaits() {
    RunReport report = runCatching(SimpleStep.named("rate-limited").retry(policy().maxAttempts(2).build())
        .run(attemptsThrowing(n -> n == 1 ? new IllegalStateException("first")
            : RetryableException.after(Duration.ofMinutes(2), "429"))).build());

    assertThat(attempts).hasValue(2);
    assertThat(report.outcome("rate-limited")).isEqualTo(StepOutcome.WAITING);
    assertThat(report.requeueAfter()).contains(Duration.ofMinutes(2));
  }
}
