package dev.stepsengine;

import java.time.Duration;

/**
 * The run stopped to wait (SEMANTICS R7c): a step threw {@link WaitException}, another worker holds
 * its lease, or a retry asked for a delay longer than the retry policy sleeps. The cause is what
 * the step threw.
 */
public class RunWaitingException extends StepsException {
  /** The step's name. */
  private final String stepName;
  /** How long the run waits before it runs again. */
  private final Duration waitFor;

  /**
   * Creates the exception for {@code stepName}, which asks to be run again after {@code waitFor}.
   *
   * @param stepName the step's name
   * @param waitFor how long the run waits before it runs again
   * @param cause the exception that caused this one
   */
  public RunWaitingException(String stepName, Duration waitFor, Throwable cause) {
    super("step '" + stepName + "' is waiting " + waitFor + ": " + StepFailedException.describe(cause), cause);
    this.stepName = stepName;
    this.waitFor = waitFor;
  }

  /**
   * Returns the name of the waiting step.
   *
   * @return the name of the waiting step
   */
  public String stepName() {
    return stepName;
  }

  /**
   * Returns how long to wait before running again.
   *
   * @return how long to wait before running again
   */
  public Duration waitFor() {
    return waitFor;
  }
}
