package dev.stepsengine;

import java.time.Duration;

/**
 * The run stopped to wait (SEMANTICS R7c): a step threw {@link WaitException}, another worker holds
 * its lease, or a retry asked for a delay longer than the retry policy sleeps. The cause is what
 * the step threw.
 */
public class RunWaitingException extends StepsException {
  private final String stepName;
  private final Duration waitFor;

  /** Creates the exception for {@code stepName}, which asks to be run again after {@code waitFor}. */
  public RunWaitingException(String stepName, Duration waitFor, Throwable cause) {
    super("step '" + stepName + "' is waiting " + waitFor + ": " + StepFailedException.describe(cause), cause);
    this.stepName = stepName;
    this.waitFor = waitFor;
  }

  /** Returns the name of the waiting step. */
  public String stepName() {
    return stepName;
  }

  /** Returns how long to wait before running again. */
  public Duration waitFor() {
    return waitFor;
  }
}
