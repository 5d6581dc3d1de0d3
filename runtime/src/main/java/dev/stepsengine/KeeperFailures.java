package dev.stepsengine;

/**
 * Makes the exception for a failed keeper call (SEMANTICS R8): a {@link StateKeeperException},
 * or a {@link RunCancelledException} when the call failed because the thread was interrupted
 * (R7f: an interrupt during a keeper call is a cancellation, never a keeper failure). The one place
 * that builds either.
 */
final class KeeperFailures {
  private KeeperFailures() {}

  /**
   * Returns the failure of {@code what} (such as "reading state 'Deployed'") for the step at
   * {@code stepPath}; {@code stepFailure}, when not null, is attached as suppressed.
   */
  static StepsException of(String what, String stepPath, RuntimeException e, Throwable stepFailure) {
    StepsException failure;
    if (Thread.currentThread().isInterrupted() || Causes.isInterruption(e)) {
      Thread.currentThread().interrupt(); // restored, in case the keeper swallowed it (R7f)
      failure = new RunCancelledException("step '" + stepPath + "' was interrupted while " + what, e);
    } else {
      failure = new StateKeeperException(what + " of step '" + stepPath + "' failed: " + Causes.describe(e), e);
    }
    if (stepFailure != null && stepFailure != e) {
      failure.addSuppressed(stepFailure);
    }
    return failure;
  }

  /** Returns the failure of flushing {@code keeper}'s buffered changes before a run returns (K4). */
  static StateKeeperException ofFlush(RuntimeException e) {
    return new StateKeeperException("flushing step states failed: " + Causes.describe(e), e);
  }
}
