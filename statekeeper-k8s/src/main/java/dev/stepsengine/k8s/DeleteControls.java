package dev.stepsengine.k8s;

import dev.stepsengine.ReconcileResult;
import dev.stepsengine.StateKeeper;
import dev.stepsengine.StepsEngine;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.util.Objects;
import java.util.function.Function;

/**
 * The JOSDK adapter for deletion pipelines (SEMANTICS K14): turns the run of a pipeline started
 * from {@code Cleaner.cleanup} into the {@link DeleteControl} it returns. The finalizer is removed
 * only when the run succeeded; a failure or a wait keeps it and reschedules after the run's delay.
 * {@link ReconcileControls#cleanup} does the same with its failure mode.
 *
 * <pre>{@code
 * public DeleteControl cleanup(Database db, Context<Database> context) {
 *   ConditionsStateKeeper<Database> keeper = ConditionsStateKeeper.of(context.getClient(), db);
 *   return DeleteControls.run(keeper, k -> StepsEngine.builder().stateKeeper(k)
 *       .steps(DatabaseCleanupStepsPipeline.steps(new DatabaseCleanupSteps(db, backend))).build());
 * }
 * }</pre>
 */
public final class DeleteControls {
  private DeleteControls() {}

  /**
   * Returns the control for a deletion run: remove the finalizer after a success; otherwise keep
   * it and reschedule after the run's requeue delay.
   *
   * @param result the deletion run, from {@code runAsReconcilerResponse()}
   * @return the delete control
   */
  public static DeleteControl of(ReconcileResult result) {
    Objects.requireNonNull(result, "result");
    if (result.isSuccess()) {
      return DeleteControl.defaultDelete();
    }
    DeleteControl keep = DeleteControl.noFinalizerRemoval();
    result.requeueAfter().ifPresent(keep::rescheduleAfter);
    return keep;
  }

  /**
   * Runs a deletion pipeline over {@code keeper} and returns {@link #of its control}. The keeper's
   * status write is held back until the outcome is known: a run that succeeds writes no status
   * (the object goes away when JOSDK removes the finalizer, which is then the only write), any
   * other run writes its conditions before this returns, so a terminating object shows why it is
   * still there.
   *
   * @param keeper the keeper over the object being deleted
   * @param engine builds the deletion engine (given the keeper it runs over; the run uses that
   *     keeper whatever keeper the engine was built with)
   * @return the delete control
   * @throws IllegalArgumentException a step declares outputs the keeper cannot store (R18); nothing ran
   */
  public static DeleteControl run(ConditionsStateKeeper<?> keeper, Function<? super StateKeeper, StepsEngine> engine) {
    return of(runHoldingWrite(keeper, engine));
  }

  /**
   * Runs a deletion engine built once (for every object) over {@code keeper}, with
   * {@link StepsEngine#reconcileWith}, and returns {@link #of its control}; the status write is held
   * back as in {@link #run(ConditionsStateKeeper, Function)}.
   *
   * @param keeper the keeper over the object being deleted
   * @param engine the deletion engine; its own keeper, if it has one, is not used
   * @return the delete control
   * @throws NullPointerException {@code keeper} or {@code engine} is null
   * @throws IllegalArgumentException a step declares outputs the keeper cannot store (R18); nothing ran
   */
  public static DeleteControl run(ConditionsStateKeeper<?> keeper, StepsEngine engine) {
    Objects.requireNonNull(engine, "engine");
    return of(runHoldingWrite(keeper, k -> engine));
  }

  /**
   * Runs the engine over a keeper whose write waits for the outcome, then writes unless it
   * succeeded. The engine runs over the held keeper whatever keeper it was built with.
   */
  static ReconcileResult runHoldingWrite(ConditionsStateKeeper<?> keeper, Function<? super StateKeeper, StepsEngine> engine) {
    Objects.requireNonNull(keeper, "keeper");
    Objects.requireNonNull(engine, "engine");
    HeldWriteKeeper held = new HeldWriteKeeper(keeper);
    StepsEngine built = Objects.requireNonNull(engine.apply(held), "the engine the function built");
    ReconcileResult result = null;
    try {
      result = built.reconcileWith(held);
      return result;
    } finally {
      if (result == null) {
        keeper.flush(); // the run threw: write what it changed
      } else if (!result.isSuccess()) {
        keeper.flush(result.report()); // with the run's outcome, so the summary (K10) says how it ended
      }
    }
  }
}
