package dev.stepsengine;

/** The stored status of one step's state, as a {@link StateKeeper} records it. */
public enum StepStatus {
  /** Never run, or waiting to run again (unknown states read back as pending). */
  PENDING,
  /** Running now; only written when the keeper {@link StateKeeper#supportsRunningState() supports it}. */
  RUNNING,
  /** Completed successfully; a re-run skips the step (SEMANTICS R2). */
  SUCCEEDED,
  /** The last attempt failed. */
  FAILED
}
