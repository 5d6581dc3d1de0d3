package dev.stepsengine;

/** What happened to one step in one run (SEMANTICS "Outcomes"). */
public enum StepOutcome {
  /** The step ran and succeeded. */
  SUCCEEDED,
  /** The step was not run: its stored state is succeeded (R2). */
  SKIPPED_ALREADY_SUCCEEDED,
  /** The step was not run: a predicate was false (R3). */
  SKIPPED_PREDICATE,
  /** The step was not run: it ran less than its throttle interval ago (R4). */
  THROTTLED,
  /** The step threw an {@link ExpectedException} (R7b). */
  EXPECTED_ERROR,
  /** The step failed and the run went on, as {@code continueOnError} asks (R7d). */
  FAILED_CONTINUED,
  /** The step failed and the run stopped (R7d). */
  FAILED,
  /** The step asked to wait (R7c). */
  WAITING,
  /** A predicate of the step was false and the step aborts the run on that (R3). */
  ABORTED_BY_PREDICATE,
  /** A keeper lease says another worker runs the step (R5). */
  HELD_ELSEWHERE,
  /** The step was interrupted (R7f). */
  CANCELLED,
  /** The run stopped before it reached the step. */
  NOT_REACHED;

  /**
   * Returns whether the step's action (or children) actually ran in this run.
   *
   * @return whether the step's action (or children) actually ran in this run
   */
  public boolean ran() {
    return switch (this) {
      case SUCCEEDED, EXPECTED_ERROR, FAILED_CONTINUED, FAILED, WAITING, CANCELLED -> true;
      case SKIPPED_ALREADY_SUCCEEDED, SKIPPED_PREDICATE, THROTTLED, ABORTED_BY_PREDICATE, HELD_ELSEWHERE,
          NOT_REACHED -> false;
    };
  }
}
