package dev.stepsengine.k8s;

import dev.stepsengine.ReconcileResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * The JOSDK adapter (SEMANTICS K8): turns the result of
 * {@link dev.stepsengine.StepsEngine#runAsReconcilerResponse()} into the {@link UpdateControl} a
 * {@code Reconciler} returns.
 *
 * <pre>{@code
 * public UpdateControl<Database> reconcile(Database db, Context<Database> context) {
 *   ConditionsStateKeeper<Database> keeper = ConditionsStateKeeper.of(context.getClient(), db);
 *   return UpdateControls.of(engineFor(db, keeper).runAsReconcilerResponse());
 * }
 * }</pre>
 *
 * <p>Needs {@code io.javaoperatorsdk:operator-framework-core} on the class path (an optional
 * dependency of this module).
 */
public final class UpdateControls {
  private UpdateControls() {}

  /**
   * Returns a control that reschedules after the result's requeue delay, or does not reschedule
   * when the result has none. It never asks JOSDK to patch: the {@link ConditionsStateKeeper}
   * already wrote the status during the run, and a second status write would be wasted (or, with a
   * stale object, undo the keeper's write).
   *
   * @param <P> the primary resource type
   * @param result the result
   * @return a control that reschedules after the result's requeue delay, or does not reschedule when the result has none
   */
  public static <P extends HasMetadata> UpdateControl<P> of(ReconcileResult result) {
    UpdateControl<P> control = UpdateControl.noUpdate();
    result.requeueAfter().ifPresent(control::rescheduleAfter);
    return control;
  }
}
