package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepsengine.testing.InMemoryStateKeeper;
import dev.stepsengine.testing.ManualClock;
import dev.stepsengine.throttling.InMemoryThrottleStore;
import dev.stepsengine.throttling.Throttle;
import dev.stepsengine.throttling.Throttler;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The code samples of docs/runtime.md, compiled and run here; the docs copy them verbatim between
 * the snippet markers (checked by the example module's doc snippet test).
 */
class GuideSamplesTest {
  private static final ContextKey<String> TENANT = ContextKey.named("tenant");

  private final List<String> log = new ArrayList<>();
  private final InMemoryStateKeeper keeper = new InMemoryStateKeeper();
  private boolean backupEnabled = true;

  void createSchema() {
    log.add("schema");
  }

  void deployBatch(int n) {
    log.add("batch" + n);
  }

  boolean isBackupEnabled() {
    return backupEnabled;
  }

  List<String> pendingMigrations() {
    return List.of("v1", "v2");
  }

  void migrate(String version) {
    log.add("migrate " + version);
  }

  void callFlakyApi() throws IOException {
    log.add("api");
  }

  boolean podsReady() {
    return false;
  }

  @Test
  @DisplayName("R10-R12: composite steps sample")
  void compositeSteps() {
    // snippet:composite:start
    PipelineStep database = GroupedSteps.named("database").state("DatabaseReady")
        .steps(SimpleStep.named("schema").state("SchemaCreated").run(ctx -> createSchema()).build(),
            DynamicStep.named("migrations").state("Migrated")
                .steps(ctx -> pendingMigrations().stream()
                    .map(v -> (PipelineStep) SimpleStep.named("migrate-" + v).run(c -> migrate(v)).build())
                    .toList())
                .build())
        .build();

    PipelineStep deploy = ParallelSteps.named("deploy").state("Deployed")
        .maxConcurrency(2) // at most two batches at once
        .failFast() // the first failure interrupts the others
        .steps(SimpleStep.named("batch1").state("Batch1Deployed").run(ctx -> deployBatch(1)).build(),
            SimpleStep.named("batch2").state("Batch2Deployed").run(ctx -> deployBatch(2)).build(),
            SimpleStep.named("batch3").state("Batch3Deployed").run(ctx -> deployBatch(3)).build())
        .build();

    StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).steps(database, deploy).build();
    // snippet:composite:end

    RunReport report = engine.run();

    assertThat(report.outcome("database/migrations/migrate-v2")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(log).contains("schema", "migrate v1", "migrate v2", "batch1", "batch2", "batch3");
    assertThat(keeper.states()).containsKeys("DatabaseReady", "Migrated", "Deployed", "Batch3Deployed");
  }

  @Test
  @DisplayName("R3, R4, R6: predicates, throttling and retries sample")
  void predicatesThrottlingRetries() {
    ManualClock clock = new ManualClock();
    // snippet:policies:start
    PipelineStep backup = SimpleStep.named("backup").state("BackedUp")
        .when(StepPredicate.of("isBackupEnabled", () -> isBackupEnabled()))
        .throttle(Throttle.every(Duration.ofHours(1)).ensureSuccess()) // at most hourly, counted from success
        .retry(RetryPolicy.builder()
            .maxAttempts(4)
            .initialBackoff(Duration.ofMillis(200))
            .multiplier(2)
            .maxBackoff(Duration.ofSeconds(5))
            .retryOn(IOException.class)
            .build())
        .skipStateCheck() // a periodic step: run again even though it succeeded before
        .run(ctx -> callFlakyApi())
        .build();

    StepsEngine engine = StepsEngine.builder()
        .stateKeeper(keeper)
        .throttler(Throttler.using(new InMemoryThrottleStore())) // keepers offer persistent stores
        .clock(clock) // a ManualClock in tests; the system clock by default
        .steps(backup)
        .build();
    // snippet:policies:end

    engine.run();
    RunReport second = engine.run();
    clock.advance(Duration.ofHours(1));
    backupEnabled = false;
    RunReport third = engine.run();

    assertThat(second.outcome("backup")).isEqualTo(StepOutcome.THROTTLED);
    assertThat(third.outcome("backup")).isEqualTo(StepOutcome.SKIPPED_PREDICATE);
  }

  @Test
  @DisplayName("R7b, R7c, R13: steering exceptions and the reconcile policy sample")
  void steeringAndReconcile() {
    // snippet:reconcile:start
    PipelineStep ready = SimpleStep.named("waitForPods").state("PodsReady")
        .run(ctx -> {
          if (!podsReady()) {
            throw WaitException.after(Duration.ofSeconds(10), "pods are starting");
          }
        })
        .build();

    StepsEngine engine = StepsEngine.builder()
        .stateKeeper(keeper)
        .reconcilePolicy(ReconcilePolicy.builder()
            .onSuccess(Duration.ofMinutes(5)) // resync interval after a clean run
            .onFailure(Duration.ofSeconds(30))
            .build())
        .steps(ready)
        .build();

    ReconcileResult result = engine.runAsReconcilerResponse(); // never throws for a step failure
    Duration requeue = result.requeueAfter().orElse(Duration.ZERO); // 10 s: the wait's own duration
    // snippet:reconcile:end

    assertThat(requeue).isEqualTo(Duration.ofSeconds(10));
    assertThat(result.result()).isEqualTo(RunResult.WAITING);
    assertThat(keeper.states().get("PodsReady").reason()).isEqualTo("Waiting");
  }

  @Test
  @DisplayName("R14: OpenTelemetry setup sample")
  void telemetrySetup() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    // snippet:telemetry:start
    SdkTracerProvider tracing = SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(exporter)) // or a BatchSpanProcessor with OTLP
        .build();
    OpenTelemetry otel = OpenTelemetrySdk.builder().setTracerProvider(tracing).build();

    StepsEngine engine = StepsEngine.builder()
        .openTelemetry(otel) // spans "ReconciliationSteps" > one per step; no-op when not set
        .stepContext(ctx -> ctx.with(TENANT, "acme")) // per-step context hook
        .steps(SimpleStep.named("hello").run(ctx -> log.add("tenant " + ctx.get(TENANT).orElse("?"))).build())
        .build();
    // snippet:telemetry:end

    engine.run();

    assertThat(exporter.getFinishedSpanItems()).extracting(s -> s.getName())
        .containsExactlyInAnyOrder("hello", "ReconciliationSteps");
    assertThat(log).containsExactly("tenant acme");
  }

  static final ContextKey<String> POD = ContextKey.named("pod");

  String chargeCard() {
    log.add("charge");
    return "pay-42";
  }

  void ship(String paymentId) {
    log.add("ship " + paymentId);
  }

  boolean beingDeleted() {
    return false;
  }

  @Test
  @DisplayName("R18: shared values and durable outputs sample")
  void valuesAndOutputs() {
    // snippet:outputs:start
    PipelineStep findPod = SimpleStep.named("findPod")
        .run(ctx -> ctx.put(POD, "db-0")) // shared with the later steps of this run only
        .build();
    PipelineStep charge = SimpleStep.named("charge").state("Charged")
        .outputs("paymentId") // stored with the SUCCEEDED state, in the same write
        .run(ctx -> ctx.saveOutput("paymentId", chargeCard()))
        .build();
    PipelineStep ship = SimpleStep.named("ship").state("Shipped")
        .run(ctx -> ship(ctx.output("Charged", "paymentId").orElseThrow())) // also after a restart
        .build();

    StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).steps(findPod, charge, ship).build();
    // snippet:outputs:end

    engine.run();

    assertThat(log).containsExactly("charge", "ship pay-42");
    assertThat(keeper.states().get("Charged").outputs()).containsEntry("paymentId", "pay-42");
  }

  @Test
  @DisplayName("R16, R17: timeouts, engine-wide predicates and decorated steps sample")
  void timeoutsAndEngineWidePredicates() {
    PipelineStep generated = SimpleStep.named("deploy").state("Deployed").run(ctx -> log.add("deploy")).build();
    // snippet:decorate:start
    PipelineStep deploy = ((SimpleStep) generated).toBuilder() // a copy with changes; the original is untouched
        .timeout(Duration.ofMinutes(2)) // each attempt is interrupted after 2 minutes (StepTimeoutException)
        .retry(RetryPolicy.builder().maxAttempts(3).jitter(0.2).build())
        .build();
    PipelineStep smokeTest = SimpleStep.named("smokeTest")
        .when(StepPredicate.succeeded("Deployed")) // reads the keeper's current view
        .run(ctx -> log.add("smoke"))
        .build();

    StepsEngine engine = StepsEngine.builder()
        .stateKeeper(keeper)
        .when("notBeingDeleted", ctx -> !beingDeleted()) // checked before every step, at every depth
        .runTimeout(Duration.ofMinutes(10)) // bounds every step timeout too
        .steps(deploy, smokeTest)
        .build();
    // snippet:decorate:end

    engine.run();

    assertThat(log).containsExactly("deploy", "smoke");
  }
}
