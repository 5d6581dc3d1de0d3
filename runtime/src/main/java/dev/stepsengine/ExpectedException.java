package dev.stepsengine;

/**
 * Thrown by a step (or found anywhere in its exception's cause chain) to say the error is expected:
 * no failure state, no onFail, the run goes on (SEMANTICS R7b).
 */
public class ExpectedException extends StepsException {
  /**
   * Creates an expected error with a message.
   *
   * @param message the detail message
   */
  public ExpectedException(String message) {
    super(message);
  }

  /**
   * Creates an expected error with a message and a cause.
   *
   * @param message the detail message
   * @param cause the exception that caused this one
   */
  public ExpectedException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Marks {@code cause} as expected; the message is the cause's.
   *
   * @param cause the exception that caused this one
   * @return the exception, to throw
   */
  public static ExpectedException of(Throwable cause) {
    return new ExpectedException(StepFailedException.describe(java.util.Objects.requireNonNull(cause, "cause")), cause);
  }
}
