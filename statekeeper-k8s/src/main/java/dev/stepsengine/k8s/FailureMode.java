package dev.stepsengine.k8s;

/**
 * What a JOSDK reconcile does with a failed run (SEMANTICS K14); chosen in
 * {@link ReconcileControls}.
 */
public enum FailureMode {
  /**
   * The reconcile throws {@link ReconcileFailedException} after the keeper has written the status,
   * so JOSDK's own retry (its {@code GradualRetry} backoff and attempt limit), its
   * {@code updateErrorStatus} handler and its failure metrics apply.
   */
  JOSDK_RETRY,
  /**
   * The reconcile reschedules with a delay that doubles (by default) with each consecutive failure
   * of the resource, up to a cap, and starts again after a success. The count is read from the
   * object (the failing condition's {@code lastTransitionTime}), so it survives an operator restart.
   * A {@code RetryableException} whose {@code retryAfter} is longer than the backoff sets the delay.
   */
  BACKOFF,
  /**
   * The reconcile reschedules after the run's own delay ({@link dev.stepsengine.ReconcilePolicy}:
   * 10 s after any failure by default), as the Go engine does.
   */
  FIXED_DELAYS
}
