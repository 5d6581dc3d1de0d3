package dev.stepsengine.example.operator;

import dev.stepsengine.ReconcilePolicy;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.k8s.ConditionsStateKeeper;
import dev.stepsengine.k8s.JosdkKeepers;
import dev.stepsengine.k8s.UpdateControls;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Objects;

/**
 * Reconciles a {@link Database} by running the generated pipeline of {@link DatabaseSteps} through
 * the steps engine. The conditions keeper writes the status (at most one write per reconcile), so
 * the reconciler never asks JOSDK to patch it; the engine's result decides when to reconcile again.
 */
// snippet:reconciler:start
@ControllerConfiguration(name = "database")
public class DatabaseReconciler implements Reconciler<Database> {
  private final DatabaseBackend backend;
  private final ReconcilePolicy policy;

  /** Creates a reconciler that drives {@code backend}, with the default requeue delays. */
  public DatabaseReconciler(DatabaseBackend backend) {
    this(backend, ReconcilePolicy.defaults());
  }

  /** Creates a reconciler that drives {@code backend} and requeues as {@code policy} says. */
  public DatabaseReconciler(DatabaseBackend backend, ReconcilePolicy policy) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  @Override
  public UpdateControl<Database> reconcile(Database database, Context<Database> context) {
    // writes go through JOSDK's cache, so the next reconcile sees them (K12)
    return run(database, JosdkKeepers.builder(context, database).build());
  }

  /** Runs the pipeline once for {@code database}, written through {@code client}, and says when to run it again. */
  public UpdateControl<Database> reconcile(Database database, KubernetesClient client) {
    return run(database, ConditionsStateKeeper.of(client, database));
  }

  private UpdateControl<Database> run(Database database, ConditionsStateKeeper<Database> keeper) {
    StepsEngine engine = StepsEngine.builder()
        .stateKeeper(keeper)
        .throttler(keeper.throttler())
        .reconcilePolicy(policy)
        .steps(DatabaseStepsPipeline.steps(new DatabaseSteps(database, backend, keeper)))
        .build();
    return UpdateControls.of(engine.runAsReconcilerResponse());
  }
}
// snippet:reconciler:end
