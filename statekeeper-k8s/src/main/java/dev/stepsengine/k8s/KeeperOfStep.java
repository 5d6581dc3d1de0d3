package dev.stepsengine.k8s;

import dev.stepsengine.StateKeeper;
import dev.stepsengine.StepContext;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * Finds the conditions keeper a running step is tracked by, for
 * {@link ConditionsStateKeeper#from(StepContext, Class)} (K11): through a keeper that holds its
 * writes, and checked against the resource type the step expects. Stateless.
 */
final class KeeperOfStep {
  private KeeperOfStep() {}

  /**
   * Returns the keeper of the step running in {@code ctx}, typed by its resource.
   *
   * @throws IllegalStateException the step has no keeper, its keeper is no conditions keeper, or
   *     it tracks another kind of object
   */
  static <R extends HasMetadata> ConditionsStateKeeper<R> of(StepContext ctx, Class<R> type) {
    Objects.requireNonNull(ctx, "ctx");
    Objects.requireNonNull(type, "type");
    StateKeeper keeper = ctx.stateKeeper().orElseThrow(() -> new IllegalStateException("step '" + ctx.stepName()
        + "' runs without a state keeper; run the engine with reconcileWith(ConditionsStateKeeper.of(client, resource))"));
    if (keeper instanceof HeldWriteKeeper held) {
      keeper = held.wrapped();
    }
    if (!(keeper instanceof ConditionsStateKeeper<?> conditions)) {
      throw new IllegalStateException("step '" + ctx.stepName() + "' is tracked by " + keeper.getClass().getName()
          + " (" + keeper.getSummary() + "), not by a ConditionsStateKeeper");
    }
    if (!type.isInstance(conditions.resource())) {
      throw new IllegalStateException("step '" + ctx.stepName() + "' is tracked by the keeper of "
          + conditions.getSummary() + ", a " + conditions.resource().getClass().getName() + ", not a " + type.getName());
    }
    @SuppressWarnings("unchecked") // the resource's class was checked just above
    ConditionsStateKeeper<R> typed = (ConditionsStateKeeper<R>) conditions;
    return typed;
  }
}
