package dev.stepsengine.k8s;

import dev.stepsengine.ReconcileResult;
import java.util.Objects;

/**
 * Thrown from a JOSDK reconcile in {@link FailureMode#JOSDK_RETRY} after the run failed and the
 * keeper wrote its status, so JOSDK retries the resource, calls {@code updateErrorStatus} and
 * counts the failure (SEMANTICS K14). Its cause is the exception that stopped the run.
 */
public final class ReconcileFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The run, kept out of serialization: a report holds the steps' exceptions. */
  private final transient ReconcileResult result;

  /**
   * Creates the exception for a failed run.
   *
   * @param result the failed run; its error becomes the cause
   */
  public ReconcileFailedException(ReconcileResult result) {
    super(message(Objects.requireNonNull(result, "result")), result.error().orElse(null));
    this.result = result;
  }

  /**
   * Returns the failed run.
   *
   * @return the run's result and report
   */
  public ReconcileResult result() {
    return result;
  }

  private static String message(ReconcileResult result) {
    return "steps run " + result.result() + result.error().map(e -> ": " + e.getMessage()).orElse("");
  }
}
