package dev.stepsengine;

/**
 * Called after a step failed and its {@code FAILED} state was written (SEMANTICS R7d). An exception
 * it throws is logged and added as suppressed to the step's failure, never lost.
 */
@FunctionalInterface
public interface FailureHandler {
  /** Handles the failure {@code failure} of step {@code stepName}. */
  void onFailure(StepContext ctx, String stepName, Exception failure) throws Exception;
}
