package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepsengine.testing.ForwardingStateKeeper;
import dev.stepsengine.testing.InMemoryStateKeeper;
import dev.stepsengine.throttling.Throttle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The hand-over ({@link StateKeeper#handOver}): a step's success and the next step's lease in one
 * keeper write, only where nothing of the user's runs between the two writes it replaces, and with
 * every outcome the same as with the two writes (SEMANTICS R5, R7a, R8, R9).
 */
class HandOverTest extends EngineTestSupport {

  /** Records every write the engine makes, in order: "set Name STATUS" or "handOver A STATUS + B STATUS". */
  static final class Recording extends ForwardingStateKeeper {
    final List<String> writes = Collections.synchronizedList(new ArrayList<>());
    /** What the hand-over does instead of the delegate's; null: the delegate's. */
    volatile BiFunction<StepState, StepState, Boolean> handOver;

    Recording(InMemoryStateKeeper delegate) {
      super(delegate);
    }

    @Override
    public void setStepState(StepState state) {
      writes.add("set " + state.name() + " " + state.status());
      super.setStepState(state);
    }

    @Override
    public boolean supportsHandOver() {
      return delegate().supportsHandOver();
    }

    @Override
    public boolean handOver(StepState finished, StepState running) {
      writes.add("handOver " + finished.name() + " " + finished.status() + " + " + running.name() + " "
          + running.status());
      BiFunction<StepState, StepState, Boolean> instead = handOver;
      return instead != null ? instead.apply(finished, running) : delegate().handOver(finished, running);
    }
  }

  private final Recording recording = new Recording(keeper.withRunningState(true).withHandOvers(true));

  private StepsEngine.Builder engineOn(Recording k, PipelineStep... steps) {
    return StepsEngine.builder().stateKeeper(k).clock(clock).throttler(throttler).steps(steps);
  }

  @Test
  @DisplayName("R5, R7a: each success carries the next step's lease: the first lease, two hand-overs, the last success")
  void successCarriesTheNextLease() {
    AtomicReference<StepStatus> notifiedWhileRunning = new AtomicReference<>();
    RunReport report = engineOn(recording, tracked("deploy", "Deployed"), tracked("configure", "Configured"),
        SimpleStep.named("notify").state("Notified")
            .run(ctx -> notifiedWhileRunning.set(keeper.states().get("Notified").status())).build()).build().run();

    assertThat(recording.writes).containsExactly("set Deployed RUNNING",
        "handOver Deployed SUCCEEDED + Configured RUNNING", "handOver Configured SUCCEEDED + Notified RUNNING",
        "set Notified SUCCEEDED");
    assertThat(keeper.handOvers()).isEqualTo(2);
    assertThat(notifiedWhileRunning).hasValue(StepStatus.RUNNING);
    assertThat(calls).containsExactly("deploy", "configure");
    assertThat(report.allSteps()).extracting(StepReport::outcome).containsOnly(StepOutcome.SUCCEEDED);
    assertThat(keeper.transitions()).extracting(t -> t.to().name() + " " + t.to().status()).containsExactly(
        "Deployed RUNNING", "Deployed SUCCEEDED", "Configured RUNNING", "Configured SUCCEEDED", "Notified RUNNING",
        "Notified SUCCEEDED");
  }

  @Test
  @DisplayName("R5: a keeper that does not take hand-overs gets two writes per step, as before")
  void noHandOverWithoutSupport() {
    keeper.withHandOvers(false);

    engineOn(recording, tracked("deploy", "Deployed"), tracked("notify", "Notified")).build().run();

    assertThat(recording.writes).containsExactly("set Deployed RUNNING", "set Deployed SUCCEEDED",
        "set Notified RUNNING", "set Notified SUCCEEDED");
  }

  @Test
  @DisplayName("R5: a ForwardingStateKeeper takes no hand-overs, so a test's setStepState override sees every write")
  void forwardingKeeperSeesEveryWrite() {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    ForwardingStateKeeper forwarding = new ForwardingStateKeeper(keeper) {
      @Override
      public void setStepState(StepState state) {
        seen.add(state.name() + " " + state.status());
        super.setStepState(state);
      }
    };

    StepsEngine.builder().stateKeeper(forwarding).clock(clock)
        .steps(tracked("deploy", "Deployed"), tracked("notify", "Notified")).build().run();

    assertThat(keeper.supportsHandOver()).isTrue();
    assertThat(seen).containsExactly("Deployed RUNNING", "Deployed SUCCEEDED", "Notified RUNNING",
        "Notified SUCCEEDED");
    assertThat(keeper.handOvers()).isZero();
  }

  @Test
  @DisplayName("R3, R17, R4, R1: no hand-over to a step whose predicates, throttle or context hook run first; they"
      + " see the previous step's success stored")
  void noHandOverWhenUserCodeRunsFirst() {
    List<StepStatus> seenByChecks = Collections.synchronizedList(new ArrayList<>());
    StepPredicate sawDeployed = ctx -> seenByChecks.add(keeper.states().get("Deployed").status());

    engineOn(recording, tracked("deploy", "Deployed"),
        recording("notify").state("Notified").when("deployed", sawDeployed).build()).build().run();
    engineOn(new Recording(keeper), tracked("deploy2", "Deployed2"), tracked("notify2", "Notified2"))
        .when("engine-wide", ctx -> seenByChecks.add(keeper.states().get("Deployed").status())).build().run();
    Recording throttled = new Recording(keeper);
    engineOn(throttled, tracked("deploy3", "Deployed3"),
        recording("notify3").state("Notified3").throttle(Throttle.every(Duration.ofMinutes(1))).build()).build().run();
    Recording hooked = new Recording(keeper);
    engineOn(hooked, tracked("deploy4", "Deployed4"), tracked("notify4", "Notified4"))
        .stepContext(ctx -> ctx).build().run();

    assertThat(recording.writes).containsExactly("set Deployed RUNNING", "set Deployed SUCCEEDED",
        "set Notified RUNNING", "set Notified SUCCEEDED");
    assertThat(seenByChecks).isNotEmpty().containsOnly(StepStatus.SUCCEEDED);
    assertThat(throttled.writes).containsExactly("set Deployed3 RUNNING", "set Deployed3 SUCCEEDED",
        "set Notified3 RUNNING", "set Notified3 SUCCEEDED");
    assertThat(hooked.writes).containsExactly("set Deployed4 RUNNING", "set Deployed4 SUCCEEDED",
        "set Notified4 RUNNING", "set Notified4 SUCCEEDED");
  }

  @Test
  @DisplayName("R2, R7a: no hand-over to a step already succeeded (it is skipped), nor after a finishOnSuccess step")
  void noHandOverToASkippedStepOrAfterFinish() {
    keeper.putSucceeded("Configured");

    engineOn(recording, tracked("deploy", "Deployed"), tracked("configure", "Configured"),
        tracked("notify", "Notified")).build().run();
    Recording finishing = new Recording(keeper);
    RunReport report = engineOn(finishing, recording("first").state("First").finishOnSuccess().build(),
        tracked("second", "Second")).build().run();

    assertThat(recording.writes).containsExactly("set Deployed RUNNING", "set Deployed SUCCEEDED",
        "set Notified RUNNING", "set Notified SUCCEEDED");
    assertThat(finishing.writes).containsExactly("set First RUNNING", "set First SUCCEEDED");
    assertThat(report.outcome("second")).isEqualTo(StepOutcome.NOT_REACHED);
  }

  @Test
  @DisplayName("R5, R10, R11: groups hand over inside their sequence and to their next sibling; parallel children never")
  void groupsAndParallelChildren() {
    engineOn(recording,
        GroupedSteps.named("group").state("Group").steps(tracked("x", "X"), tracked("y", "Y")).build(),
        ParallelSteps.named("parallel").state("Parallel").steps(tracked("u", "U")).build(),
        tracked("z", "Z")).build().run();

    assertThat(recording.writes).containsExactly("set Group RUNNING", "set X RUNNING",
        "handOver X SUCCEEDED + Y RUNNING", "set Y SUCCEEDED", "handOver Group SUCCEEDED + Parallel RUNNING",
        "set U RUNNING", "set U SUCCEEDED", "handOver Parallel SUCCEEDED + Z RUNNING", "set Z SUCCEEDED");
  }

  @Test
  @DisplayName("R5: a lease refused at the hand-over keeps the success; the next step is HELD_ELSEWHERE and the run waits")
  void refusedLeaseKeepsTheSuccess() {
    keeper.failWrites(s -> s.name().equals("Notified") && s.status() == StepStatus.RUNNING
        ? new StepHeldElsewhereException(s.name(), "worker-2", Duration.ofSeconds(42)) : null);
    StepsEngine engine = engineOn(recording, tracked("deploy", "Deployed"), tracked("notify", "Notified"),
        tracked("report", "Reported")).build();

    RunWaitingException e = catchThrowableOfType(RunWaitingException.class, engine::run);

    assertThat(e.waitFor()).isEqualTo(Duration.ofSeconds(42));
    RunReport report = e.report().orElseThrow();
    assertThat(report.outcome("deploy")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(report.outcome("notify")).isEqualTo(StepOutcome.HELD_ELSEWHERE);
    assertThat(report.outcome("report")).isEqualTo(StepOutcome.NOT_REACHED);
    assertThat(keeper.states().get("Deployed").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(keeper.states()).doesNotContainKey("Notified");
    assertThat(calls).containsExactly("deploy");
  }

  @Test
  @DisplayName("R5: with continueOnError, a step whose handed-over lease was refused lets the run go on")
  void refusedLeaseWithContinueOnError() {
    keeper.failWrites(s -> s.name().equals("Notified") && s.status() == StepStatus.RUNNING
        ? new StepHeldElsewhereException(s.name(), "worker-2", Duration.ofSeconds(42)) : null);

    RunReport report = engineOn(recording, tracked("deploy", "Deployed"),
        recording("notify").state("Notified").continueOnError().build(), tracked("report", "Reported")).build()
        .runAsReconcilerResponse().report();

    assertThat(report.outcome("notify")).isEqualTo(StepOutcome.HELD_ELSEWHERE);
    assertThat(report.outcome("report")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(calls).containsExactly("deploy", "report");
  }

  @Test
  @DisplayName("R8: a failed hand-over stops the run with StateKeeperException at the step that finished; the next is NOT_REACHED")
  void failedHandOver() {
    recording.handOver = (finished, running) -> {
      throw new IllegalStateException("database gone");
    };
    StepsEngine engine = engineOn(recording, tracked("deploy", "Deployed"), tracked("notify", "Notified")).build();

    StateKeeperException e = catchThrowableOfType(StateKeeperException.class, engine::run);

    assertThat(e).hasMessageContaining("'Deployed' (SUCCEEDED)").hasMessageContaining("'Notified'")
        .hasRootCauseMessage("database gone");
    RunReport report = e.report().orElseThrow();
    assertThat(report.outcome("deploy")).isEqualTo(StepOutcome.FAILED);
    assertThat(report.outcome("notify")).isEqualTo(StepOutcome.NOT_REACHED);
    assertThat(calls).containsExactly("deploy");
  }

  @Test
  @DisplayName("R9: a step that interrupts its thread gets no hand-over; its success is written and the run stops before the next")
  void interruptBeforeTheHandOver() {
    StepsEngine engine = engineOn(recording,
        SimpleStep.named("deploy").state("Deployed").run(ctx -> Thread.currentThread().interrupt()).build(),
        tracked("notify", "Notified")).build();

    RunCancelledException e = catchThrowableOfType(RunCancelledException.class, engine::run);
    boolean flag = Thread.interrupted();

    assertThat(flag).isTrue();
    assertThat(recording.writes).containsExactly("set Deployed RUNNING", "set Deployed SUCCEEDED");
    assertThat(e.report().orElseThrow().outcome("notify")).isEqualTo(StepOutcome.NOT_REACHED);
  }

  @Test
  @DisplayName("R9: past the run deadline at the hand-over: no hand-over, the next step is NOT_REACHED")
  void deadlineBeforeTheHandOver() {
    StepsEngine engine = engineOn(recording,
        SimpleStep.named("deploy").state("Deployed").run(ctx -> clock.advance(Duration.ofMinutes(2))).build(),
        tracked("notify", "Notified")).runTimeout(Duration.ofMinutes(1)).build();

    RunCancelledException e = catchThrowableOfType(RunCancelledException.class, engine::run);

    assertThat(recording.writes).containsExactly("set Deployed RUNNING", "set Deployed SUCCEEDED");
    assertThat(e.report().orElseThrow().outcome("notify")).isEqualTo(StepOutcome.NOT_REACHED);
  }

  @Test
  @DisplayName("R9: an interrupt arriving during the hand-over: the next step is NOT_REACHED, its lease goes back to PENDING")
  void interruptDuringTheHandOver() {
    recording.handOver = (finished, running) -> {
      keeper.setStepState(finished);
      keeper.setStepState(running);
      Thread.currentThread().interrupt(); // arrives once both are written
      return true;
    };
    StepsEngine engine = engineOn(recording, tracked("deploy", "Deployed"), tracked("notify", "Notified")).build();

    RunCancelledException e = catchThrowableOfType(RunCancelledException.class, engine::run);
    boolean flag = Thread.interrupted();

    assertThat(flag).as("the interrupt is the caller's again").isTrue();
    assertThat(calls).containsExactly("deploy");
    assertThat(e.report().orElseThrow().outcome("notify")).isEqualTo(StepOutcome.NOT_REACHED);
    assertThat(e.report().orElseThrow().step("notify").orElseThrow().attempts()).isZero();
    StepState notified = keeper.states().get("Notified");
    assertThat(notified.status()).isEqualTo(StepStatus.PENDING);
    assertThat(notified.reason()).isEqualTo(StepState.REASON_CANCELLED);
  }

  @Test
  @DisplayName("R5: a hand-over that wrote only the success (false) lets the next step write its own lease")
  void handOverOfTheSuccessOnly() {
    recording.handOver = (finished, running) -> {
      keeper.setStepState(finished);
      return false;
    };

    engineOn(recording, tracked("deploy", "Deployed"), tracked("notify", "Notified")).build().run();

    assertThat(recording.writes).containsExactly("set Deployed RUNNING",
        "handOver Deployed SUCCEEDED + Notified RUNNING", "set Notified RUNNING", "set Notified SUCCEEDED");
    assertThat(calls).containsExactly("deploy", "notify");
  }

  @Test
  @DisplayName("R6, R18: retried attempts and outputs go with the hand-over; the next step reads the outputs")
  void retriesAndOutputs() {
    keeper.withMaxOutputChars(100);
    int[] attempts = {0};
    AtomicReference<String> read = new AtomicReference<>();

    engineOn(recording,
        SimpleStep.named("charge").state("Charged").outputs("paymentId").retry(RetryPolicy.builder().maxAttempts(2)
            .initialBackoff(Duration.ofMillis(1)).build()).run(ctx -> {
              if (++attempts[0] == 1) {
                throw new IllegalStateException("flaky");
              }
              ctx.saveOutput("paymentId", "p-1");
            }).build(),
        SimpleStep.named("ship").state("Shipped").run(ctx -> read.set(ctx.output("Charged", "paymentId").orElseThrow()))
            .build()).build().run();

    assertThat(recording.writes).containsExactly("set Charged RUNNING",
        "handOver Charged SUCCEEDED + Shipped RUNNING", "set Shipped SUCCEEDED");
    assertThat(keeper.states().get("Charged").outputs()).containsEntry("paymentId", "p-1");
    assertThat(read).hasValue("p-1");
  }
}
