package dev.stepsengine;

/**
 * A state keeper failed to read or write, and the run stopped (SEMANTICS R2, R8). Keeper failures
 * are never swallowed; when the step itself had failed too, its exception is attached as suppressed.
 */
public class StateKeeperException extends StepsException {
  /**
   * Creates the exception with a message and the keeper's failure as the cause.
   *
   * @param message the detail message
   * @param cause the exception that caused this one
   */
  public StateKeeperException(String message, Throwable cause) {
    super(message, cause);
  }
}
