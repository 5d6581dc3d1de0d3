package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepsengine.throttling.Throttle;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.SoftAssertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Review of the reworked engine core (issue 10) against SEMANTICS.md. Each test pins one
 * behaviour to its rule. The tests under "Findings" fail on the reviewed commit (f55acd2) and
 * describe what the engine should do; the tests under "Covered" pass and cover combinations no
 * other test exercises. No test sleeps: time moves on the {@code ManualClock}, threads meet on
 * latches (a bounded latch wait is only a safety net that ends a hung run).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReviewFindingsTest extends EngineTestSupport {
  private static final long LATCH_SECONDS = 10;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final CountDownLatch never = new CountDownLatch(1);
  private final AtomicInteger onFailCalls = new AtomicInteger();
  /** Receives the spans that ended: a span that is never ended never arrives here. */
  private final InMemorySpanExporter ended = InMemorySpanExporter.create();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(ended)).build())
      .build();

  @AfterEach
  void tearDown() {
    Thread.interrupted(); // never leak an interrupt into the next test
    pool.shutdownNow();
    otel.close();
  }

  private List<String> endedSpans() {
    return ended.getFinishedSpanItems().stream().map(SpanData::getName).toList();
  }

  private FailureHandler countOnFail() {
    return (ctx, step, e) -> onFailCalls.incrementAndGet();
  }

  /** R3, R8: the step at {@code stateName} wrote no state and no onFail handler was called. */
  private void assertNoStateAndNoOnFail(String stateName) {
    assertThat(keeper.states()).as("states written").doesNotContainKey(stateName);
    assertThat(onFailCalls).as("onFail calls").hasValue(0);
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    assertThat(latch.await(LATCH_SECONDS, TimeUnit.SECONDS)).as("latch released").isTrue();
  }

  // ---------------------------------------------------------------- Findings (fail on f55acd2)

  @Test
  @DisplayName("R16, R11, R7f: a child's own timeout inside a group fails the group (StepFailedException), not a cancellation that leaves the caller interrupted")
  void childTimeoutInsideGroupIsAFailure() {
    StepsEngine engine = engine(GroupedSteps.named("database").state("DatabaseReady").steps(
        SimpleStep.named("migrate").state("Migrated").timeout(Duration.ofSeconds(5)).run(ctx -> {
          clock.advance(Duration.ofSeconds(6)); // the step's timeout fires
          never.await();
        }).build()).build()).build();

    Throwable thrown = catchThrowable(engine::run);
    boolean callerInterrupted = Thread.interrupted();

    assertThat(thrown).isInstanceOf(StepFailedException.class);
    assertThat(((StepFailedException) thrown).stepName()).isEqualTo("migrate");
    assertThat(thrown.getCause()).isInstanceOf(StepTimeoutException.class);
    assertThat(keeper.states().get("DatabaseReady").status()).isEqualTo(StepStatus.FAILED);
    assertThat(callerInterrupted).as("the timeout's interrupt is not left on the caller").isFalse();
  }

  @Test
  @DisplayName("R16, R11, R7b: a child that times out and then throws ExpectedException fails; its group does not record EXPECTED_ERROR and the run does not succeed")
  void childTimeoutThenExpectedInsideGroupIsAFailure() {
    StepsEngine engine = engine(GroupedSteps.named("database").state("DatabaseReady").steps(
        SimpleStep.named("migrate").state("Migrated").timeout(Duration.ofSeconds(5)).run(ctx -> {
          clock.advance(Duration.ofSeconds(6)); // the step's timeout fires
          throw new ExpectedException("schema not ready yet");
        }).build()).build(), tracked("seed", "Seeded")).build();

    Throwable thrown = catchThrowable(engine::run);

    assertThat(keeper.states().get("Migrated").status()).as("the child itself").isEqualTo(StepStatus.FAILED);
    assertThat(thrown).as("the run stops on the child's failure").isInstanceOf(StepFailedException.class);
    assertThat(keeper.states().get("DatabaseReady").status()).isEqualTo(StepStatus.FAILED);
    assertThat(calls).doesNotContain("seed");
  }

  @Test
  @DisplayName("R10, R11, R7d: a parallel group whose first child waits and second fails, nested in a group, fails the group; the run does not wait")
  void nestedParallelFailureIsNotAWait() {
    StepsEngine engine = engine(GroupedSteps.named("rollout").state("RolledOut").onFail(countOnFail()).steps(
        ParallelSteps.named("services").state("Services").maxConcurrency(1).steps(
            SimpleStep.named("api").state("Api").run(failWith(WaitException.after(Duration.ofSeconds(4), "api starting")))
                .build(),
            SimpleStep.named("worker").state("Worker").run(failWith(new IllegalStateException("no quota"))).build())
            .build()).build()).build();

    Throwable thrown = catchThrowable(engine::run);

    assertThat(keeper.states().get("Services").status()).as("the parallel group itself").isEqualTo(StepStatus.FAILED);
    assertThat(thrown).isInstanceOf(StepFailedException.class);
    assertThat(keeper.states().get("RolledOut").status()).isEqualTo(StepStatus.FAILED);
    assertThat(onFailCalls).hasValue(1);
  }

  @Test
  @DisplayName("R6, R7d, R7f: a step failing with a socket read timeout (an InterruptedIOException) is a retried failure, not a cancellation; no interrupt is set")
  void socketTimeoutInAStepIsAFailure() {
    StepsEngine engine = engine(SimpleStep.named("callApi").state("ApiCalled")
        .retry(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofSeconds(1)).build())
        .run(ctx -> {
          calls.add("attempt " + ctx.attempt());
          if (ctx.attempt() == 1) {
            throw new UncheckedIOException("GET /quota failed", new SocketTimeoutException("Read timed out"));
          }
        }).build()).build();

    Throwable thrown = catchThrowable(engine::run);
    boolean callerInterrupted = Thread.interrupted();

    assertThat(thrown).as("the run succeeds on the second attempt").isNull();
    assertThat(calls).containsExactly("attempt 1", "attempt 2");
    assertThat(callerInterrupted).as("nobody interrupted the thread").isFalse();
  }

  @Test
  @DisplayName("R8, R2: a keeper read that fails with a socket read timeout stops the run with StateKeeperException, and sets no interrupt")
  void socketTimeoutInAKeeperReadIsAKeeperFailure() {
    keeper.failReads(name -> new UncheckedIOException("GET conditions failed",
        new SocketTimeoutException("Read timed out")));

    Throwable thrown = catchThrowable(() -> engine(tracked("deploy", "Deployed")).build().run());
    boolean callerInterrupted = Thread.interrupted();

    assertThat(thrown).isInstanceOf(StateKeeperException.class);
    assertThat(callerInterrupted).as("nobody interrupted the thread").isFalse();
  }

  @Test
  @DisplayName("R8, R10: a parallel child's keeper failure reaches the caller although a sibling was then cancelled and another was left to start")
  void keeperFailureNotLostToALaterCancellation() {
    keeper.failWrites(state -> state.name().equals("A") ? new IllegalStateException("etcd unavailable") : null);

    Throwable thrown = catchThrowable(() -> engine(ParallelSteps.named("group").maxConcurrency(1).steps(
        tracked("a", "A"),
        SimpleStep.named("b").run(ctx -> {
          Thread.currentThread().interrupt();
          throw new InterruptedException("cancelled from outside");
        }).build(),
        tracked("c", "C")).build()).build().run());
    Thread.interrupted();

    // with only a and b (nothing left to start) the same run ends with the StateKeeperException
    assertThat(thrown).isInstanceOf(StateKeeperException.class).hasMessageContaining("writing state 'A'");
  }

  @Test
  @DisplayName("R8, R16: a keeper failure of a child after its group's timeout fired reaches the caller as StateKeeperException; the group writes no FAILED, calls no onFail")
  void keeperFailureInsideTimedOutGroup() {
    keeper.failWrites(state -> state.name().equals("Migrated") ? new IllegalStateException("etcd unavailable") : null);
    StepsEngine engine = engine(GroupedSteps.named("database").state("DatabaseReady").timeout(Duration.ofSeconds(5))
        .onFail(countOnFail()).steps(SimpleStep.named("migrate").state("Migrated").run(ctx -> {
          clock.advance(Duration.ofSeconds(6)); // the group's timeout fires
          Thread.interrupted(); // work that does not react to interrupts
        }).build()).build()).build();

    Throwable thrown = catchThrowable(engine::run);

    assertThat(thrown).isInstanceOf(StateKeeperException.class).hasMessageContaining("writing state 'Migrated'");
    assertNoStateAndNoOnFail("DatabaseReady");
  }

  @Test
  @DisplayName("R3, R10: two parallel children that abort by predicate abort the run; the group writes no FAILED and calls no onFail")
  void twoAbortingChildrenAbortTheRun() {
    StepPredicate clusterReady = StepPredicate.of("clusterReady", () -> false);
    StepsEngine engine = engine(ParallelSteps.named("checks").state("Checks").maxConcurrency(1).onFail(countOnFail())
        .steps(recording("a").when(clusterReady).abortOnPredicatesFalse().build(),
            recording("b").when(clusterReady).abortOnPredicatesFalse().build()).build()).build();

    Throwable thrown = catchThrowable(engine::run);

    assertThat(thrown).isInstanceOf(AbortedByPredicateException.class).hasMessageContaining("clusterReady");
    assertNoStateAndNoOnFail("Checks");
    assertThat(calls).isEmpty();
  }

  @Test
  @DisplayName("R6, R7d, R15: a retryOn predicate that throws fails the step with StepFailedException and a report; it does not escape the run raw")
  void throwingRetryOnIsAStepFailure() {
    keeper.withRunningState(true);
    StepsEngine engine = engine(SimpleStep.named("callApi").state("ApiCalled").onFail(countOnFail())
        .retry(RetryPolicy.builder().maxAttempts(3).retryOn(t -> t.getMessage().contains("busy")).build())
        .run(failWith(new IllegalStateException())).build()).build();

    Throwable thrown = catchThrowable(engine::run);

    assertThat(thrown).isInstanceOf(StepFailedException.class);
    assertThat(((StepFailedException) thrown).report()).as("the run's report").isPresent();
    assertThat(keeper.states().get("ApiCalled").status()).as("not left RUNNING").isEqualTo(StepStatus.FAILED);
  }

  @Test
  @DisplayName("R7c, R11: a child that waits with continueOnError does not let its group record SUCCEEDED, so the next run runs the child again")
  void waitingChildKeepsItsGroupOpen() {
    StepsEngine engine = engine(GroupedSteps.named("rollout").state("RolledOut").steps(
        SimpleStep.named("pods").state("PodsReady").continueOnError().run(ctx -> {
          calls.add("pods");
          throw WaitException.after(Duration.ofSeconds(5), "pods starting");
        }).build()).build()).build();

    ReconcileResult first = engine.runAsReconcilerResponse();
    clock.advance(Duration.ofSeconds(5));
    engine.runAsReconcilerResponse();

    assertThat(first.requeueAfter()).contains(Duration.ofSeconds(5));
    assertThat(calls).as("the waiting step is run again after its wait").containsExactly("pods", "pods");
  }

  @Test
  @DisplayName("R5, R13: a HELD_ELSEWHERE step with continueOnError still counts its lease time when a later step fails: the shortest delay wins")
  void heldElsewhereLeaseCountsWhenTheRunFailsLater() {
    keeper.withRunningState(true);
    keeper.failWrites(state -> state.name().equals("Held") && state.status() == StepStatus.RUNNING
        ? new StepHeldElsewhereException("Held", "worker-2", Duration.ofSeconds(4)) : null);

    ReconcileResult result = engine(recording("held").state("Held").continueOnError().build(),
        SimpleStep.named("deploy").state("Deployed").run(failWith(new IllegalStateException("no quota"))).build())
        .build().runAsReconcilerResponse();

    assertThat(result.report().outcome("held")).isEqualTo(StepOutcome.HELD_ELSEWHERE);
    assertThat(result.report().outcome("deploy")).isEqualTo(StepOutcome.FAILED);
    assertThat(result.requeueAfter()).contains(Duration.ofSeconds(4));
  }

  @Test
  @DisplayName("R7e, R10: a VirtualMachineError in a parallel child propagates at once: the siblings still running are interrupted, not waited for")
  void virtualMachineErrorInParallelChildCancelsSiblings() {
    CountDownLatch blockerRunning = new CountDownLatch(1);
    StepsEngine engine = engine(ParallelSteps.named("batches").steps(
        SimpleStep.named("blocker").run(ctx -> {
          blockerRunning.countDown();
          try {
            if (!never.await(LATCH_SECONDS, TimeUnit.SECONDS)) {
              calls.add("blocker waited out");
            }
          } catch (InterruptedException e) {
            calls.add("blocker interrupted");
            throw e;
          }
        }).build(),
        SimpleStep.named("deep").run(ctx -> {
          await(blockerRunning);
          throw new StackOverflowError("deep recursion");
        }).build()).build()).executor(pool).build();

    Throwable thrown = catchThrowable(engine::run);

    assertThat(thrown).isInstanceOf(StackOverflowError.class);
    assertThat(calls).containsExactly("blocker interrupted");
  }

  @Test
  @DisplayName("R7f, R16: an interrupt from outside that arrives before a step's timeout fires is a cancellation: no FAILED state, the flag stays set")
  void outsideInterruptBeforeTimeoutIsNotLost() {
    StepsEngine engine = engine(SimpleStep.named("deploy").state("Deployed").timeout(Duration.ofSeconds(5))
        .onFail(countOnFail()).run(ctx -> {
          Thread.currentThread().interrupt(); // the run is cancelled from outside...
          clock.advance(Duration.ofSeconds(6)); // ...and then the timeout passes before the step reacts
          throw new InterruptedException("cancelled from outside");
        }).build()).build();

    Throwable thrown = catchThrowable(engine::run);
    boolean callerInterrupted = Thread.interrupted();

    assertThat(thrown).isInstanceOf(RunCancelledException.class);
    assertThat(callerInterrupted).as("the outside interrupt is restored").isTrue();
    assertNoStateAndNoOnFail("Deployed");
  }

  @Test
  @DisplayName("R1, R7d, R14: a step-context hook that returns null fails the step with a message naming the hook; every span is ended")
  void hookReturningNullIsNamed() {
    StepsEngine engine = engine(tracked("deploy", "Deployed")).openTelemetry(otel).stepContext(ctx -> null).build();

    Throwable thrown = catchThrowable(engine::run);

    assertThat(thrown).isInstanceOf(StepFailedException.class);
    assertThat(String.valueOf(thrown.getCause() == null ? null : thrown.getCause().getMessage()))
        .containsIgnoringCase("hook");
    assertThat(endedSpans()).containsExactlyInAnyOrder(Telemetry.RUN_SPAN, "deploy");
  }

  @Test
  @DisplayName("R9, R10: a run deadline that passes inside a parallel group is reported as the deadline, not as an interruption")
  void deadlineInParallelGroupSaysDeadline() {
    StepsEngine engine = engine(ParallelSteps.named("group").maxConcurrency(1).steps(
        SimpleStep.named("slow").run(ctx -> clock.advance(Duration.ofSeconds(11))).build(),
        recording("next").build()).build()).runTimeout(Duration.ofSeconds(10)).build();

    RunCancelledException e = catchThrowableOfType(RunCancelledException.class, engine::run);

    assertThat(e.report().orElseThrow().outcome("group/next")).isEqualTo(StepOutcome.NOT_REACHED);
    assertThat(e).hasMessageContaining("deadline");
  }

  @Test
  @DisplayName("R2, R8: a keeper read failure in a state-bound predicate stops the run with StateKeeperException; no FAILED state, no onFail, not swallowed by continueOnError")
  void keeperFailureInStateBoundPredicate() {
    keeper.failReads(name -> name.equals("DatabaseReady") ? new IllegalStateException("keeper down") : null);
    StepsEngine engine = engine(SimpleStep.named("migrate").state("Migrated").continueOnError().onFail(countOnFail())
        .when(StepPredicate.succeeded("DatabaseReady")).run(ctx -> calls.add("migrate")).build()).build();

    Throwable thrown = catchThrowable(engine::run);

    assertThat(thrown).isInstanceOf(StateKeeperException.class).hasRootCauseMessage("keeper down");
    assertNoStateAndNoOnFail("Migrated");
    assertThat(calls).isEmpty();
  }

  @Test
  @DisplayName("R19: the remaining factories reject null at once with a NullPointerException naming the argument")
  void remainingFactoriesRejectNull() {
    SoftAssertions soft = new SoftAssertions();
    rejects(soft, () -> Throttle.every(Duration.ofSeconds(1)).key(null), "key");
    rejects(soft, () -> WaitException.after(Duration.ofSeconds(1), (Throwable) null), "cause");
    rejects(soft, () -> WaitException.of(null), "message");
    rejects(soft, () -> RetryableException.of(null), "cause");
    rejects(soft, () -> RetryableException.after(Duration.ofSeconds(1), (Throwable) null), "cause");
    soft.assertAll();
  }

  private static void rejects(SoftAssertions soft, ThrowingCallable call, String named) {
    Throwable thrown = catchThrowable(call);
    soft.assertThat(thrown).as("null %s", named).isInstanceOf(NullPointerException.class);
    if (thrown instanceof NullPointerException) {
      soft.assertThat(thrown).as("null %s", named).hasMessageContaining(named);
    }
  }

  // ---------------------------------------------------------------- Covered (pass on f55acd2)

  @Test
  @DisplayName("K9, R18: a stale success kept across spec changes is marked current with its outputs, and a later step reads them")
  void keptStaleSuccessKeepsItsOutputs() {
    keeper.put(new StepState("AdminCreated", StepStatus.SUCCEEDED, "Success", "Completed successfully",
        clock.instant(), Map.of("passwordRef", "secret/admin"), true));
    List<String> read = new ArrayList<>();
    StepsEngine engine = engine(
        SimpleStep.named("createAdmin").state(State.of("AdminCreated").keepAcrossSpecChanges()).outputs("passwordRef")
            .run(ctx -> calls.add("createAdmin")).build(),
        SimpleStep.named("notify").run(ctx -> read.add(ctx.output("AdminCreated", "passwordRef").orElse("none")))
            .build()).build();

    RunReport report = engine.run();

    assertThat(report.outcome("createAdmin")).isEqualTo(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    assertThat(calls).isEmpty();
    StepState now = keeper.states().get("AdminCreated");
    assertThat(now.stale()).isFalse();
    assertThat(now.outputs()).containsEntry("passwordRef", "secret/admin");
    assertThat(read).containsExactly("secret/admin");
  }

  @Test
  @DisplayName("R16, R10: a parallel group's own timeout cancels the children on worker threads too; the group fails with StepTimeoutException")
  void parallelGroupTimeoutCancelsWorkers() {
    CountDownLatch bothRunning = new CountDownLatch(2);
    StepsEngine engine = engine(ParallelSteps.named("batches").state("Batches").timeout(Duration.ofSeconds(5)).steps(
        SimpleStep.named("a").run(ctx -> {
          bothRunning.countDown();
          never.await();
        }).build(),
        SimpleStep.named("b").run(ctx -> {
          bothRunning.countDown();
          await(bothRunning);
          clock.advance(Duration.ofSeconds(6));
          never.await();
        }).build()).build()).executor(pool).build();

    StepFailedException e = catchThrowableOfType(StepFailedException.class, engine::run);

    assertThat(e.stepName()).isEqualTo("batches");
    assertThat(e.getCause()).isInstanceOf(StepTimeoutException.class);
    RunReport report = e.report().orElseThrow();
    assertThat(report.outcome("batches/a")).isEqualTo(StepOutcome.CANCELLED);
    assertThat(report.outcome("batches/b")).isEqualTo(StepOutcome.CANCELLED);
    assertThat(keeper.states().get("Batches").status()).isEqualTo(StepStatus.FAILED);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  @DisplayName("R14, R8: every span is ended when a keeper write fails inside a parallel child, and the caller gets StateKeeperException")
  void spansEndedOnKeeperFailureInParallelChild() {
    keeper.failWrites(state -> state.name().equals("B") ? new IllegalStateException("write refused") : null);
    StepsEngine engine = engine(GroupedSteps.named("outer").state("Outer").steps(
        ParallelSteps.named("group").state("Group").steps(tracked("a", "A"), tracked("b", "B")).build()).build())
        .openTelemetry(otel).executor(pool).build();

    Throwable thrown = catchThrowable(engine::run);

    assertThat(thrown).isInstanceOf(StateKeeperException.class);
    assertThat(endedSpans())
        .containsExactlyInAnyOrder(Telemetry.RUN_SPAN, "outer", "group", Telemetry.PARALLEL_SPAN, "a", "b");
    assertThat(keeper.states()).doesNotContainKeys("Outer", "Group");
  }

  @Test
  @DisplayName("R13, R3: an abort in a parallel group nested in a group requeues after 3 s and the run result is ABORTED")
  void nestedParallelAbortRequeuesAfterThreeSeconds() {
    ReconcileResult result = engine(GroupedSteps.named("outer").state("Outer").steps(
        ParallelSteps.named("group").maxConcurrency(1).steps(
            recording("a").when(StepPredicate.of("clusterReady", () -> false)).abortOnPredicatesFalse().build(),
            recording("b").build()).build()).build()).build().runAsReconcilerResponse();

    assertThat(result.report().result()).isEqualTo(RunResult.ABORTED);
    assertThat(result.requeueAfter()).contains(Duration.ofSeconds(3));
    assertThat(keeper.states()).doesNotContainKey("Outer");
    assertThat(calls).containsExactly("b");
  }
}
