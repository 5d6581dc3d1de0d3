package test;

import dev.stepsengine.DynamicStep;
import dev.stepsengine.GroupedSteps;
import dev.stepsengine.ParallelSteps;
import dev.stepsengine.RetryPolicy;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.State;
import dev.stepsengine.Step;
import dev.stepsengine.StepPredicate;
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
   * Every state name of this pipeline, in step order.
   */
  public static final List<String> STATE_NAMES = List.of(SPEC_VALID, DEPLOYED, EXAMPLE_COM_METRICS_FRESH, BATCH1, BATCH2, DATABASE_READY, MIGRATED);

  private EveryFeatureStepsPipeline() {
  }

  /**
   * Returns the steps of {@code target}, in order; each calls a method of {@code target} directly.
   */
  public static List<Step> steps(EveryFeatureSteps target) {
    Objects.requireNonNull(target, "target");
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

  /**
   * Returns an engine builder with the steps of {@code target}; set a state keeper and build it.
   */
  public static StepsEngine.Builder engine(EveryFeatureSteps target) {
    return StepsEngine.builder().steps(steps(target));
  }

  /**
   * Step {@code validateSpec}: calls {@code validateSpec}.
   */
  private static Step validateSpecStep(EveryFeatureSteps target) {
    return SimpleStep.named("validateSpec")
        .state(State.of(SPEC_VALID))
        .run(ctx -> target.validateSpec())
        .build();
  }

  /**
   * Step {@code deploy}: calls {@code deploy}.
   */
  private static Step deployStep(EveryFeatureSteps target) {
    return SimpleStep.named("deploy")
        .state(State.of(DEPLOYED).withReason("Deployed").withMessage("All resources deployed"))
        .when(StepPredicate.of("isEnabled", ctx -> target.isEnabled()))
        .when(StepPredicate.of("isReady", ctx -> target.isReady(ctx)))
        .continueOnError()
        .onFail((ctx, step, failure) -> target.cleanup(step, failure))
        .retry(RetryPolicy.builder()
            .maxAttempts(4)
            .initialBackoff(Duration.ofMillis(500))
            .multiplier(1.5)
            .maxBackoff(Duration.ofMinutes(90))
            .build())
        .run(ctx -> target.deploy(ctx))
        .build();
  }

  /**
   * Step {@code refresh-metrics}: calls {@code refreshMetrics}.
   */
  private static Step refreshMetricsStep(EveryFeatureSteps target) {
    return SimpleStep.named("refresh-metrics")
        .state(State.of(EXAMPLE_COM_METRICS_FRESH))
        .skipStateCheck()
        .throttle(Throttle.every(Duration.ofMinutes(5)).ensureSuccess().key("metrics"))
        .run(ctx -> target.refreshMetrics())
        .build();
  }

  /**
   * Step {@code batch1}: calls {@code batch1}.
   */
  private static Step batch1Step(EveryFeatureSteps target) {
    return SimpleStep.named("batch1")
        .state(State.of(BATCH1))
        .run(ctx -> target.batch1())
        .build();
  }

  /**
   * Step {@code batch2}: calls {@code batch2}.
   */
  private static Step batch2Step(EveryFeatureSteps target) {
    return SimpleStep.named("batch2")
        .state(State.of(BATCH2))
        .onFail((ctx, step, failure) -> target.cleanupWithContext(ctx, step, failure))
        .run(ctx -> target.batch2(ctx))
        .build();
  }

  /**
   * Parallel group {@code batches}.
   */
  private static Step batchesParallel(EveryFeatureSteps target) {
    return ParallelSteps.named("batches")
        .maxConcurrency(2)
        .failFast()
        .steps(batch1Step(target), batch2Step(target))
        .build();
  }

  /**
   * Step {@code database}: calls {@code database}.
   */
  private static Step databaseStep(EveryFeatureSteps target) {
    return GroupedSteps.named("database")
        .state(State.of(DATABASE_READY))
        .when(StepPredicate.of("isEnabled", ctx -> target.isEnabled()))
        .abortOnPredicatesFalse()
        .steps(DatabaseStepsPipeline.steps(target.database()))
        .build();
  }

  /**
   * Step {@code migrations}: calls {@code migrations}.
   */
  private static Step migrationsStep(EveryFeatureSteps target) {
    return DynamicStep.named("migrations")
        .state(State.of(MIGRATED))
        .steps(ctx -> target.migrations(ctx))
        .build();
  }

  /**
   * Step {@code finish}: calls {@code finish}.
   */
  private static Step finishStep(EveryFeatureSteps target) {
    return SimpleStep.named("finish")
        .finishOnSuccess()
        .throttle(Throttle.every(Duration.ofDays(1)))
        .run(ctx -> target.finish())
        .build();
  }

  /**
   * Step {@code refreshCache}: calls {@code refreshCache}.
   */
  private static Step refreshCacheStep(EveryFeatureSteps target) {
    return SimpleStep.named("refreshCache")
        .throttle(Throttle.every(target.cacheInterval()))
        .run(ctx -> target.refreshCache())
        .build();
  }
}
