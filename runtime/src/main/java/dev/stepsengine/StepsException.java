package dev.stepsengine;

import java.util.Optional;

/**
 * Base of every exception of the engine. Unchecked; every subclass keeps its cause, so callers
 * and the reconcile mapping can walk the chain. When the engine stops a run with one of these, the
 * run's {@link RunReport} is attached ({@link #report()}).
 */
public class StepsException extends RuntimeException {
  private transient volatile RunReport report;

  /**
   * Creates an exception with a message and an optional cause.
   *
   * @param message the detail message
   * @param cause the exception that caused this one
   */
  public StepsException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates an exception with a message.
   *
   * @param message the detail message
   */
  public StepsException(String message) {
    super(message);
  }

  /**
   * Returns the report of the run this exception stopped, when the engine attached one (SEMANTICS R15).
   *
   * @return the report of the run this exception stopped, when the engine attached one (SEMANTICS R15)
   */
  public Optional<RunReport> report() {
    return Optional.ofNullable(report);
  }

  void attachReport(RunReport report) {
    if (this.report == null) {
      this.report = report;
    }
  }
}
