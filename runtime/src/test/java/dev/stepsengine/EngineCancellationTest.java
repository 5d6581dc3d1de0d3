package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepsengine.testing.ForwardingStateKeeper;
import dev.stepsengine.testing.InMemoryStateKeeper;
import java.io.InterruptedIOException;
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
 * Cancellation reads the same whichever class or thread sees it (SEMANTICS R7f, R9, R10, R2, K4):
 * an interrupt is a cancellation, never a keeper failure nor a step failure, and the keeper's
 * buffered changes are flushed anyway.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineCancellationTest extends EngineTestSupport {
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void tearDown() {
    Thread.interrupted(); // never leak an interrupt into the next test
    pool.shutdownNow();
  }

  /**
   * A parallel group of two children that both wait until both run, so one runs on the caller's
   * thread and one on a worker; the child on the chosen thread is interrupted by something other
   * than the group (it interrupts itself, as an outside cancellation would).
   */
  private RunCancelledException interruptChildOn(boolean callerThread) {
    Thread caller = Thread.currentThread();
    CountDownLatch bothRunning = new CountDownLatch(2);
    StepAction action = ctx -> {
      bothRunning.countDown();
      assertThat(bothRunning.await(30, TimeUnit.SECONDS)).isTrue();
      if ((Thread.currentThread() == caller) == callerThread) {
        calls.add("interrupted " + ctx.stepName());
        Thread.currentThread().interrupt();
        throw new InterruptedException("cancelled from outside");
      }
    };
    StepsEngine engine = engine(ParallelSteps.named("group").state("Group")
        .steps(SimpleStep.named("a").state("A").run(action).build(), SimpleStep.named("b").state("B").run(action).build())
        .build()).executor(pool).build();
    try {
      return catchThrowableOfType(RunCancelledException.class, engine::run);
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  @DisplayName("R7f, R10: a parallel child interrupted on the caller's thread cancels the run")
  void childInterruptedOnCallerThread() {
    RunCancelledException e = interruptChildOn(true);

    assertThat(e).isNotNull();
    assertThat(e.report().orElseThrow().outcome("group")).isEqualTo(StepOutcome.CANCELLED);
    assertThat(keeper.states()).doesNotContainKey("Group");
  }

  @Test
  @DisplayName("R7f, R10: a parallel child interrupted on a worker thread cancels the run the same way")
  void childInterruptedOnWorkerThread() {
    RunCancelledException e = interruptChildOn(false);

    assertThat(e).isNotNull();
    RunReport report = e.report().orElseThrow();
    assertThat(report.outcome("group")).isEqualTo(StepOutcome.CANCELLED);
    String interrupted = calls.get(0).substring("interrupted ".length());
    assertThat(report.outcome("group/" + interrupted)).isEqualTo(StepOutcome.CANCELLED);
    assertThat(keeper.states()).doesNotContainKey("Group");
    assertThat(keeper.states().values()).noneMatch(s -> s.status() == StepStatus.FAILED);
  }

  @Test
  @DisplayName("R7f, R2: an interrupt while the engine reads the stored state is a cancellation, not a keeper failure")
  void interruptDuringStateRead() {
    keeper.failReads(name -> {
      Thread.currentThread().interrupt();
      return new IllegalStateException("query aborted", new InterruptedIOException("interrupted"));
    });

    RunCancelledException e = catchThrowableOfType(RunCancelledException.class,
        () -> engine(tracked("deploy", "Deployed"), tracked("notify", "Notified")).build().run());

    assertThat(Thread.interrupted()).as("interrupt flag restored").isTrue();
    assertThat(e.report().orElseThrow().outcome("deploy")).isEqualTo(StepOutcome.CANCELLED);
    assertThat(e.report().orElseThrow().outcome("notify")).isEqualTo(StepOutcome.NOT_REACHED);
    assertThat(calls).isEmpty();
  }

  @Test
  @DisplayName("R7f, R5: an interrupt while the engine writes RUNNING is a cancellation, not a keeper failure")
  void interruptDuringRunningWrite() {
    keeper.withRunningState(true);
    keeper.failWrites(state -> {
      if (state.status() != StepStatus.RUNNING) {
        return null;
      }
      return new IllegalStateException("write aborted", new InterruptedException("interrupted"));
    });

    RunCancelledException e = catchThrowableOfType(RunCancelledException.class,
        () -> engine(tracked("deploy", "Deployed")).build().run());

    assertThat(Thread.interrupted()).as("interrupt flag restored").isTrue();
    assertThat(e.report().orElseThrow().outcome("deploy")).isEqualTo(StepOutcome.CANCELLED);
    assertThat(calls).isEmpty();
  }

  /** A keeper whose flush fails when the thread is interrupted, as an HTTP or JDBC call would. */
  private static final class InterruptSensitiveKeeper extends ForwardingStateKeeper {
    int flushed;

    InterruptSensitiveKeeper(InMemoryStateKeeper delegate) {
      super(delegate);
    }

    @Override
    public boolean supportsRunningState() {
      return false;
    }

    @Override
    public void flush(RunReport report) {
      if (Thread.currentThread().isInterrupted()) {
        throw new IllegalStateException("request aborted: thread interrupted");
      }
      flushed++;
    }
  }

  @Test
  @DisplayName("K4, R7f: a run cancelled by an interrupt flushes with the flag cleared, then restores it")
  void cancelledRunStillFlushes() {
    InterruptSensitiveKeeper sensitive = new InterruptSensitiveKeeper(keeper);
    StepsEngine engine = StepsEngine.builder().stateKeeper(sensitive).clock(clock).steps(
        tracked("deploy", "Deployed"),
        SimpleStep.named("stop").run(ctx -> Thread.currentThread().interrupt()).build(),
        tracked("notify", "Notified")).build();

    RunCancelledException e = catchThrowableOfType(RunCancelledException.class, engine::run);

    assertThat(e).isNotNull();
    assertThat(Thread.interrupted()).as("interrupt flag restored after the flush").isTrue();
    assertThat(sensitive.flushed).isEqualTo(1);
    assertThat(keeper.states().get("Deployed").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(e.report().orElseThrow().outcome("notify")).isEqualTo(StepOutcome.NOT_REACHED);
  }

  @Test
  @DisplayName("K4, R9: a run stopped by its deadline flushes too, and reports RunCancelledException")
  void deadlineRunStillFlushes() {
    InterruptSensitiveKeeper sensitive = new InterruptSensitiveKeeper(keeper);
    StepsEngine engine = StepsEngine.builder().stateKeeper(sensitive).clock(clock).runTimeout(Duration.ofSeconds(10))
        .steps(SimpleStep.named("slow").state("Slow").run(ctx -> clock.advance(Duration.ofSeconds(11))).build(),
            tracked("notify", "Notified")).build();

    RunCancelledException e = catchThrowableOfType(RunCancelledException.class, engine::run);

    assertThat(e).hasMessageContaining("deadline");
    assertThat(sensitive.flushed).isEqualTo(1);
    assertThat(keeper.states().get("Slow").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(e.report().orElseThrow().outcome("notify")).isEqualTo(StepOutcome.NOT_REACHED);
  }
}
