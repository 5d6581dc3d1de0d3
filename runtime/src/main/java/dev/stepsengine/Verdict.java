package dev.stepsengine;

/** How the result of a step's last attempt is settled (SEMANTICS R7): the one classification of outcomes. */
enum Verdict {
  /** R7a. */
  SUCCEEDED,
  /** R7b: an {@link ExpectedException} in the chain. */
  EXPECTED,
  /** R7c: a {@link WaitException} (or a nested step's {@link RunWaitingException}) in the chain. */
  WAIT,
  /** R7d: anything else, a {@link StepTimeoutException} included. */
  FAILED,
  /** R7f, R9: an interruption or a passed deadline. */
  CANCELLED,
  /** R3: a nested step aborted the run. */
  ABORTED,
  /** R8: a keeper failed, here or in a nested step. */
  KEEPER_FAILED;

  /** Classifies the failure of an attempt ({@code null} = success). */
  static Verdict of(Throwable failure) {
    if (failure == null) {
      return SUCCEEDED;
    } else if (failure instanceof StateKeeperException) {
      return KEEPER_FAILED;
    } else if (failure instanceof RunCancelledException) {
      return CANCELLED;
    } else if (failure instanceof AbortedByPredicateException) {
      return ABORTED;
    } else if (failure instanceof StepFailedException || failure instanceof StepTimeoutException
        || failure instanceof ParallelStepsException) {
      // settled already: a nested step's failure, whatever its cause holds; a timeout interrupts on
      // purpose; a parallel group settled its children's kinds itself
      return FAILED;
    } else if (Causes.isInterruption(failure) || Thread.currentThread().isInterrupted()) {
      return CANCELLED;
    }
    Throwable steering = Causes.firstOf(failure, ExpectedException.class, WaitException.class, RunWaitingException.class);
    return steering == null ? FAILED : steering instanceof ExpectedException ? EXPECTED : WAIT;
  }
}
