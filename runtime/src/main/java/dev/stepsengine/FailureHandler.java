package dev.stepsengine;

/**
 * Called after a step failed and its {@code FAILED} state was written (SEMANTICS R7d). An exception
 * it throws is logged and added as suppressed to the step's failure, never lost.
 */
@FunctionalInterface
public interface FailureHandler {
  /**
   * Handles the failure {@code failure} of step {@code stepName}.
   *
   * @param ctx the step's context
   * @param stepName the step's name
   * @param failure the exception the step threw
   * @throws Exception when the step fails
   */
  void onFailure(StepContext ctx, String stepName, Exception failure) throws Exception;
}
