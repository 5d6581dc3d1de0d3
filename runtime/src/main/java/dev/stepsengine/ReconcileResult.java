package dev.stepsengine;

import java.time.Duration;
import java.util.Optional;

/**
 * The result of {@link StepsEngine#runAsReconcilerResponse()}: when to run again, how the run
 * ended, its report and the exception that stopped it (SEMANTICS R13).
 *
 * @param requeueAfter when to reconcile again; empty = no requeue
 * @param result how the run ended
 * @param report the run report
 */
public record ReconcileResult(Optional<Duration> requeueAfter, RunResult result, RunReport report) {

  /**
   * Returns the exception that stopped the run, when one did.
   *
   * @return the exception that stopped the run, when one did
   */
  public Optional<StepsException> error() {
    return report.error();
  }

  /**
   * Returns whether the run ended successfully.
   *
   * @return whether the run ended successfully
   */
  public boolean isSuccess() {
    return result == RunResult.SUCCEEDED;
  }
}
