package dev.stepsengine;

/** What a {@link SimpleStep} does. Throw to fail; see {@link ExpectedException}, {@link WaitException} and {@link RetryableException} to steer the engine. */
@FunctionalInterface
public interface StepAction {
  /**
   * Runs the step.
   *
   * @param ctx the step's context
   * @throws Exception when the step fails
   */
  void run(StepContext ctx) throws Exception;
}
