package dev.stepsengine;

import java.time.Duration;

/**
 * An attempt of a step ran longer than the step's timeout (SEMANTICS R16): the engine interrupted
 * it, and the attempt failed with this exception whatever the step did afterwards. A failure under
 * R7d, retried when the step's retry policy allows it.
 */
public class StepTimeoutException extends StepsException {
  /** The step's name. */
  private final String stepName;
  /** The step's timeout. */
  private final Duration timeout;

  /**
   * Creates the exception.
   *
   * @param stepName the step whose attempt timed out
   * @param timeout the timeout that passed
   */
  public StepTimeoutException(String stepName, Duration timeout) {
    super("step '" + stepName + "' timed out after " + timeout);
    this.stepName = stepName;
    this.timeout = timeout;
  }

  /**
   * Returns the step whose attempt timed out.
   *
   * @return the step name
   */
  public String stepName() {
    return stepName;
  }

  /**
   * Returns the timeout that passed.
   *
   * @return the step's timeout per attempt
   */
  public Duration timeout() {
    return timeout;
  }
}
