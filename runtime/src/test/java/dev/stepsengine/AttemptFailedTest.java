package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stepsengine.testing.ForwardingStateKeeper;
import dev.stepsengine.testing.InMemoryStateKeeper;
import dev.stepsengine.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SEMANTICS J6, R6: the keeper hears of every failed attempt the engine retries ({@link StateKeeper#attemptFailed}). */
class AttemptFailedTest {
  private final ManualClock clock = new ManualClock();
  private final List<String> heard = new CopyOnWriteArrayList<>();
  private final List<Duration> sleptAfterHearing = new CopyOnWriteArrayList<>();
  private volatile RuntimeException failHearing;

  /** Records attemptFailed calls, with the clock time so the test sees they come before the backoff. */
  private final class Listening extends ForwardingStateKeeper {
    private final java.time.Instant start = clock.instant();

    Listening() {
      super(new InMemoryStateKeeper("listening").withRunningState(true));
    }

    @Override
    public void attemptFailed(String stateName, int attempt, Throwable failure) {
      heard.add(stateName + "#" + attempt + ":" + failure.getMessage());
      sleptAfterHearing.add(Duration.between(start, clock.instant()));
      if (failHearing != null) {
        throw failHearing;
      }
    }
  }

  private static RetryPolicy retries(int attempts) {
    return RetryPolicy.builder().maxAttempts(attempts).initialBackoff(Duration.ofSeconds(1)).multiplier(2)
        .maxBackoff(Duration.ofSeconds(30)).jitter(0).build();
  }

  @Test
  @DisplayName("J6: attemptFailed is called for each retried attempt before its backoff, not for the last one")
  void J6_everyRetriedAttemptIsHeard() {
    Listening keeper = new Listening();
    StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).clock(clock).steps(
        SimpleStep.named("flaky").state("Flaky").retry(retries(3)).run(ctx -> {
          throw new IllegalStateException("no " + ctx.attempt());
        }).build()).build();

    assertThat(catchThrowable(engine::run)).isInstanceOf(StepFailedException.class);

    assertThat(heard).containsExactly("Flaky#1:no 1", "Flaky#2:no 2");
    assertThat(sleptAfterHearing).containsExactly(Duration.ZERO, Duration.ofSeconds(1));
    assertThat(keeper.getStepState("Flaky").status()).isEqualTo(StepStatus.FAILED);
  }

  @Test
  @DisplayName("J6: an untracked step's attempts are not reported; a step that succeeds on attempt 2 reports attempt 1")
  void J6_onlyTrackedStepsAndOnlyFailedAttempts() {
    Listening keeper = new Listening();
    StepsEngine.builder().stateKeeper(keeper).clock(clock).steps(
        SimpleStep.named("untracked").retry(retries(2)).run(ctx -> {
          if (ctx.attempt() == 1) {
            throw new IllegalStateException("once");
          }
        }).build(),
        SimpleStep.named("tracked").state("Tracked").retry(retries(3)).run(ctx -> {
          if (ctx.attempt() == 1) {
            throw new IllegalStateException("once");
          }
        }).build()).build().run();

    assertThat(heard).containsExactly("Tracked#1:once");
  }

  @Test
  @DisplayName("J6, R8: a keeper failure while recording a failed attempt stops the run with StateKeeperException, no retry")
  void J6_keeperFailureWhileRecordingStopsTheRun() {
    Listening keeper = new Listening();
    failHearing = new IllegalStateException("history table gone");
    List<Integer> ran = new CopyOnWriteArrayList<>();
    StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).clock(clock).steps(
        SimpleStep.named("flaky").state("Flaky").retry(retries(3)).run(ctx -> {
          ran.add(ctx.attempt());
          throw new IllegalStateException("no");
        }).build()).build();

    Throwable failure = catchThrowable(engine::run);

    assertThat(failure).isInstanceOf(StateKeeperException.class).hasMessageContaining("recording failed attempt 1")
        .hasMessageContaining("history table gone");
    assertThat(ran).containsExactly(1);
  }
}
