package test;

import dev.stepsengine.SimpleStep;
import dev.stepsengine.StepContext;
import dev.stepsengine.annotation.Parallel;
import dev.stepsengine.annotation.Pipeline;
import dev.stepsengine.annotation.Retry;
import dev.stepsengine.annotation.Step;
import dev.stepsengine.annotation.Throttle;
import java.util.List;

@Pipeline
@Parallel(name = "batches", maxConcurrency = 2, failFast = true)
class EveryFeatureSteps {
  @Step(order = 1, state = "SpecValid")
  void validateSpec() {}

  @Step(order = 2, state = "Deployed", reason = "Deployed", message = "All resources deployed",
      when = {"isEnabled", "isReady"}, continueOnError = true, onFail = "cleanup",
      retry = @Retry(maxAttempts = 4, backoff = "500ms", multiplier = 1.5, maxBackoff = "1h30m"))
  void deploy(StepContext ctx) throws Exception {}

  @Step(order = 3, name = "refresh-metrics", skipStateCheck = true, state = "example.com/MetricsFresh",
      throttle = @Throttle(every = "5m", ensureSuccess = true, key = "metrics"))
  void refreshMetrics() {}

  @Step(order = 4, parallel = "batches", state = "Batch1")
  void batch1() {}

  @Step(order = 4, parallel = "batches", state = "Batch2", onFail = "cleanupWithContext")
  void batch2(StepContext ctx) {}

  @Step(order = 5, state = "DatabaseReady", abortOnPredicatesFalse = true, when = "isEnabled")
  DatabaseSteps database() {
    return new DatabaseSteps();
  }

  @Step(order = 6, state = "Migrated")
  List<dev.stepsengine.PipelineStep> migrations(StepContext ctx) {
    return List.of(SimpleStep.of("migrate", c -> {}));
  }

  @Step(order = 7, finishOnSuccess = true, throttle = @Throttle(every = "1d"))
  void finish() {}

  @Step(order = 8, throttle = @Throttle(everyMethod = "cacheInterval"))
  void refreshCache() {}

  java.time.Duration cacheInterval() {
    return java.time.Duration.ofMinutes(1);
  }

  boolean isEnabled() {
    return true;
  }

  boolean isReady(StepContext ctx) {
    return true;
  }

  void cleanup(String step, Exception e) {}

  void cleanupWithContext(StepContext ctx, String step, Exception e) {}
}
