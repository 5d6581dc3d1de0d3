package dev.stepsengine;

import io.opentelemetry.context.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a step sees while it runs: its name, state name, attempt number, the OpenTelemetry context
 * of its span, the run deadline, the engine clock, run attributes shared by all steps of a run, and
 * step-local values added by a {@link StepContextHook}.
 *
 * <p>Contexts are immutable, except the run attributes, which are a thread-safe map shared by the
 * steps of one run (including parallel children).
 */
public final class StepContext {
  private final Run run;
  private final PipelineStep step;
  /** Attempt, tracing context and hook values; {@code null} for a first attempt without any (the common case). */
  private final Extras extras;

  /** What most steps never need, kept apart so a plain step's context is small. */
  private record Extras(int attempt, Context otel, String key, Object value, Extras outer) {}

  StepContext(Run run, PipelineStep step) {
    this(run, step, null);
  }

  private StepContext(Run run, PipelineStep step, Extras extras) {
    this.run = run;
    this.step = step;
    this.extras = extras;
  }

  /** Returns the name of the running step. */
  public String stepName() {
    return step.name();
  }

  /** Returns the step's state name, when it tracks state. */
  public Optional<String> stateName() {
    State state = step.options().state;
    return state == null ? Optional.empty() : Optional.of(state.name());
  }

  /** Returns the attempt number, starting at 1 (SEMANTICS R6). */
  public int attempt() {
    return extras == null ? 1 : extras.attempt;
  }

  /** Returns the OpenTelemetry context of the step's span (the root context when tracing is off). */
  public Context otelContext() {
    return extras == null || extras.otel == null ? Context.root() : extras.otel;
  }

  /** Returns the deadline of the run, when one was set (SEMANTICS R9). */
  public Optional<Instant> deadline() {
    return Optional.ofNullable(run.deadline);
  }

  /** Returns the engine clock; use it instead of the system clock so tests control time. */
  public Clock clock() {
    return run.clock;
  }

  /** Returns the run attribute {@code key}, when a step of this run has set it. */
  public Optional<Object> attribute(String key) {
    return Optional.ofNullable(run.attributes().get(key));
  }

  /** Returns the run attribute {@code key} as a {@code type}, when a step of this run has set it. */
  public <T> Optional<T> attribute(String key, Class<T> type) {
    return attribute(key).filter(type::isInstance).map(type::cast);
  }

  /** Sets run attribute {@code key} for the later steps of this run (thread-safe). */
  public void putAttribute(String key, Object value) {
    run.attributes().put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
  }

  /** Returns a copy with the step-local value {@code key} set; for {@link StepContextHook}s. */
  public StepContext withValue(String key, Object value) {
    return new StepContext(run, step,
        new Extras(attempt(), otelOrNull(), Objects.requireNonNull(key, "key"), value, extras));
  }

  /** Returns the step-local value {@code key} set by a hook, when there is one. */
  public Optional<Object> value(String key) {
    for (Extras e = extras; e != null; e = e.outer) {
      if (key.equals(e.key)) {
        return Optional.ofNullable(e.value);
      }
    }
    return Optional.empty();
  }

  StepContext withAttempt(int attempt) {
    return new StepContext(run, step, new Extras(attempt, otelOrNull(), null, null, extras));
  }

  StepContext withOtelContext(Context context) {
    return new StepContext(run, step, new Extras(attempt(), context, null, null, extras));
  }

  private Context otelOrNull() {
    return extras == null ? null : extras.otel;
  }

  @Override
  public String toString() {
    return "StepContext[" + step.name() + ", attempt " + attempt() + "]";
  }
}
