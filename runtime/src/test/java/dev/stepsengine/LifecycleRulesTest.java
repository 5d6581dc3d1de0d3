package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepsengine.throttling.Throttle;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Behaviours of the one step lifecycle that used to depend on which class or thread saw them. */
class LifecycleRulesTest extends EngineTestSupport {
  private final AtomicInteger onFailCalls = new AtomicInteger();

  private ParallelSteps groupWithOnFail(PipelineStep... children) {
    return ParallelSteps.named("group").state("Group").maxConcurrency(1)
        .onFail((ctx, step, e) -> onFailCalls.incrementAndGet()).steps(children).build();
  }

  @Test
  @DisplayName("R8, R2: a keeper read failure inside a parallel child reaches the caller as StateKeeperException")
  void keeperReadFailureInParallelChild() {
    IllegalStateException down = new IllegalStateException("keeper down");
    keeper.failReads(name -> name.equals("B") ? down : null);

    StateKeeperException e = catchThrowableOfType(StateKeeperException.class,
        () -> engine(groupWithOnFail(tracked("a", "A"), tracked("b", "B"))).build().run());

    assertThat(e).hasCause(down).hasMessageContaining("group/b");
    assertThat(keeper.states()).doesNotContainKey("Group");
    assertThat(onFailCalls).hasValue(0);
    assertThat(e.report().orElseThrow().result()).isEqualTo(RunResult.FAILED);
  }

  @Test
  @DisplayName("R8: a keeper write failure inside a parallel child reaches the caller as StateKeeperException; the group writes no FAILED")
  void keeperWriteFailureInParallelChild() {
    keeper.failWrites(state -> state.name().equals("B") ? new IllegalStateException("write refused") : null);

    StateKeeperException e = catchThrowableOfType(StateKeeperException.class,
        () -> engine(groupWithOnFail(tracked("a", "A"), tracked("b", "B"))).build().run());

    assertThat(e).hasMessageContaining("writing state 'B'");
    assertThat(keeper.states()).doesNotContainKey("Group");
    assertThat(onFailCalls).hasValue(0);
  }

  @Test
  @DisplayName("R8: a keeper failure inside a nested group reaches the caller as StateKeeperException at any depth")
  void keeperFailureInNestedGroup() {
    keeper.failWrites(state -> state.name().equals("Leaf") ? new IllegalStateException("write refused") : null);

    StateKeeperException e = catchThrowableOfType(StateKeeperException.class, () -> engine(
        GroupedSteps.named("outer").state("Outer").onFail((ctx, s, x) -> onFailCalls.incrementAndGet()).steps(
            GroupedSteps.named("inner").state("Inner").steps(tracked("leaf", "Leaf")).build()).build()).build().run());

    assertThat(e).hasMessageContaining("outer/inner/leaf");
    assertThat(keeper.states()).doesNotContainKeys("Outer", "Inner");
    assertThat(onFailCalls).hasValue(0);
  }

  @Test
  @DisplayName("R7c: a WaitException wrapped in other exceptions writes the wait's own message")
  void wrappedWaitWritesItsOwnMessage() {
    RunWaitingException e = catchThrowableOfType(RunWaitingException.class, () -> engine(
        SimpleStep.named("ready").state("Ready").run(ctx -> {
          throw new UncheckedIOException("client call failed",
              new java.io.IOException("io", WaitException.after(Duration.ofSeconds(7), "pods not ready yet")));
        }).build()).build().run());

    StepState written = keeper.states().get("Ready");
    assertThat(written.status()).isEqualTo(StepStatus.PENDING);
    assertThat(written.reason()).isEqualTo("Waiting");
    assertThat(written.message()).isEqualTo("pods not ready yet");
    assertThat(e.waitFor()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  @DisplayName("R5, R13: a HELD_ELSEWHERE step with continueOnError still puts its lease time into the requeue delay")
  void heldElsewhereWithContinueOnErrorCountsAsWait() {
    keeper.withRunningState(true);
    keeper.failWrites(state -> state.name().equals("Held") && state.status() == StepStatus.RUNNING
        ? new StepHeldElsewhereException("Held", "worker-2", Duration.ofSeconds(4)) : null);

    ReconcileResult result = engine(recording("held").state("Held").continueOnError().build(), tracked("next", "Next"))
        .build().runAsReconcilerResponse();

    assertThat(result.report().outcome("held")).isEqualTo(StepOutcome.HELD_ELSEWHERE);
    assertThat(result.report().outcome("next")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(result.requeueAfter()).contains(Duration.ofSeconds(4));
  }

  @Test
  @DisplayName("R6, R9: a retry backoff that would end after the run deadline is not slept; the failure is final")
  void backoffPastDeadlineNotSlept() {
    StepFailedException e = catchThrowableOfType(StepFailedException.class, () -> engine(
        SimpleStep.named("flaky").state("Flaky")
            .retry(RetryPolicy.builder().maxAttempts(5).initialBackoff(Duration.ofSeconds(20)).build())
            .run(failWith(new IllegalStateException("busy"))).build())
        .runTimeout(Duration.ofSeconds(10)).build().run());

    assertThat(clock.sleeps()).isEmpty();
    assertThat(e.report().orElseThrow().step("flaky").orElseThrow().attempts()).isEqualTo(1);
    assertThat(keeper.states().get("Flaky").status()).isEqualTo(StepStatus.FAILED);
  }

  @Test
  @DisplayName("R6: retry jitter spreads each backoff within the configured fraction")
  void retryJitterWithinBounds() {
    RetryPolicy policy = RetryPolicy.builder().maxAttempts(40).initialBackoff(Duration.ofSeconds(10))
        .multiplier(1.0).maxBackoff(Duration.ofSeconds(10)).jitter(0.2).build();

    engine(SimpleStep.named("flaky").retry(policy).run(failWith(new IllegalStateException("busy"))).continueOnError()
        .build()).build().run();

    List<Duration> sleeps = clock.sleeps();
    assertThat(sleeps).hasSize(39).allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12)));
    assertThat(sleeps.stream().distinct().count()).as("the delays vary").isGreaterThan(1);
  }

  @Test
  @DisplayName("R4: engines without a keeper, partition or throttler never throttle each other")
  void enginesWithoutPartitionDoNotShareThrottles() {
    SimpleStep refresh = recording("refresh").throttle(Throttle.every(Duration.ofMinutes(5))).build();
    StepsEngine first = StepsEngine.builder().clock(clock).steps(refresh).build();
    StepsEngine second = StepsEngine.builder().clock(clock).steps(refresh).build();

    first.run();
    second.run();
    RunReport again = first.run();

    assertThat(calls).containsExactly("refresh", "refresh");
    assertThat(again.outcome("refresh")).isEqualTo(StepOutcome.THROTTLED);
  }

  @Test
  @DisplayName("R12: two dynamic steps of one run cannot return the same state name")
  void dynamicStepsCannotShareStateNames() {
    StepSupplier same = ctx -> List.of(SimpleStep.named("migrate").state("Migrated").run(c -> calls.add("migrate")).build());

    StepFailedException e = catchThrowableOfType(StepFailedException.class, () -> engine(
        DynamicStep.named("first").steps(same).build(), DynamicStep.named("second").steps(same).build())
        .build().run());

    assertThat(e.stepName()).isEqualTo("second");
    assertThat(e.getCause()).hasMessageContaining("STEPS-V2").hasMessageContaining("'first' and 'second'")
        .hasMessageContaining("Migrated");
    assertThat(calls).containsExactly("migrate");
  }

  @Test
  @DisplayName("R12: a retried dynamic step may return its own state names again")
  void retriedDynamicStepKeepsItsStateNames() {
    AtomicInteger attempts = new AtomicInteger();
    RunReport report = engine(DynamicStep.named("migrations").retry(RetryPolicy.builder().maxAttempts(2)
        .initialBackoff(Duration.ZERO).build()).steps(ctx -> {
          int n = attempts.incrementAndGet();
          return List.of(SimpleStep.named("v1").state("V1").run(c -> {
            if (n == 1) {
              throw new IllegalStateException("flaky");
            }
          }).build());
        }).build()).build().run();

    assertThat(report.outcome("migrations")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(report.step("migrations").orElseThrow().attempts()).isEqualTo(2);
  }

  @Test
  @DisplayName("R12: a supplier's list holding null is a step failure naming the index")
  void nullElementOfSupplierNamesIndex() {
    List<PipelineStep> withNull = new ArrayList<>();
    withNull.add(recording("a").build());
    withNull.add(null);

    StepFailedException e = catchThrowableOfType(StepFailedException.class,
        () -> engine(DynamicStep.named("d").state("D").steps(ctx -> withNull).build()).build().run());

    assertThat(e.getCause()).hasMessageContaining("null at index 1");
    assertThat(keeper.states().get("D").status()).isEqualTo(StepStatus.FAILED);
    assertThat(calls).isEmpty();
  }

  @Test
  @DisplayName("R10, R7d: the StepFailedException of a parallel group names the failing child and lists all failures")
  void parallelFailureNamesTheChild() {
    StepFailedException e = catchThrowableOfType(StepFailedException.class, () -> engine(
        ParallelSteps.named("deploy").maxConcurrency(1).steps(tracked("api", "Api"),
            SimpleStep.named("worker").state("Worker").run(failWith(new IllegalStateException("no quota"))).build())
            .build()).build().run());

    assertThat(e.stepName()).isEqualTo("worker");
    assertThat(e.stepPath()).isEqualTo("deploy/worker");
    assertThat(e.stateName()).contains("Worker");
    assertThat(e.getCause()).isInstanceOf(ParallelStepsException.class);
  }

  @Test
  @DisplayName("R7: each kind of attempt result settles one way — success, expected error, failure continued; the states written say so")
  void attemptResultsSettleOneWayEach() {
    RunReport report = engine(
        tracked("ok", "Ok"),
        recording("expected").state("Expected").run(failWith(ExpectedException.of(new IllegalStateException("not needed")))).build(),
        recording("broken").state("Broken").continueOnError(true)
            .run(failWith(new IllegalStateException("broke"))).build(),
        tracked("after", "After")).build().run();

    assertThat(report.outcome("ok")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(report.outcome("expected")).isEqualTo(StepOutcome.EXPECTED_ERROR);
    assertThat(report.outcome("broken")).isEqualTo(StepOutcome.FAILED_CONTINUED);
    assertThat(report.outcome("after")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(keeper.states().get("Ok").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(keeper.states()).as("R7b: no failure state for an expected error").doesNotContainKey("Expected");
    assertThat(keeper.states().get("Broken").status()).isEqualTo(StepStatus.FAILED);
    assertThat(keeper.states().get("Broken").message()).contains("broke");
  }
}
