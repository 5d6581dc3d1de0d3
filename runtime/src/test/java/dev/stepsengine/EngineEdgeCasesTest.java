package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

/** Corner cases of the run found in review, each pinned to its rule. */
class EngineEdgeCasesTest extends EngineTestSupport {
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
    Thread.interrupted();
    MDC.clear();
  }

  private static SimpleStep throwing(String name, Exception e) {
    return SimpleStep.named(name).state(name.toUpperCase()).run(failWith(e)).build();
  }

  @Test
  @DisplayName("R10, R7d: a group whose first child waits and second fails is a failure, not a wait")
  void waitingThenFailingChildIsFailure() {
    AtomicBoolean groupOnFail = new AtomicBoolean();
    ParallelSteps group = ParallelSteps.named("p").state("P").onFail((ctx, n, e) -> groupOnFail.set(true))
        .steps(throwing("waits", WaitException.after(Duration.ofSeconds(4), "x")),
            throwing("fails", new IllegalStateException("boom"))).build();

    StepFailedException e = catchThrowableOfType(StepFailedException.class,
        () -> engine(group).executor(pool).build().run());

    assertThat(e.getCause()).isInstanceOf(ParallelStepsException.class);
    assertThat(keeper.states().get("P").status()).isEqualTo(StepStatus.FAILED);
    assertThat(groupOnFail).isTrue();
    RunReport report = e.report().orElseThrow();
    assertThat(report.result()).isEqualTo(RunResult.FAILED);
    assertThat(report.requeueAfter()).contains(Duration.ofSeconds(4)); // R13: the shortest delay wins
  }

  @Test
  @Timeout(30)
  @DisplayName("R9, R10: interrupting the thread that waits for a parallel group interrupts the running children")
  void interruptingCallerCancelsChildren() throws Exception {
    CountDownLatch slowStarted = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    ParallelSteps group = ParallelSteps.named("p").steps(
        SimpleStep.named("slow").run(ctx -> {
          slowStarted.countDown();
          never.await();
        }).build(),
        recording("quick").build()).build();
    // the pool's worker takes "slow" first; only then does the caller take "quick" and wait for the group
    StepsEngine engine = engine(group).executor(runnable -> {
      pool.execute(runnable);
      try {
        slowStarted.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }).build();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        engine.run();
      } catch (Throwable t) {
        thrown.set(t);
      }
    });

    caller.start();
    slowStarted.await();
    caller.interrupt();
    caller.join(TimeUnit.SECONDS.toMillis(20));

    assertThat(caller.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(RunCancelledException.class);
    RunReport report = ((StepsException) thrown.get()).report().orElseThrow();
    assertThat(report.outcome("p/slow")).isEqualTo(StepOutcome.CANCELLED);
  }

  @Test
  @DisplayName("R9, R10: once the thread is interrupted, a parallel group starts no further child")
  void interruptedWorkerStartsNoMoreChildren() {
    ParallelSteps group = ParallelSteps.named("p").maxConcurrency(1).steps(
        SimpleStep.named("a").run(ctx -> Thread.currentThread().interrupt()).build(),
        recording("b").build()).build();

    RunCancelledException e = catchThrowableOfType(RunCancelledException.class,
        () -> engine(group).executor(pool).build().run());

    assertThat(calls).isEmpty();
    assertThat(e.report().orElseThrow().outcome("p/b")).isEqualTo(StepOutcome.NOT_REACHED);
  }

  @Test
  @DisplayName("R7d: an onFail handler that rethrows the failure it was given does not break the run")
  void onFailRethrowingSameException() {
    StepFailedException e = catchThrowableOfType(StepFailedException.class, () -> engine(
        SimpleStep.named("deploy").onFail((ctx, n, failure) -> {
          throw failure;
        }).run(failWith(new IllegalStateException("boom"))).build()).build().run());

    assertThat(e).hasRootCauseMessage("boom");
    assertThat(e.report()).isPresent();
  }

  @Test
  @DisplayName("R3, R7e: an Error thrown by a predicate is a step failure with a report")
  void predicateErrorIsFailure() {
    StepFailedException e = catchThrowableOfType(StepFailedException.class, () -> engine(
        recording("deploy").state("Deployed").when(StepPredicate.named("isReady", ctx -> {
          throw new AssertionError("bug");
        })).build()).build().run());

    assertThat(e).hasCauseInstanceOf(AssertionError.class);
    assertThat(keeper.states().get("Deployed").status()).isEqualTo(StepStatus.FAILED);
  }

  @Test
  @DisplayName("R14: the engine leaves the caller's MDC values as it found them")
  void callerMdcKept() {
    MDC.put("trace_id", "caller-trace");
    MDC.put("step", "outer");

    engine(recording("a").build(), tracked("b", "B")).build().run();

    assertThat(MDC.get("trace_id")).isEqualTo("caller-trace");
    assertThat(MDC.get("step")).isEqualTo("outer");
  }

  @Test
  @DisplayName("R5, R13: a lease refusal with no time left requeues after the default wait")
  void zeroLeaseRequeue() {
    keeper.withRunningState(true);
    keeper.failWrites(s -> s.status() == StepStatus.RUNNING
        ? new StepHeldElsewhereException(s.name(), "worker-2", Duration.ZERO) : null);

    ReconcileResult r = engine(tracked("deploy", "Deployed")).build().runAsReconcilerResponse();

    assertThat(r.requeueAfter()).contains(Duration.ofSeconds(3));
  }

  @Test
  @DisplayName("R15: concurrent failures of parallel children all keep their exceptions in the report")
  void concurrentFailuresKeepExceptions() {
    List<PipelineStep> children = new java.util.ArrayList<>();
    for (int i = 0; i < 32; i++) {
      children.add(SimpleStep.named("c" + i).continueOnError().run(failWith(new IllegalStateException("x"))).build());
    }

    RunReport report = engine(ParallelSteps.named("p").steps(children).build()).executor(pool).build().run();

    assertThat(report.step("p").orElseThrow().children()).hasSize(32)
        .allSatisfy(c -> assertThat(c.error()).isPresent());
  }

  @Test
  @DisplayName("R12, V2: a dynamic step may not return a step that reuses a state name of the pipeline")
  void dynamicReusingPipelineState() {
    StepsEngine engine = engine(tracked("deploy", "Deployed"),
        DynamicStep.named("more").steps(ctx -> List.of(tracked("again", "Deployed"))).build()).build();

    StepFailedException e = catchThrowableOfType(StepFailedException.class, engine::run);

    assertThat(e.getCause()).hasMessageContaining("STEPS-V2").hasMessageContaining("Deployed");
    assertThat(calls).containsExactly("deploy");
  }

  @Test
  @DisplayName("R15: a skipped group still lists its children, as NOT_REACHED")
  void skippedGroupListsChildren() {
    keeper.putSucceeded("G");

    RunReport report = engine(GroupedSteps.named("g").state("G").steps(recording("a").build(), recording("b").build())
        .build()).build().run();

    assertThat(report.byPath()).containsKeys("g", "g/a", "g/b");
    assertThat(report.outcome("g/a")).isEqualTo(StepOutcome.NOT_REACHED);
  }

  @Test
  @DisplayName("R3: a group whose child aborts the run is not left RUNNING")
  void abortedGroupNotLeftRunning() {
    keeper.withRunningState(true);
    GroupedSteps group = GroupedSteps.named("g").state("G").steps(recording("gate")
        .when(StepPredicate.of("isReady", () -> false)).abortOnPredicatesFalse().build()).build();

    catchThrowableOfType(AbortedByPredicateException.class, () -> engine(group).build().run());

    assertThat(keeper.states().get("G").status()).isEqualTo(StepStatus.PENDING);
    assertThat(keeper.states().get("G").reason()).isEqualTo(StepState.REASON_ABORTED);
  }

  @Test
  @DisplayName("R7b: the PENDING message is the ExpectedException's own, not its wrapper's")
  void expectedMessageFromExpectedException() {
    keeper.withRunningState(true);

    engine(SimpleStep.named("deploy").state("Deployed")
        .run(failWith(new IllegalStateException("wrapper", new ExpectedException("quota not ready")))).build())
        .build().run();

    assertThat(keeper.states().get("Deployed").message()).isEqualTo("quota not ready");
  }

  @Test
  @Timeout(30)
  @DisplayName("R10: on an unbounded cached pool the children of a group really run at once")
  void cachedPoolRunsChildrenConcurrently() {
    CountDownLatch allStarted = new CountDownLatch(4);
    List<PipelineStep> children = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      children.add(SimpleStep.named("c" + i).run(ctx -> {
        allStarted.countDown();
        allStarted.await(); // returns only when all four run together
      }).build());
    }

    RunReport report = engine(ParallelSteps.named("p").steps(children).build())
        .executor(pool).build().run();

    assertThat(report.result()).isEqualTo(RunResult.SUCCEEDED);
  }
}
