package dev.stepsengine.example.operator;

import dev.stepsengine.ReconcilePolicy;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.k8s.ConditionsStateKeeper;
import dev.stepsengine.k8s.FailureMode;
import dev.stepsengine.k8s.JosdkKeepers;
import dev.stepsengine.k8s.ReconcileControls;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Objects;

/**
 * Reconciles a {@link Database} by running the generated pipeline of {@link DatabaseSteps} through
 * the steps engine, and deletes it by running {@link DatabaseCleanupSteps} from JOSDK's
 * {@link Cleaner} (JOSDK then keeps a finalizer on every Database). The conditions keeper writes the
 * status (at most one write per reconcile), so the reconciler never asks JOSDK to patch it;
 * {@link ReconcileControls} decides when to reconcile again (SEMANTICS K14).
 */
// snippet:reconciler:start
@ControllerConfiguration(name = "database")
public class DatabaseReconciler implements Reconciler<Database>, Cleaner<Database> {
  private final DatabaseBackend backend;
  private final ReconcilePolicy policy;
  private final ReconcileControls controls;

  /** Creates a reconciler that drives {@code backend}, with the Go engine's fixed requeue delays. */
  public DatabaseReconciler(DatabaseBackend backend) {
    this(backend, ReconcilePolicy.defaults());
  }

  /** Creates a reconciler that drives {@code backend} and requeues after the fixed delays of {@code policy}. */
  public DatabaseReconciler(DatabaseBackend backend, ReconcilePolicy policy) {
    this(backend, policy, ReconcileControls.builder().failureMode(FailureMode.FIXED_DELAYS).build());
  }

  /**
   * Creates a reconciler that drives {@code backend}; waits and aborts requeue as {@code policy}
   * says, successes and failures as {@code controls} says.
   */
  public DatabaseReconciler(DatabaseBackend backend, ReconcilePolicy policy, ReconcileControls controls) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.controls = Objects.requireNonNull(controls, "controls");
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
        .reconcilePolicy(policy)
        .steps(DatabaseStepsPipeline.steps(new DatabaseSteps(database, backend, keeper)))
        .build();
    return controls.update(engine.runAsReconcilerResponse(), keeper);
  }

  @Override
  public ErrorStatusUpdateControl<Database> updateErrorStatus(Database database, Context<Database> context,
      Exception e) {
    return controls.errorStatus(e); // the keeper already wrote the failed condition
  }

  @Override
  public DeleteControl cleanup(Database database, Context<Database> context) {
    ConditionsStateKeeper<Database> keeper = ConditionsStateKeeper.of(context.getClient(), database);
    return controls.cleanup(keeper, k -> StepsEngine.builder()
        .stateKeeper(k)
        .reconcilePolicy(policy)
        .steps(DatabaseCleanupStepsPipeline.steps(new DatabaseCleanupSteps(database, backend)))
        .build());
  }
}
// snippet:reconciler:end
