package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.stepsengine.throttling.Throttle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SEMANTICS R10 under real concurrency: one keeper shared by many children, the concurrency limit,
 * failFast, failure order, waits, and every per-step rule applied to each child. Threads are
 * coordinated with latches, never with sleeps; a latch that is never released fails the test by
 * its timeout instead of hanging the build.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ParallelConcurrencyTest extends EngineTestSupport {
  private static final long LATCH_SECONDS = 30;
  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
  }

  private StepsEngine.Builder parallel(ParallelSteps group) {
    return engine(group).executor(pool);
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    assertThat(latch.await(LATCH_SECONDS, TimeUnit.SECONDS)).as("latch released").isTrue();
  }

  @ParameterizedTest(name = "R10: 50 children through one keeper record each transition exactly once (running state: {0})")
  @ValueSource(booleans = {true, false})
  void fiftyChildrenThroughOneKeeper(boolean runningState) {
    keeper.withRunningState(runningState);
    CountDownLatch firstWave = new CountDownLatch(9); // 8 pool threads + the caller: all write at once
    List<PipelineStep> children = IntStream.range(0, 50).<PipelineStep>mapToObj(i -> SimpleStep.named("child" + i).state("Child" + i)
        .run(ctx -> {
          if (i < 9) {
            firstWave.countDown();
            await(firstWave);
          }
        }).build()).toList();

    RunReport report = parallel(ParallelSteps.named("all").steps(children).build()).build().run();

    Map<String, List<StepStatus>> written = keeper.transitions().stream().collect(Collectors.groupingBy(
        t -> t.to().name(), Collectors.mapping(t -> t.to().status(), Collectors.toList())));
    List<StepStatus> expected = runningState ? List.of(StepStatus.RUNNING, StepStatus.SUCCEEDED) : List.of(StepStatus.SUCCEEDED);
    assertThat(written).hasSize(50);
    for (int i = 0; i < 50; i++) {
      assertThat(written.get("Child" + i)).as("transitions of Child%d", i).isEqualTo(expected);
      assertThat(report.outcome("all/child" + i)).isEqualTo(StepOutcome.SUCCEEDED);
    }
    assertThat(keeper.transitions()).hasSize(50 * expected.size());
  }

  @Test
  @DisplayName("R10: no more than maxConcurrency children run at once, and the limit is reached")
  void maxConcurrencyHonoured() {
    int limit = 3;
    AtomicInteger active = new AtomicInteger();
    AtomicInteger highWater = new AtomicInteger();
    CountDownLatch full = new CountDownLatch(limit);
    StepAction measured = ctx -> {
      highWater.accumulateAndGet(active.incrementAndGet(), Math::max);
      full.countDown();
      await(full); // hold the first wave until `limit` children run together
      active.decrementAndGet();
    };
    List<PipelineStep> children = IntStream.range(0, 12).<PipelineStep>mapToObj(i -> SimpleStep.of("c" + i, measured)).toList();

    RunReport report = parallel(ParallelSteps.named("limited").maxConcurrency(limit).steps(children).build())
        .build().run();

    assertThat(highWater.get()).isEqualTo(limit);
    assertThat(report.allSteps()).filteredOn(r -> r.name().startsWith("c"))
        .extracting(StepReport::outcome).hasSize(12).containsOnly(StepOutcome.SUCCEEDED);
  }

  /** Three children block until interrupted; the fourth fails once they all run. */
  private ParallelSteps failFastGroup(AtomicInteger interrupted) {
    CountDownLatch blockersIn = new CountDownLatch(3);
    CountDownLatch never = new CountDownLatch(1);
    StepAction blocker = ctx -> {
      blockersIn.countDown();
      try {
        never.await();
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
        throw e;
      }
    };
    return ParallelSteps.named("group").failFast().steps(
        SimpleStep.of("block1", blocker),
        SimpleStep.of("bad", ctx -> {
          await(blockersIn);
          throw new IllegalStateException("real failure");
        }),
        SimpleStep.of("block2", blocker),
        SimpleStep.of("block3", blocker)).build();
  }

  @Test
  @DisplayName("R10: failFast interrupts the children still running; they end CANCELLED")
  void failFastInterruptsOthers() {
    AtomicInteger interrupted = new AtomicInteger();

    Throwable thrown = catchThrowable(() -> parallel(failFastGroup(interrupted)).build().run());

    assertThat(interrupted).hasValue(3);
    RunReport report = ((StepsException) thrown).report().orElseThrow();
    assertThat(report.outcome("group/bad")).isEqualTo(StepOutcome.FAILED);
    for (String blocker : List.of("block1", "block2", "block3")) {
      assertThat(report.outcome("group/" + blocker)).as(blocker).isEqualTo(StepOutcome.CANCELLED);
    }
  }

  @Test
  @DisplayName("R10: with failFast the group's failure lists only the real failure, not the cancellations")
  void failFastListsOnlyTheRealFailure() {
    Throwable thrown = catchThrowable(() -> parallel(failFastGroup(new AtomicInteger())).build().run());

    ParallelStepsException group = findInChain(thrown, ParallelStepsException.class);
    assertThat(group.failures()).singleElement().isInstanceOfSatisfying(StepFailedException.class, f -> {
      assertThat(f.stepName()).isEqualTo("bad");
      assertThat(f.getCause()).hasMessage("real failure");
    });
    assertThat(group.getSuppressed()).isEmpty();
  }

  @Test
  @Timeout(60)
  @DisplayName("R10: a failFast cancellation of a child the caller's own thread runs does not leave the caller interrupted")
  void failFastLeavesCallerUninterrupted() {
    Thread caller = Thread.currentThread();
    CountDownLatch blockerStarted = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    List<Thread> blockerThreads = new CopyOnWriteArrayList<>();
    ParallelSteps group = ParallelSteps.named("group").failFast().steps(
        SimpleStep.named("blocker").run(ctx -> {
          blockerThreads.add(Thread.currentThread());
          blockerStarted.countDown();
          never.await();
        }).build(),
        SimpleStep.named("bad").run(ctx -> {
          throw new IllegalStateException("bad");
        }).build()).build();
    // the worker thread starts only once the caller runs "blocker", so "bad" fails on the worker
    Executor afterBlocker = runnable -> pool.execute(() -> {
      try {
        await(blockerStarted);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      runnable.run();
    });

    Throwable thrown = catchThrowable(() -> engine(group).executor(afterBlocker).build().run());

    assertThat(blockerThreads).containsExactly(caller);
    assertThat(((StepsException) thrown).report().orElseThrow().outcome("group/blocker"))
        .isEqualTo(StepOutcome.CANCELLED);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  @DisplayName("R10: failures are listed in declaration order whatever order the children failed in")
  void failuresInDeclarationOrder() {
    CountDownLatch cFailed = new CountDownLatch(1);
    CountDownLatch bFailed = new CountDownLatch(1);
    List<String> failedInOrder = new CopyOnWriteArrayList<>();
    ParallelSteps group = ParallelSteps.named("group").steps(
        SimpleStep.named("a").onFail((ctx, name, e) -> failedInOrder.add(name)).run(ctx -> {
          await(bFailed);
          throw new IllegalStateException("a failed");
        }).build(),
        SimpleStep.named("b").onFail(noteAndRelease(failedInOrder, bFailed)).run(ctx -> {
          await(cFailed);
          throw new IllegalStateException("b failed");
        }).build(),
        SimpleStep.named("c").onFail(noteAndRelease(failedInOrder, cFailed)).run(ctx -> {
          throw new IllegalStateException("c failed");
        }).build()).build();

    Throwable thrown = catchThrowable(() -> parallel(group).build().run());

    assertThat(failedInOrder).containsExactly("c", "b", "a");
    ParallelStepsException failure = findInChain(thrown, ParallelStepsException.class);
    assertThat(failure.failures()).extracting(f -> ((StepFailedException) f).stepName()).containsExactly("a", "b", "c");
    assertThat(failure.getSuppressed()).containsExactly(failure.failures().get(1), failure.failures().get(2));
  }

  @Test
  @DisplayName("R10: waiting children make the group wait for the shortest of their waits")
  void groupWaitsForTheShortestWait() {
    ParallelSteps group = ParallelSteps.named("group").steps(
        SimpleStep.of("slow", ctx -> {
          throw WaitException.after(Duration.ofSeconds(10), "slow");
        }),
        SimpleStep.of("fast", ctx -> {
          throw WaitException.after(Duration.ofSeconds(4), "fast");
        }),
        recording("ok").build()).build();

    assertThatThrownBy(() -> parallel(group).build().run())
        .isInstanceOfSatisfying(RunWaitingException.class, w -> assertThat(w.waitFor()).isEqualTo(Duration.ofSeconds(4)));
    assertThat(calls).containsExactly("ok");
  }

  @Test
  @DisplayName("R10, R2: a parallel child whose state already succeeded is skipped")
  void childSkipsWhenAlreadySucceeded() {
    keeper.putSucceeded("DoneA");

    RunReport report = parallel(ParallelSteps.named("group").steps(tracked("a", "DoneA"), tracked("b", "DoneB"))
        .build()).build().run();

    assertThat(report.outcome("group/a")).isEqualTo(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    assertThat(calls).containsExactly("b");
  }

  @Test
  @DisplayName("R10, R3: a parallel child whose predicate is false is skipped")
  void childPredicate() {
    RunReport report = parallel(ParallelSteps.named("group").steps(
        recording("a").when(StepPredicate.of("isEnabled", () -> false)).build(), recording("b").build())
        .build()).build().run();

    assertThat(report.outcome("group/a")).isEqualTo(StepOutcome.SKIPPED_PREDICATE);
    assertThat(calls).containsExactly("b");
  }

  @Test
  @DisplayName("R10, R3: a parallel child's false predicate with abortOnPredicatesFalse aborts the run")
  void childPredicateAborts() {
    StepsEngine engine = parallel(ParallelSteps.named("group").steps(
        recording("a").when(StepPredicate.of("isEnabled", () -> false)).abortOnPredicatesFalse().build(),
        recording("b").build()).build()).build();

    assertThatThrownBy(engine::run).isInstanceOf(AbortedByPredicateException.class).hasMessageContaining("isEnabled");
  }

  @Test
  @DisplayName("R10, R4: a parallel child is throttled on its own")
  void childThrottle() {
    StepsEngine engine = parallel(ParallelSteps.named("group").steps(
        recording("a").throttle(Throttle.every(Duration.ofMinutes(5))).build(), recording("b").build())
        .build()).build();
    engine.run();
    calls.clear();

    RunReport second = engine.run();

    assertThat(second.outcome("group/a")).isEqualTo(StepOutcome.THROTTLED);
    assertThat(calls).containsExactly("b");
  }

  @Test
  @DisplayName("R10, R6: a parallel child retries in-process with its own policy")
  void childRetry() {
    AtomicInteger attempts = new AtomicInteger();
    RunReport report = parallel(ParallelSteps.named("group").steps(
        SimpleStep.named("flaky").retry(RetryPolicy.builder().maxAttempts(3).build()).run(ctx -> {
          if (attempts.incrementAndGet() < 3) {
            throw new IllegalStateException("not yet");
          }
        }).build(), recording("b").build()).build()).build().run();

    assertThat(report.step("group/flaky").orElseThrow().attempts()).isEqualTo(3);
    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  @DisplayName("R10, R7d: a failed parallel child writes FAILED and calls its onFail")
  void childOnFail() {
    List<String> handled = new CopyOnWriteArrayList<>();
    StepsEngine engine = parallel(ParallelSteps.named("group").steps(
        SimpleStep.named("bad").state("Bad").continueOnError()
            .onFail((ctx, name, e) -> handled.add(name + ": " + e.getMessage()))
            .run(failWith(new IllegalStateException("boom"))).build(),
        recording("b").build()).build()).build();

    RunReport report = engine.run();

    assertThat(handled).containsExactly("bad: boom");
    assertThat(keeper.states().get("Bad").status()).isEqualTo(StepStatus.FAILED);
    assertThat(report.outcome("group/bad")).isEqualTo(StepOutcome.FAILED_CONTINUED);
  }

  @Test
  @DisplayName("R10: nested parallel groups on a one-thread executor finish (no deadlock)")
  void nestedGroupsOnTinyExecutorDoNotDeadlock() {
    ExecutorService one = Executors.newFixedThreadPool(1);
    try {
      List<PipelineStep> inner = new ArrayList<>();
      for (int g = 0; g < 3; g++) {
        List<PipelineStep> leaves = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          leaves.add(recording("leaf" + g + i).build());
        }
        inner.add(ParallelSteps.named("inner" + g).steps(leaves).build());
      }
      StepsEngine engine = engine(ParallelSteps.named("outer").steps(inner).build()).executor(one).build();

      RunReport report = assertTimeoutPreemptively(Duration.ofSeconds(30), engine::run);

      assertThat(calls).hasSize(9);
      assertThat(report.allSteps()).extracting(StepReport::outcome).containsOnly(StepOutcome.SUCCEEDED);
    } finally {
      one.shutdownNow();
    }
  }

  @Test
  @DisplayName("R10: an exception of the step-context hook in a parallel child is not swallowed")
  void hookFailureInChildIsNotSwallowed() {
    IllegalStateException hookFailure = new IllegalStateException("hook broke");
    StepsEngine engine = parallel(ParallelSteps.named("group").steps(recording("a").build()).build())
        .stepContext(ctx -> {
          if (ctx.stepName().equals("a")) {
            throw hookFailure;
          }
          return ctx;
        }).build();

    Throwable thrown = catchThrowable(engine::run);

    assertThat(thrown).isNotNull();
    assertThat(findInChain(thrown, IllegalStateException.class)).isSameAs(hookFailure);
    assertThat(calls).isEmpty();
  }

  @Test
  @DisplayName("R10, V8: finishOnSuccess on a parallel child is rejected when the group is built")
  void finishOnSuccessChildRejected() {
    ParallelSteps.Builder group = ParallelSteps.named("group").steps(recording("a").finishOnSuccess().build());

    assertThatThrownBy(group::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("STEPS-V8").hasMessageContaining("'a'").hasMessageContaining("'group'");
  }

  private static FailureHandler noteAndRelease(List<String> failed, CountDownLatch latch) {
    return (ctx, name, e) -> {
      failed.add(name);
      latch.countDown();
    };
  }

  private static <T extends Throwable> T findInChain(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " in the cause chain of " + t);
  }
}
