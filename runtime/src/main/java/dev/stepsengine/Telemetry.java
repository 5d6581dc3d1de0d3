package dev.stepsengine;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.Map;

/**
 * The engine's spans and metrics (SEMANTICS R14), through the OpenTelemetry API only. With the
 * no-op instance every method returns at once without allocating, so an untraced run pays nothing.
 */
final class Telemetry {
  static final String RUN_SPAN = "ReconciliationSteps";
  static final String PARALLEL_SPAN = "RunParallelSteps";
  static final AttributeKey<String> LAST_STEP = AttributeKey.stringKey("last_step");
  static final AttributeKey<String> STOP_ERR = AttributeKey.stringKey("stop_err");
  static final AttributeKey<String> STEP_NAME = AttributeKey.stringKey("step.name");
  static final AttributeKey<String> STEP_STATE = AttributeKey.stringKey("step.state");
  static final AttributeKey<String> STEP_OUTCOME = AttributeKey.stringKey("step.outcome");
  static final AttributeKey<Long> STEP_ATTEMPT = AttributeKey.longKey("step.attempt");
  static final AttributeKey<String> PARALLEL_GROUP = AttributeKey.stringKey("parallel_steps_group");
  static final String INSTRUMENTATION = "dev.stepsengine";

  static final Telemetry NOOP = new Telemetry();

  final boolean enabled;
  private final Tracer tracer;
  private final DoubleHistogram duration;
  private final LongCounter outcomes;

  private Telemetry() {
    this.enabled = false;
    this.tracer = null;
    this.duration = null;
    this.outcomes = null;
  }

  private Telemetry(OpenTelemetry otel) {
    this.enabled = true;
    this.tracer = otel.getTracer(INSTRUMENTATION);
    this.duration = otel.getMeter(INSTRUMENTATION).histogramBuilder("steps.step.duration")
        .setDescription("Duration of executed steps").setUnit("s").build();
    this.outcomes = otel.getMeter(INSTRUMENTATION).counterBuilder("steps.step.outcomes")
        .setDescription("Outcomes of steps, executed or skipped").build();
  }

  static Telemetry of(OpenTelemetry otel) {
    return otel == null || otel == OpenTelemetry.noop() ? NOOP : new Telemetry(otel);
  }

  Span startRun(Context parent, Map<String, String> keeperAttributes) {
    if (!enabled) {
      return Span.getInvalid();
    }
    var builder = tracer.spanBuilder(RUN_SPAN).setParent(parent);
    keeperAttributes.forEach(builder::setAttribute);
    return builder.startSpan();
  }

  Span startStep(Context parent, String name, String stateName) {
    if (!enabled) {
      return Span.getInvalid();
    }
    var builder = tracer.spanBuilder(name).setParent(parent).setAttribute(STEP_NAME, name);
    if (stateName != null) {
      builder.setAttribute(STEP_STATE, stateName);
    }
    return builder.startSpan();
  }

  Span startParallel(Context parent, String group) {
    if (!enabled) {
      return Span.getInvalid();
    }
    return tracer.spanBuilder(PARALLEL_SPAN).setParent(parent).setAttribute(PARALLEL_GROUP, group).startSpan();
  }

  /** Records a step that was not executed as an event on {@code runSpan}, and counts its outcome. */
  void skipped(Span runSpan, String name, StepOutcome outcome) {
    if (!enabled) {
      return;
    }
    runSpan.addEvent("step " + outcome.name().toLowerCase(java.util.Locale.ROOT),
        Attributes.of(STEP_NAME, name, STEP_OUTCOME, outcome.name()));
    outcomes.add(1, Attributes.of(STEP_NAME, name, STEP_OUTCOME, outcome.name()));
  }

  /** Ends a step span with its outcome; records the metrics. */
  void endStep(Span span, String name, StepOutcome outcome, int attempts, Throwable error, long nanos) {
    if (!enabled) {
      return;
    }
    try {
      span.setAttribute(STEP_OUTCOME, outcome.name());
      span.setAttribute(STEP_ATTEMPT, (long) attempts);
      endWithStatus(span, outcome == StepOutcome.FAILED || outcome == StepOutcome.FAILED_CONTINUED
          || outcome == StepOutcome.CANCELLED || outcome == StepOutcome.ABORTED_BY_PREDICATE, error);
      Attributes attrs = Attributes.of(STEP_NAME, name, STEP_OUTCOME, outcome.name());
      duration.record(nanos / 1e9, attrs);
      outcomes.add(1, attrs);
    } finally {
      span.end();
    }
  }

  /** Ends {@code span}, OK or ERROR with the exception recorded. */
  void end(Span span, boolean failed, Throwable error) {
    if (!enabled) {
      return;
    }
    try {
      endWithStatus(span, failed, error);
    } finally {
      span.end();
    }
  }

  void endRun(Span span, String lastStep, Throwable stop) {
    if (!enabled) {
      return;
    }
    if (lastStep != null) {
      span.setAttribute(LAST_STEP, lastStep);
    }
    if (stop != null) {
      span.setAttribute(STOP_ERR, String.valueOf(stop.getMessage()));
    }
    end(span, stop != null && !(stop instanceof RunWaitingException), stop);
  }

  private static void endWithStatus(Span span, boolean failed, Throwable error) {
    if (error != null) {
      span.recordException(error);
    }
    if (failed) {
      span.setStatus(StatusCode.ERROR, error == null ? "" : String.valueOf(error.getMessage()));
    } else {
      span.setStatus(StatusCode.OK);
    }
  }
}
