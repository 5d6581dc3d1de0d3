package dev.stepsengine.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * Keepers for a JOSDK reconciler (SEMANTICS K12): every write of the keeper goes through JOSDK's
 * update-and-cache utilities ({@code ResourceOperations.resourcePatch} on the controller's event
 * source), so the object the next reconcile is handed holds the keeper's write even when the
 * informer has not seen it yet, and the keeper's own write does not trigger a reconcile of its own.
 *
 * <pre>{@code
 * public UpdateControl<Database> reconcile(Database db, Context<Database> context) {
 *   ConditionsStateKeeper<Database> keeper = JosdkKeepers.builder(context).build();
 *   return UpdateControls.of(engineFor(db, keeper).runAsReconcilerResponse());
 * }
 * }</pre>
 *
 * <p>Needs {@code io.javaoperatorsdk:operator-framework-core} on the class path (an optional
 * dependency of this module).
 */
public final class JosdkKeepers {
  private JosdkKeepers() {}

  /**
   * Starts a keeper builder over the reconcile's primary resource, written through the context's
   * client and JOSDK's cache.
   *
   * @param context the reconcile's context
   * @param <R> the primary resource type
   * @return the builder
   */
  public static <R extends HasMetadata> ConditionsStateKeeper.Builder<R> builder(Context<R> context) {
    return builder(context, context.getPrimaryResource());
  }

  /**
   * Starts a keeper builder over {@code primary}, written through the context's client and JOSDK's cache.
   *
   * @param context the reconcile's context
   * @param primary the primary resource as the reconciler was handed it
   * @param <R> the primary resource type
   * @return the builder
   */
  public static <R extends HasMetadata> ConditionsStateKeeper.Builder<R> builder(Context<R> context, R primary) {
    return ConditionsStateKeeper.builder(context.getClient(), primary)
        .sender((current, write) -> context.resourceOperations().resourcePatch(current, r -> write.get(),
            context.eventSourceRetriever().getControllerEventSource()));
  }
}
