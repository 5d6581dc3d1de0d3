package dev.stepsengine;

/** How a whole run ended. */
public enum RunResult {
  /** Every reached step succeeded, was skipped, or failed with {@code continueOnError}. */
  SUCCEEDED,
  /** A step asked to wait (or its lease is held elsewhere) and the run stopped. */
  WAITING,
  /** A predicate aborted the run. */
  ABORTED,
  /** A step failed (or a keeper failed) and the run stopped. */
  FAILED,
  /** The run was interrupted or passed its deadline. */
  CANCELLED
}
