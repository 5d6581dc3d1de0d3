package dev.stepsengine.example.demo;

import dev.stepsengine.StepContext;
import dev.stepsengine.annotation.Parallel;
import dev.stepsengine.annotation.Pipeline;
import dev.stepsengine.annotation.Retry;
import dev.stepsengine.annotation.Step;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The demo's pipeline: provisioning a service. The annotation processor generates
 * {@code ProvisionServicePipeline} from it, plus the Mermaid diagram
 * {@code META-INF/steps/dev.stepsengine.example.demo.ProvisionService.mmd} that the demo's
 * {@code diagram} command prints.
 *
 * <p>The steps only pretend to work: each takes {@code work} (a few milliseconds, so progress is
 * visible) and fails when its name is in {@code failing}, which is how {@code run --fail STEP}
 * shows a failure, its stored state and the {@code onFail} callback.
 */
// snippet:demo-pipeline:start
@Pipeline
@Parallel(name = "deploy", maxConcurrency = 2)
public class ProvisionService {
  // snippet:demo-pipeline:end
  private final String service;
  private final Set<String> failing;
  private final Duration work;
  private final BiConsumer<String, String> notes;

  /**
   * Creates the pipeline's target.
   *
   * @param service the name of the service being provisioned
   * @param failing the names of the steps that fail on purpose
   * @param work how long each step pretends to work
   * @param notes hears what a step reports besides succeeding or failing: the step name and a note
   */
  public ProvisionService(String service, Set<String> failing, Duration work, BiConsumer<String, String> notes) {
    this.service = Objects.requireNonNull(service, "service");
    this.failing = Set.copyOf(failing);
    this.work = Objects.requireNonNull(work, "work");
    this.notes = Objects.requireNonNull(notes, "notes");
  }

  /** The steps that take a while (waiting for readiness retries; the deploy group): the demo prints their start too. */
  static final Set<String> LONG_STEPS = Set.of("deploy", "waitForReady");

  // snippet:demo-steps:start
  @Step(order = 1, state = "ConfigValid", reason = "Validated", message = "Configuration is valid",
      onFail = "reportFailure")
  void validateConfig() throws InterruptedException {
    work("validateConfig");
  }

  @Step(order = 2, state = "SchemaCreated", reason = "Created", message = "Database schema created",
      onFail = "reportFailure")
  void createSchema() throws InterruptedException {
    work("createSchema");
  }

  @Step(order = 3, parallel = "deploy", state = "ApiDeployed", onFail = "reportFailure")
  void deployApi() throws InterruptedException {
    work("deployApi");
  }

  @Step(order = 3, parallel = "deploy", state = "WorkerDeployed", onFail = "reportFailure")
  void deployWorker() throws InterruptedException {
    work("deployWorker");
  }

  @Step(order = 3, parallel = "deploy", state = "SchedulerDeployed", onFail = "reportFailure")
  void deployScheduler() throws InterruptedException {
    work("deployScheduler");
  }

  @Step(order = 4, state = "Ready", reason = "Ready", message = "All replicas ready", onFail = "reportFailure",
      retry = @Retry(maxAttempts = 3, backoff = "20ms"))
  void waitForReady(StepContext ctx) throws InterruptedException {
    work("waitForReady");
    if (ctx.attempt() == 1) {
      throw new IllegalStateException("2 of 3 replicas ready"); // the retry policy tries again
    }
  }

  @Step(order = 5, state = "OwnersNotified", continueOnError = true, onFail = "reportFailure")
  void notifyOwners() throws InterruptedException {
    work("notifyOwners");
  }

  void reportFailure(String step, Exception failure) {
    notes.accept(step, "onFail: paging the owners of " + service + " about " + step);
  }
  // snippet:demo-steps:end

  private void work(String step) throws InterruptedException {
    if (!work.isZero()) {
      Thread.sleep(work.toMillis());
    }
    if (failing.contains(step)) {
      throw new IllegalStateException(step + " broke (--fail " + step + ")");
    }
  }
}
