package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepsengine.testing.ForwardingStateKeeper;
import dev.stepsengine.testing.InMemoryStateKeeper;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Review of the hand-over (commit 33d5d0b): what a user sees must be the same as with the two
 * writes it replaces (SEMANTICS R5, R7a, R8, R9, R15; the {@link StateKeeper#handOver} contract).
 */
class HandOverReviewTest extends EngineTestSupport {

  private static final Function<StepState, RuntimeException> LEASE_WRITE_FAILS =
      s -> s.name().equals("Notified") && s.status() == StepStatus.RUNNING
          ? new IllegalStateException("quota exceeded") : null;

  /** Runs deploy → notify where notify's lease write fails; {@code handOvers}: over a keeper that takes hand-overs with the default handOver. */
  private StateKeeperException runFailing(boolean handOvers) {
    InMemoryStateKeeper k = new InMemoryStateKeeper("test-object").withRunningState(true);
    k.failWrites(LEASE_WRITE_FAILS);
    StateKeeper keeper = new ForwardingStateKeeper(k) {
      @Override
      public boolean supportsHandOver() {
        return handOvers; // handOver itself is the interface's default
      }
    };
    StepsEngine engine = deployThenNotify(keeper).build();
    StateKeeperException e = catchThrowableOfType(StateKeeperException.class, engine::run);
    assertThat(k.states().get("Deployed").status()).as("the success is stored either way")
        .isEqualTo(StepStatus.SUCCEEDED);
    return e;
  }

  @Test
  @DisplayName("R8, R15: a keeper with the default handOver whose lease write fails: the report says the step whose"
      + " success was stored SUCCEEDED and the next FAILED writing its RUNNING state, as with two writes")
  void defaultHandOverLeaseFailureIsReportedLikeTwoWrites() {
    StateKeeperException twoWrites = runFailing(false);
    StateKeeperException handedOver = runFailing(true);

    RunReport expected = twoWrites.report().orElseThrow();
    RunReport actual = handedOver.report().orElseThrow();
    assertThat(expected.outcome("deploy")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(expected.outcome("notify")).isEqualTo(StepOutcome.FAILED);
    // the default handOver stored Deployed's success and then failed: it did not "fail as a whole"
    assertThat(actual.outcome("deploy")).as("deploy's success is stored").isEqualTo(expected.outcome("deploy"));
    assertThat(actual.outcome("notify")).isEqualTo(expected.outcome("notify"));
    assertThat(handedOver).hasMessage(twoWrites.getMessage());
  }

  @Test
  @DisplayName("R8: a keeper whose hand-over is one write (in-memory with hand-overs) and fails: neither state is"
      + " stored, the run stops with StateKeeperException at the step that finished")
  void atomicHandOverFailureStoresNeither() {
    InMemoryStateKeeper k = new InMemoryStateKeeper("test-object").withRunningState(true).withHandOvers(true);
    k.failWrites(LEASE_WRITE_FAILS);
    StepsEngine engine = deployThenNotify(k).build();

    StateKeeperException e = catchThrowableOfType(StateKeeperException.class, engine::run);

    assertThat(k.states().get("Deployed").status()).as("still the lease").isEqualTo(StepStatus.RUNNING);
    assertThat(k.states()).doesNotContainKey("Notified");
    assertThat(e.report().orElseThrow().outcome("deploy")).isEqualTo(StepOutcome.FAILED);
    assertThat(e.report().orElseThrow().outcome("notify")).isEqualTo(StepOutcome.NOT_REACHED);
  }

  @Test
  @DisplayName("R9, R15: an interrupt arriving during the hand-over: the next step ran no attempt, so its report"
      + " says 0 attempts (it never started its body)")
  void lateInterruptRecordsNoAttempt() {
    InMemoryStateKeeper k = keeper.withRunningState(true).withHandOvers(true);
    ForwardingStateKeeper interrupting = new ForwardingStateKeeper(k) {
      @Override
      public boolean supportsHandOver() {
        return true;
      }

      @Override
      public boolean handOver(StepState finished, StepState running) {
        boolean both = k.handOver(finished, running);
        Thread.currentThread().interrupt(); // arrives once both are written
        return both;
      }
    };
    StepsEngine engine = deployThenNotify(interrupting).build();

    RunCancelledException e = catchThrowableOfType(RunCancelledException.class, engine::run);
    Thread.interrupted();

    assertThat(calls).containsExactly("deploy");
    StepReport notify = e.report().orElseThrow().step("notify").orElseThrow();
    assertThat(notify.attempts()).as("notify's body never ran: %s", notify).isZero();
  }

  private RunReport pastDeadlineAfterDeploy(boolean handOvers) {
    InMemoryStateKeeper k = new InMemoryStateKeeper("test-object").withRunningState(true).withHandOvers(handOvers);
    StepsEngine engine = deadlinePassingAfterDeploy(k).build(); // past the deadline between the steps
    RunCancelledException e = catchThrowableOfType(RunCancelledException.class, engine::run);
    assertThat(e).as("the run stops past its deadline").isNotNull();
    assertThat(k.states().get("Deployed").status()).isEqualTo(StepStatus.SUCCEEDED);
    StepState notified = k.states().get("Notified");
    if (notified != null) { // its lease came with deploy's success: it goes back, no worker waits for it
      assertThat(notified.status()).as("R9: no lease left for a step not reached").isEqualTo(StepStatus.PENDING);
      assertThat(notified.reason()).isEqualTo(StepState.REASON_CANCELLED);
    }
    return e.report().orElseThrow();
  }

  @Test
  @DisplayName("R9: the deadline passes between two steps (in a listener's stepFinished): the next step is NOT_REACHED"
      + " and holds no lease, with a hand-over as with two writes")
  void deadlinePassingBetweenStepsLeavesTheNextNotReached() {
    RunReport twoWrites = pastDeadlineAfterDeploy(false);
    assertThat(twoWrites.outcome("notify")).isEqualTo(StepOutcome.NOT_REACHED);

    RunReport handedOver = pastDeadlineAfterDeploy(true);
    assertThat(handedOver.outcome("notify")).isEqualTo(StepOutcome.NOT_REACHED);
  }
}
