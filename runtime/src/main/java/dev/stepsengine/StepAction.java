package dev.stepsengine;

/** What a {@link SimpleStep} does. Throw to fail; see {@link ExpectedException}, {@link WaitException} and {@link RetryableException} to steer the engine. */
@FunctionalInterface
public interface StepAction {
  /** Runs the step. */
  void run(StepContext ctx) throws Exception;
}
