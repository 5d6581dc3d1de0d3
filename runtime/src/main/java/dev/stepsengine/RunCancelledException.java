package dev.stepsengine;

/**
 * The run was cancelled: its thread was interrupted or its deadline passed (SEMANTICS R7f, R9).
 * The thread's interrupt flag is left set when an interrupt caused it.
 */
public class RunCancelledException extends StepsException {
  /**
   * Creates the exception with a message and an optional cause.
   *
   * @param message the detail message
   * @param cause the exception that caused this one
   */
  public RunCancelledException(String message, Throwable cause) {
    super(message, cause);
  }
}
