package test;

import dev.stepsengine.DynamicStep;
import dev.stepsengine.FailureHandler;
import dev.stepsengine.GroupedSteps;
import dev.stepsengine.ParallelSteps;
import dev.stepsengine.PipelineStep;
import dev.stepsengine.RetryPolicy;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.State;
import dev.stepsengine.StepAction;
import dev.stepsengine.StepContext;
import dev.stepsengine.StepPredicate;
import dev.stepsengine.StepSupplier;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.throttling.Throttle;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.annotation.processing.Generated;

/**
 * The steps of {@link EveryFeatureSteps}, generated from its {@code @Step} methods; do not edit.
 */
@Generated(
    value = "dev.stepsengine.processor.StepsProcessor",
    comments = "from test.EveryFeatureSteps"
)
public final class EveryFeatureStepsPipeline {
  /**
   * State name of step {@code validateSpec}.
   */
  public static final String SPEC_VALID = "SpecValid";

  /**
   * State name of step {@code deploy}.
   */
  public static final String DEPLOYED = "Deployed";

  /**
   * State name of step {@code refresh-metrics}.
   */
  public static final String EXAMPLE_COM_METRICS_FRESH = "example.com/MetricsFresh";

  /**
   * State name of step {@code batch1}.
   */
  public static final String BATCH1 = "Batch1";

  /**
   * State name of step {@code batch2}.
   */
  public static final String BATCH2 = "Batch2";

  /**
   * State name of step {@code database}.
   */
  public static final String DATABASE_READY = "DatabaseReady";

  /**
   * State name of step {@code migrations}.
   */
  public static final String MIGRATED = "Migrated";

  /**
   * Name of step {@code validateSpec}.
   */
  public static final String STEP_VALIDATE_SPEC = "validateSpec";

  /**
   * Name of step {@code deploy}.
   */
  public static final String STEP_DEPLOY = "deploy";

  /**
   * Name of step {@code refresh-metrics}.
   */
  public static final String STEP_REFRESH_METRICS = "refresh-metrics";

  /**
   * Name of step {@code batches}.
   */
  public static final String STEP_BATCHES = "batches";

  /**
   * Name of step {@code batch1}.
   */
  public static final String STEP_BATCH1 = "batch1";

  /**
   * Name of step {@code batch2}.
   */
  public static final String STEP_BATCH2 = "batch2";

  /**
   * Name of step {@code database}.
   */
  public static final String STEP_DATABASE = "database";

  /**
   * Name of step {@code migrations}.
   */
  public static final String STEP_MIGRATIONS = "migrations";

  /**
   * Name of step {@code finish}.
   */
  public static final String STEP_FINISH = "finish";

  /**
   * Name of step {@code refreshCache}.
   */
  public static final String STEP_REFRESH_CACHE = "refreshCache";

  /**
   * Every state name of this pipeline, in step order.
   */
  public static final List<String> STATE_NAMES = List.of(SPEC_VALID, DEPLOYED, EXAMPLE_COM_METRICS_FRESH, BATCH1, BATCH2, DATABASE_READY, MIGRATED);

  private EveryFeatureStepsPipeline() {
  }

  /**
   * Returns the steps of {@code target}, in order; each calls a method of {@code target} directly.
   */
  public static List<PipelineStep> steps(EveryFeatureSteps target) {
    Objects.requireNonNull(target, "target");
    return Steps1.steps(target);
  }

  /**
   * Returns an engine builder with the steps of {@code target}; set a state keeper and build it.
   */
  public static StepsEngine.Builder engine(EveryFeatureSteps target) {
    return StepsEngine.builder().steps(steps(target));
  }

  /**
   * Steps {@code validateSpec} to {@code refreshCache}.
   */
  private static final class Steps1 {
    private Steps1() {
    }

    /**
     * Returns the steps of this part, in order.
     */
    static List<PipelineStep> steps(EveryFeatureSteps target) {
      return List.of(
          validateSpecStep(target),
          deployStep(target),
          refreshMetricsStep(target),
          batchesParallel(target),
          databaseStep(target),
          migrationsStep(target),
          finishStep(target),
          refreshCacheStep(target));
    }

    private static PipelineStep validateSpecStep(EveryFeatureSteps target) {
      return SimpleStep.named("validateSpec")
          .state(State.of(SPEC_VALID))
          .run(new Actions(target, 0))
          .build();
    }

    private static PipelineStep deployStep(EveryFeatureSteps target) {
      return SimpleStep.named("deploy")
          .state(State.of(DEPLOYED).withReason("Deployed").withMessage("All resources deployed"))
          .when(StepPredicate.named("isEnabled", new Conditions(target, 0)))
          .when(StepPredicate.named("isReady", new Conditions(target, 1)))
          .continueOnError()
          .onFail(new FailureHandlers(target, 0))
          .retry(RetryPolicy.builder()
              .maxAttempts(4)
              .initialBackoff(Duration.ofMillis(500))
              .multiplier(1.5)
              .maxBackoff(Duration.ofMinutes(90))
              .build())
          .run(new Actions(target, 1))
          .build();
    }

    private static PipelineStep refreshMetricsStep(EveryFeatureSteps target) {
      return SimpleStep.named("refresh-metrics")
          .state(State.of(EXAMPLE_COM_METRICS_FRESH))
          .skipStateCheck()
          .throttle(Throttle.every(Duration.ofMinutes(5)).ensureSuccess().key("metrics"))
          .run(new Actions(target, 2))
          .build();
    }

    private static PipelineStep batch1Step(EveryFeatureSteps target) {
      return SimpleStep.named("batch1")
          .state(State.of(BATCH1))
          .run(new Actions(target, 3))
          .build();
    }

    private static PipelineStep batch2Step(EveryFeatureSteps target) {
      return SimpleStep.named("batch2")
          .state(State.of(BATCH2))
          .onFail(new FailureHandlers(target, 1))
          .run(new Actions(target, 4))
          .build();
    }

    private static PipelineStep batchesParallel(EveryFeatureSteps target) {
      return ParallelSteps.named("batches")
          .maxConcurrency(2)
          .failFast()
          .steps(batch1Step(target), batch2Step(target))
          .build();
    }

    private static PipelineStep databaseStep(EveryFeatureSteps target) {
      return GroupedSteps.named("database")
          .state(State.of(DATABASE_READY))
          .when(StepPredicate.named("isEnabled", new Conditions(target, 0)))
          .abortOnPredicatesFalse()
          .steps(DatabaseStepsPipeline.steps(target.database()))
          .build();
    }

    private static PipelineStep migrationsStep(EveryFeatureSteps target) {
      return DynamicStep.named("migrations")
          .state(State.of(MIGRATED))
          .steps(new Suppliers(target, 0))
          .build();
    }

    private static PipelineStep finishStep(EveryFeatureSteps target) {
      return SimpleStep.named("finish")
          .finishOnSuccess()
          .throttle(Throttle.every(Duration.ofDays(1)))
          .run(new Actions(target, 5))
          .build();
    }

    private static PipelineStep refreshCacheStep(EveryFeatureSteps target) {
      return SimpleStep.named("refreshCache")
          .throttle(Throttle.every(target.cacheInterval()))
          .run(new Actions(target, 6))
          .build();
    }

    /**
     * Calls the target's method number {@code index} of this part as a {@link StepAction}.
     */
    private static final class Actions implements StepAction {
      private final EveryFeatureSteps target;

      private final int index;

      Actions(EveryFeatureSteps target, int index) {
        this.target = target;
        this.index = index;
      }

      @Override
      public void run(StepContext ctx) throws Exception {
        switch (index) {
          case 0 -> target.validateSpec();
          case 1 -> target.deploy(ctx);
          case 2 -> target.refreshMetrics();
          case 3 -> target.batch1();
          case 4 -> target.batch2(ctx);
          case 5 -> target.finish();
          case 6 -> target.refreshCache();
          default -> throw new AssertionError(index);
        }
      }
    }

    /**
     * Calls the target's method number {@code index} of this part as a {@link StepPredicate}.
     */
    private static final class Conditions implements StepPredicate {
      private final EveryFeatureSteps target;

      private final int index;

      Conditions(EveryFeatureSteps target, int index) {
        this.target = target;
        this.index = index;
      }

      @Override
      public boolean test(StepContext ctx) throws Exception {
        return switch (index) {
          case 0 -> target.isEnabled();
          case 1 -> target.isReady(ctx);
          default -> throw new AssertionError(index);
        };
      }
    }

    /**
     * Calls the target's method number {@code index} of this part as a {@link FailureHandler}.
     */
    private static final class FailureHandlers implements FailureHandler {
      private final EveryFeatureSteps target;

      private final int index;

      FailureHandlers(EveryFeatureSteps target, int index) {
        this.target = target;
        this.index = index;
      }

      @Override
      public void onFailure(StepContext ctx, String stepName, Exception failure) throws Exception {
        switch (index) {
          case 0 -> target.cleanup(stepName, failure);
          case 1 -> target.cleanupWithContext(ctx, stepName, failure);
          default -> throw new AssertionError(index);
        }
      }
    }

    /**
     * Calls the target's method number {@code index} of this part as a {@link StepSupplier}.
     */
    private static final class Suppliers implements StepSupplier {
      private final EveryFeatureSteps target;

      private final int index;

      Suppliers(EveryFeatureSteps target, int index) {
        this.target = target;
        this.index = index;
      }

      @Override
      public List<PipelineStep> steps(StepContext ctx) throws Exception {
        return switch (index) {
          case 0 -> target.migrations(ctx);
          default -> throw new AssertionError(index);
        };
      }
    }
  }
}
