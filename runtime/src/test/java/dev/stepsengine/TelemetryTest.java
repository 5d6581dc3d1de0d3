package dev.stepsengine;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepsengine.testing.InMemoryStateKeeper;
import dev.stepsengine.testing.ManualClock;
import dev.stepsengine.throttling.Throttle;
import dev.stepsengine.throttling.Throttler;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.slf4j.helpers.BasicMDCAdapter;

/** SEMANTICS R14: spans, span attributes, metrics and MDC, observed with the OpenTelemetry SDK's in-memory exporters. */
class TelemetryTest {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  /** Every span the SDK started, ended or not: the exporter alone only sees ended ones. */
  private final List<ReadableSpan> started = new CopyOnWriteArrayList<>();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder()
          .addSpanProcessor(new StartRecorder())
          .addSpanProcessor(SimpleSpanProcessor.create(exporter))
          .build())
      .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
      .build();
  private final InMemoryStateKeeper keeper = new InMemoryStateKeeper("Database/default/orders");
  private final ExecutorService executor = Executors.newFixedThreadPool(4);

  @AfterEach
  void tearDown() {
    executor.shutdownNow();
    otel.close();
  }

  private StepsEngine.Builder traced(PipelineStep... steps) {
    return StepsEngine.builder().openTelemetry(otel).executor(executor).steps(steps);
  }

  private static SimpleStep noop(String name) {
    return SimpleStep.of(name, ctx -> {});
  }

  /** A step whose predicate is false (R3). */
  private static SimpleStep neverRuns(String name) {
    return SimpleStep.named(name).when(StepPredicate.of("isEnabled", () -> false)).run(ctx -> {}).build();
  }

  private List<SpanData> spans() {
    return exporter.getFinishedSpanItems();
  }

  private SpanData span(String name) {
    List<SpanData> named = spans().stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(named).as("spans named %s", name).hasSize(1);
    return named.get(0);
  }

  private List<String> spanNames() {
    return spans().stream().map(SpanData::getName).toList();
  }

  @Test
  @DisplayName("R14: a run has one ReconciliationSteps span carrying the keeper's summary attributes")
  void runSpanWithKeeperAttributes() {
    traced(noop("validate")).stateKeeper(keeper).build().run();

    SpanData run = span(Telemetry.RUN_SPAN);
    assertThat(run.getAttributes().get(stringKey("keeper"))).isEqualTo("in-memory");
    assertThat(run.getAttributes().get(stringKey("summary"))).isEqualTo("Database/default/orders");
  }

  @Test
  @DisplayName("R14: a run without a keeper still has its ReconciliationSteps span")
  void runSpanWithoutKeeper() {
    traced(noop("validate")).build().run();

    assertThat(spanNames()).containsExactlyInAnyOrder(Telemetry.RUN_SPAN, "validate");
    assertThat(span(Telemetry.RUN_SPAN).getAttributes().get(stringKey("summary"))).isNull();
  }

  @Test
  @DisplayName("R14: the run span is a child of the caller's current span")
  void runSpanUnderCallersSpan() {
    Span caller = otel.getTracer("test").spanBuilder("reconcile").startSpan();
    try (Scope ignored = caller.makeCurrent()) {
      traced(noop("validate")).build().run();
    } finally {
      caller.end();
    }

    assertThat(span(Telemetry.RUN_SPAN).getParentSpanId()).isEqualTo(span("reconcile").getSpanId());
  }

  @Test
  @DisplayName("R14: each executed step has a span named after it, child of the run span")
  void stepSpansAreChildrenOfTheRunSpan() {
    traced(noop("validate"), noop("deploy")).build().run();

    SpanData run = span(Telemetry.RUN_SPAN);
    assertThat(span("validate").getParentSpanId()).isEqualTo(run.getSpanId());
    assertThat(span("deploy").getParentSpanId()).isEqualTo(run.getSpanId());
    assertThat(span("deploy").getTraceId()).isEqualTo(run.getTraceId());
  }

  @Test
  @DisplayName("R14: a step span carries step.name, step.state, step.outcome and step.attempt")
  void stepSpanAttributes() {
    traced(SimpleStep.named("validate").state("SpecValid").run(ctx -> {}).build()).stateKeeper(keeper).build().run();

    Attributes a = span("validate").getAttributes();
    assertThat(a.get(stringKey("step.name"))).isEqualTo("validate");
    assertThat(a.get(stringKey("step.state"))).isEqualTo("SpecValid");
    assertThat(a.get(stringKey("step.outcome"))).isEqualTo("SUCCEEDED");
    assertThat(a.get(longKey("step.attempt"))).isEqualTo(1L);
  }

  @Test
  @DisplayName("R14: step.attempt counts the in-process retries (R6)")
  void stepAttemptCountsRetries() {
    ManualClock clock = new ManualClock();
    int[] calls = {0};
    traced(SimpleStep.named("flaky").retry(RetryPolicy.builder().maxAttempts(3).build()).run(ctx -> {
      if (++calls[0] < 3) {
        throw new IllegalStateException("not yet");
      }
    }).build()).clock(clock).build().run();

    assertThat(span("flaky").getAttributes().get(longKey("step.attempt"))).isEqualTo(3L);
  }

  @Test
  @DisplayName("R14: steps of a group have spans under the group's span")
  void groupChildrenUnderGroupSpan() {
    traced(GroupedSteps.named("database").steps(noop("schema"), noop("migrate")).build()).build().run();

    SpanData group = span("database");
    assertThat(group.getParentSpanId()).isEqualTo(span(Telemetry.RUN_SPAN).getSpanId());
    assertThat(span("schema").getParentSpanId()).isEqualTo(group.getSpanId());
    assertThat(span("migrate").getParentSpanId()).isEqualTo(group.getSpanId());
  }

  @Test
  @DisplayName("R14: a parallel group has a RunParallelSteps span with parallel_steps_group; its children are under it")
  void parallelSpan() {
    traced(ParallelSteps.named("batches").steps(noop("batch1"), noop("batch2")).build()).build().run();

    SpanData parallel = span(Telemetry.PARALLEL_SPAN);
    assertThat(parallel.getAttributes().get(stringKey("parallel_steps_group"))).isEqualTo("batches");
    assertThat(parallel.getParentSpanId()).isEqualTo(span("batches").getSpanId());
    assertThat(span("batch1").getParentSpanId()).isEqualTo(parallel.getSpanId());
    assertThat(span("batch2").getParentSpanId()).isEqualTo(parallel.getSpanId());
  }

  @Test
  @DisplayName("R14: spans of a successful run have status OK")
  void successIsOk() {
    traced(ParallelSteps.named("batches").steps(noop("batch1")).build()).build().run();

    assertThat(spans()).isNotEmpty().allSatisfy(s -> assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.OK));
  }

  @Test
  @DisplayName("R14: a failed step's span has status ERROR with the exception recorded")
  void failedStepSpanIsError() {
    StepsEngine engine = traced(SimpleStep.of("deploy", ctx -> {
      throw new IllegalStateException("boom");
    })).build();

    assertThatThrownBy(engine::run).isInstanceOf(StepFailedException.class);

    SpanData deploy = span("deploy");
    assertThat(deploy.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(deploy.getAttributes().get(stringKey("step.outcome"))).isEqualTo("FAILED");
    assertThat(exceptionEvent(deploy).getAttributes().get(stringKey("exception.type")))
        .isEqualTo(IllegalStateException.class.getName());
    assertThat(exceptionEvent(deploy).getAttributes().get(stringKey("exception.message"))).isEqualTo("boom");
  }

  @Test
  @DisplayName("R14: a stopped run's span has status ERROR, stop_err and last_step")
  void stoppedRunSpan() {
    StepsEngine engine = traced(noop("validate"), SimpleStep.of("deploy", ctx -> {
      throw new IllegalStateException("boom");
    }), noop("verify")).build();

    assertThatThrownBy(engine::run).isInstanceOf(StepFailedException.class);

    SpanData run = span(Telemetry.RUN_SPAN);
    assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(run.getAttributes().get(stringKey("last_step"))).isEqualTo("deploy");
    assertThat(run.getAttributes().get(stringKey("stop_err"))).isEqualTo("step 'deploy' failed: boom");
    assertThat(exceptionEvent(run)).isNotNull();
  }

  @Test
  @DisplayName("R14: last_step names the last step of a successful run, and no stop_err is set")
  void lastStepOfSuccessfulRun() {
    traced(noop("validate"), noop("deploy")).build().run();

    Attributes a = span(Telemetry.RUN_SPAN).getAttributes();
    assertThat(a.get(stringKey("last_step"))).isEqualTo("deploy");
    assertThat(a.get(stringKey("stop_err"))).isNull();
  }

  @Test
  @DisplayName("R14: skipped steps (R2, R3) are events on the run span, not spans")
  void skippedStepsAreEvents() {
    keeper.putSucceeded("Done");
    traced(SimpleStep.named("done").state("Done").run(ctx -> {}).build(),
        neverRuns("off"))
        .stateKeeper(keeper).build().run();

    assertThat(spanNames()).containsExactly(Telemetry.RUN_SPAN);
    assertThat(span(Telemetry.RUN_SPAN).getEvents()).extracting(e -> e.getAttributes().get(stringKey("step.name"))
            + "/" + e.getAttributes().get(stringKey("step.outcome")))
        .containsExactly("done/SKIPPED_ALREADY_SUCCEEDED", "off/SKIPPED_PREDICATE");
  }

  @Test
  @DisplayName("R14: a throttled step (R4) is an event on the run span, not a span")
  void throttledStepIsEvent() {
    StepsEngine engine = traced(SimpleStep.named("refresh").throttle(Throttle.every(Duration.ofMinutes(5)))
        .run(ctx -> {}).build()).clock(new ManualClock()).throttler(Throttler.inMemory()).build();
    engine.run();
    exporter.reset();

    engine.run();

    assertThat(spanNames()).containsExactly(Telemetry.RUN_SPAN);
    EventData event = span(Telemetry.RUN_SPAN).getEvents().get(0);
    assertThat(event.getAttributes().get(stringKey("step.name"))).isEqualTo("refresh");
    assertThat(event.getAttributes().get(stringKey("step.outcome"))).isEqualTo("THROTTLED");
  }

  @Test
  @DisplayName("R14: every span is ended when a step nested in a group and a parallel group throws")
  void everySpanEndsWhenAStepThrows() {
    StepsEngine engine = traced(GroupedSteps.named("outer").steps(
        ParallelSteps.named("batches").steps(noop("ok"), SimpleStep.of("bad", ctx -> {
          throw new IllegalStateException("boom");
        })).build()).build()).build();

    assertThatThrownBy(engine::run).isInstanceOf(StepFailedException.class);

    assertThat(started).extracting(ReadableSpan::getName).containsExactlyInAnyOrder(
        Telemetry.RUN_SPAN, "outer", "batches", Telemetry.PARALLEL_SPAN, "ok", "bad");
    assertThat(started).allSatisfy(s -> assertThat(s.hasEnded()).as("%s ended", s.getName()).isTrue());
  }

  @Test
  @DisplayName("R14, R7e: a StackOverflowError in a nested step propagates and every span is still ended")
  void everySpanEndsOnStackOverflow() {
    StepsEngine engine = traced(GroupedSteps.named("outer").steps(
        SimpleStep.of("deep", ctx -> recurse(0))).build()).build();

    assertThatThrownBy(engine::run).isInstanceOf(StackOverflowError.class);

    assertThat(started).extracting(ReadableSpan::getName)
        .containsExactlyInAnyOrder(Telemetry.RUN_SPAN, "outer", "deep");
    assertThat(started).allSatisfy(s -> assertThat(s.hasEnded()).as("%s ended", s.getName()).isTrue());
  }

  @Test
  @DisplayName("R14, R7e: a StackOverflowError in a parallel child propagates and every span is still ended")
  void everySpanEndsOnStackOverflowInParallelChild() {
    StepsEngine engine = traced(ParallelSteps.named("batches").steps(
        noop("ok"), SimpleStep.of("deep", ctx -> recurse(0))).build()).build();

    assertThatThrownBy(engine::run).isInstanceOf(StackOverflowError.class);

    assertThat(started).extracting(ReadableSpan::getName)
        .containsExactlyInAnyOrder(Telemetry.RUN_SPAN, "batches", Telemetry.PARALLEL_SPAN, "ok", "deep");
    assertThat(started).allSatisfy(s -> assertThat(s.hasEnded()).as("%s ended", s.getName()).isTrue());
  }

  @Test
  @DisplayName("R14, R7e: the spans a StackOverflowError passes through end with status ERROR and the error recorded")
  void stackOverflowSpansAreErrors() {
    StepsEngine engine = traced(ParallelSteps.named("batches").steps(
        SimpleStep.of("deep", ctx -> recurse(0))).build()).build();

    assertThatThrownBy(engine::run).isInstanceOf(StackOverflowError.class);

    for (String name : List.of(Telemetry.RUN_SPAN, "batches", Telemetry.PARALLEL_SPAN, "deep")) {
      SpanData s = span(name);
      assertThat(s.getStatus().getStatusCode()).as("status of %s", name).isEqualTo(StatusCode.ERROR);
      assertThat(exceptionEvent(s).getAttributes().get(stringKey("exception.type")))
          .as("exception of %s", name).isEqualTo(StackOverflowError.class.getName());
    }
  }

  @Test
  @DisplayName("R14: steps.step.duration is recorded per executed step with its name and outcome")
  void durationHistogram() {
    traced(noop("ok"), SimpleStep.named("bad").continueOnError().run(ctx -> {
      throw new IllegalStateException("boom");
    }).build(), neverRuns("off"))
        .build().run();

    assertThat(metric("steps.step.duration").getHistogramData().getPoints())
        .extracting(p -> stepAndOutcome(p) + " x" + p.getCount())
        .containsExactlyInAnyOrder("ok/SUCCEEDED x1", "bad/FAILED_CONTINUED x1");
  }

  @Test
  @DisplayName("R14: steps.step.outcomes counts every outcome, skipped steps included, by step name and outcome")
  void outcomeCounter() {
    StepsEngine engine = traced(noop("ok"),
        neverRuns("off")).build();
    engine.run();
    engine.run();

    assertThat(metric("steps.step.outcomes").getLongSumData().getPoints())
        .extracting(p -> stepAndOutcome(p) + " x" + p.getValue())
        .containsExactlyInAnyOrder("ok/SUCCEEDED x2", "off/SKIPPED_PREDICATE x2");
  }

  @Test
  @DisplayName("R14: the MDC holds step, trace_id and span_id of the running step, and is cleared after it")
  void mdcInsideStep() {
    assertThat(MDC.getMDCAdapter()).as("the test class path's MDC must store values (see MdcRecordingSlf4jProvider)")
        .isInstanceOf(BasicMDCAdapter.class);
    AtomicReference<Map<String, String>> seen = new AtomicReference<>();

    traced(SimpleStep.of("deploy", ctx -> seen.set(MDC.getCopyOfContextMap()))).build().run();

    SpanData deploy = span("deploy");
    assertThat(seen.get()).containsEntry("step", "deploy")
        .containsEntry("trace_id", deploy.getTraceId())
        .containsEntry("span_id", deploy.getSpanId());
    assertThat(MDC.get("step")).isNull();
    assertThat(MDC.get("span_id")).isNull();
  }

  @Test
  @DisplayName("R14: each parallel child sees its own step name and span id in the MDC")
  void mdcInsideParallelChildren() {
    Map<String, Map<String, String>> seen = new java.util.concurrent.ConcurrentHashMap<>();
    StepAction record = ctx -> seen.put(ctx.stepName(), MDC.getCopyOfContextMap());
    traced(ParallelSteps.named("batches").steps(SimpleStep.of("batch1", record), SimpleStep.of("batch2", record))
        .build()).build().run();

    for (String child : List.of("batch1", "batch2")) {
      assertThat(seen.get(child)).containsEntry("step", child).containsEntry("span_id", span(child).getSpanId());
    }
  }

  @Test
  @DisplayName("R14: the step context carries the step span's OpenTelemetry context")
  void stepContextCarriesSpan() {
    AtomicReference<Context> seen = new AtomicReference<>();
    traced(SimpleStep.of("deploy", ctx -> seen.set(ctx.otelContext()))).build().run();

    assertThat(Span.fromContext(seen.get()).getSpanContext().getSpanId()).isEqualTo(span("deploy").getSpanId());
  }

  @Test
  @DisplayName("R14: without openTelemetry(...) the engine is silent even when GlobalOpenTelemetry is set")
  void neverGlobalOpenTelemetryImplicitly() {
    GlobalOpenTelemetry.resetForTest();
    GlobalOpenTelemetry.set(otel);
    try {
      StepsEngine.builder().steps(noop("validate")).build().run();
    } finally {
      GlobalOpenTelemetry.resetForTest();
    }

    assertThat(spans()).isEmpty();
    assertThat(metrics.collectAllMetrics()).isEmpty();
  }

  private MetricData metric(String name) {
    List<MetricData> found = metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(name)).toList();
    assertThat(found).as("metric %s", name).hasSize(1);
    return found.get(0);
  }

  private static String stepAndOutcome(PointData p) {
    return p.getAttributes().get(stringKey("step.name")) + "/" + p.getAttributes().get(stringKey("step.outcome"));
  }

  private static EventData exceptionEvent(SpanData span) {
    List<EventData> events = span.getEvents().stream().filter(e -> e.getName().equals("exception")).toList();
    assertThat(events).as("exception events of %s", span.getName()).hasSize(1);
    return events.get(0);
  }

  private static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }

  /** Records every started span so a test can check that each one ended. */
  private final class StartRecorder implements SpanProcessor {
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
      started.add(span);
    }

    @Override
    public boolean isStartRequired() {
      return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {}

    @Override
    public boolean isEndRequired() {
      return false;
    }
  }
}
