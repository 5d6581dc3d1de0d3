package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReconcileMappingTest extends EngineTestSupport {

  private ReconcileResult reconcile(PipelineStep... steps) {
    return engine(steps).build().runAsReconcilerResponse();
  }

  private static SimpleStep throwing(String name, Exception e) {
    return SimpleStep.named(name).run(failWith(e)).build();
  }

  @Test
  @DisplayName("R13: success requeues after 30 s by default")
  void successDefault() {
    ReconcileResult r = reconcile(recording("a").build());

    assertThat(r.requeueAfter()).contains(Duration.ofSeconds(30));
    assertThat(r.isSuccess()).isTrue();
    assertThat(r.report().requeueAfter()).contains(Duration.ofSeconds(30));
  }

  @Test
  @DisplayName("R13: success can be configured not to requeue")
  void successNoRequeue() {
    ReconcileResult r = engine(recording("a").build())
        .reconcilePolicy(ReconcilePolicy.builder().noRequeueOnSuccess().build()).build().runAsReconcilerResponse();

    assertThat(r.requeueAfter()).isEmpty();
  }

  @Test
  @DisplayName("R13: a wait requeues after its duration, 3 s when it has none")
  void waits() {
    assertThat(reconcile(throwing("a", WaitException.after(Duration.ofSeconds(12), "x"))).requeueAfter())
        .contains(Duration.ofSeconds(12));
    assertThat(reconcile(throwing("a", WaitException.of("x"))).requeueAfter()).contains(Duration.ofSeconds(3));
  }

  @Test
  @DisplayName("R13 (differs from the reference): an abort by predicate requeues after 3 s at top level and nested")
  void abortAnyDepth() {
    SimpleStep aborting = SimpleStep.named("gate").run(ctx -> { })
        .when(StepPredicate.of("isReady", () -> false)).abortOnPredicatesFalse().build();

    ReconcileResult top = reconcile(aborting);
    ReconcileResult nested = reconcile(GroupedSteps.named("g").steps(GroupedSteps.named("h").steps(aborting).build()).build());

    assertThat(top.requeueAfter()).contains(Duration.ofSeconds(3));
    assertThat(top.result()).isEqualTo(RunResult.ABORTED);
    assertThat(nested.requeueAfter()).contains(Duration.ofSeconds(3));
  }

  @Test
  @DisplayName("R13 (differs from the reference): RetryableException requeues after its retryAfter")
  void retryable() {
    ReconcileResult r = reconcile(throwing("a", RetryableException.after(Duration.ofSeconds(45), "rate limited")));

    assertThat(r.requeueAfter()).contains(Duration.ofSeconds(45));
    assertThat(r.result()).isEqualTo(RunResult.FAILED);
  }

  @Test
  @DisplayName("R13: any other failure requeues after 10 s, and the result never throws")
  void otherFailure() {
    ReconcileResult r = reconcile(throwing("a", new IllegalStateException("boom")));

    assertThat(r.requeueAfter()).contains(Duration.ofSeconds(10));
    assertThat(r.error()).get().isInstanceOf(StepFailedException.class);
  }

  @Test
  @DisplayName("R13 (differs from the reference): a wait wrapped in a group is found through the cause chain")
  void wrappedWait() {
    ReconcileResult r = reconcile(GroupedSteps.named("g")
        .steps(throwing("inner", WaitException.after(Duration.ofSeconds(8), "x"))).build());

    assertThat(r.requeueAfter()).contains(Duration.ofSeconds(8));
    assertThat(r.result()).isEqualTo(RunResult.WAITING);
  }

  @Test
  @DisplayName("R13: across parallel failures the shortest delay wins")
  void parallelShortestWins() {
    ReconcileResult r = reconcile(ParallelSteps.named("p").steps(
        throwing("fails", new IllegalStateException("boom")),
        throwing("waits", WaitException.after(Duration.ofSeconds(4), "x")),
        throwing("retries", RetryableException.after(Duration.ofSeconds(6), "y"))).build());

    assertThat(r.requeueAfter()).contains(Duration.ofSeconds(4));
  }

  @Test
  @DisplayName("R13: the policy's delays are configurable")
  void configurable() {
    ReconcilePolicy policy = ReconcilePolicy.builder().onFailure(Duration.ofMinutes(1)).onAbort(Duration.ofSeconds(1))
        .defaultWait(Duration.ofSeconds(2)).onSuccess(Duration.ofMinutes(5)).build();

    assertThat(policy.delayFor(new StepFailedException("a", null, new RuntimeException()))).isEqualTo(Duration.ofMinutes(1));
    assertThat(policy.delayFor(new AbortedByPredicateException("a", "p"))).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.delayFor(WaitException.of("x"))).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.delayFor(new ParallelStepsException("p", List.of(new AbortedByPredicateException("a", "p"),
        new StepFailedException("b", null, null))))).isEqualTo(Duration.ofSeconds(1));
  }
}
