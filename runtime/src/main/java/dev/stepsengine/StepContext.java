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
  private final String stepName;
  private final String stateName;
  private final int attempt;
  private final Context otelContext;
  private final String valueKey;
  private final Object value;
  private final StepContext outer;

  StepContext(Run run, String stepName, String stateName, int attempt, Context otelContext) {
    this(run, stepName, stateName, attempt, otelContext, null, null, null);
  }

  private StepContext(Run run, String stepName, String stateName, int attempt, Context otelContext,
      String valueKey, Object value, StepContext outer) {
    this.run = run;
    this.stepName = stepName;
    this.stateName = stateName;
    this.attempt = attempt;
    this.otelContext = otelContext;
    this.valueKey = valueKey;
    this.value = value;
    this.outer = outer;
  }

  /** Returns the name of the running step. */
  public String stepName() {
    return stepName;
  }

  /** Returns the step's state name, when it tracks state. */
  public Optional<String> stateName() {
    return Optional.ofNullable(stateName);
  }

  /** Returns the attempt number, starting at 1 (SEMANTICS R6). */
  public int attempt() {
    return attempt;
  }

  /** Returns the OpenTelemetry context of the step's span (the root context when tracing is off). */
  public Context otelContext() {
    return otelContext;
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
    return new StepContext(run, stepName, stateName, attempt, otelContext,
        Objects.requireNonNull(key, "key"), value, this);
  }

  /** Returns the step-local value {@code key} set by a hook, when there is one. */
  public Optional<Object> value(String key) {
    for (StepContext c = this; c != null; c = c.outer) {
      if (key.equals(c.valueKey)) {
        return Optional.ofNullable(c.value);
      }
    }
    return Optional.empty();
  }

  StepContext withAttempt(int attempt) {
    StepContext copy = new StepContext(run, stepName, stateName, attempt, otelContext);
    return copyValues(copy);
  }

  StepContext withOtelContext(Context context) {
    StepContext copy = new StepContext(run, stepName, stateName, attempt, context);
    return copyValues(copy);
  }

  private StepContext copyValues(StepContext base) {
    if (outer == null) {
      return base;
    }
    StepContext copied = outer.copyValues(base);
    return new StepContext(run, stepName, stateName, base.attempt, base.otelContext, valueKey, value, copied);
  }

  @Override
  public String toString() {
    return "StepContext[" + stepName + ", attempt " + attempt + "]";
  }
}
