package dev.stepsengine;

import io.opentelemetry.context.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a step sees while it runs: its name, state name and attempt number, the OpenTelemetry
 * context of its span, the run deadline and the engine clock; values shared with the other steps
 * of the run ({@link #get}, {@link #put}, {@link #with}); its durable outputs ({@link #saveOutput},
 * {@link #output}); and the keeper's current view of any state ({@link #storedState}).
 *
 * <p>A context is immutable; the values put for the run are a thread-safe map shared by the steps
 * of one run, parallel children included. Use a context only while its step runs.
 */
public final class StepContext {
  private final Scope scope;
  private final StepLifecycle step;
  /** Attempt, tracing context, local values and outputs; {@code null} for a plain first attempt (the common case). */
  private final Extras extras;

  /** What most steps never need, kept apart so a plain step's context is small. */
  private record Extras(int attempt, Context otel, Local locals, OutputBuffer outputs) {}

  /** A value set for one step by {@link #with}; a chain, newest first. */
  private record Local(ContextKey<?> key, Object value, Local outer) {}

  StepContext(Scope scope, StepLifecycle step, OutputBuffer outputs) {
    this(scope, step, outputs == null ? null : new Extras(1, null, null, outputs));
  }

  private StepContext(Scope scope, StepLifecycle step, Extras extras) {
    this.scope = scope;
    this.step = step;
    this.extras = extras;
  }

  /**
   * Returns the name of the running step.
   *
   * @return the step name
   */
  public String stepName() {
    return step.name;
  }

  /**
   * Returns the step's state name, when it tracks state.
   *
   * @return the state name, or empty
   */
  public Optional<String> stateName() {
    return Optional.ofNullable(step.stateName);
  }

  /**
   * Returns the attempt number (SEMANTICS R6).
   *
   * @return the attempt, starting at 1
   */
  public int attempt() {
    return extras == null ? 1 : extras.attempt;
  }

  /**
   * Returns the OpenTelemetry context of the step's span.
   *
   * @return the context; the root context when tracing is off
   */
  public Context otelContext() {
    return extras == null || extras.otel == null ? Context.root() : extras.otel;
  }

  /**
   * Returns the deadline of the run, when one was set (SEMANTICS R9).
   *
   * @return the deadline on the engine clock
   */
  public Optional<Instant> deadline() {
    return Optional.ofNullable(scope.run().deadline);
  }

  /**
   * Returns the engine clock; use it instead of the system clock so tests control time.
   *
   * @return the clock
   */
  public Clock clock() {
    return scope.run().clock;
  }

  /**
   * Returns the value of {@code key}: the one set for this step by a hook ({@link #with}), else the
   * one a step of this run put ({@link #put}).
   *
   * @param key the key
   * @param <T> the value type
   * @return the value, or empty when none was set
   */
  @SuppressWarnings("unchecked")
  public <T> Optional<T> get(ContextKey<T> key) {
    Objects.requireNonNull(key, "key");
    for (Local l = extras == null ? null : extras.locals; l != null; l = l.outer) {
      if (l.key == key) {
        return Optional.of((T) l.value);
      }
    }
    return Optional.ofNullable((T) scope.run().get(key));
  }

  /**
   * Sets {@code key} for the later steps of this run, parallel siblings included (thread-safe).
   *
   * @param key the key
   * @param value the value
   * @param <T> the value type
   */
  public <T> void put(ContextKey<T> key, T value) {
    scope.run().put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
  }

  /**
   * Returns a copy of this context in which {@code key} is {@code value}, for this step only; for
   * a {@link StepContextHook}.
   *
   * @param key the key
   * @param value the value
   * @param <T> the value type
   * @return the copy
   */
  public <T> StepContext with(ContextKey<T> key, T value) {
    Local locals = new Local(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"),
        extras == null ? null : extras.locals);
    return new StepContext(scope, step, new Extras(attempt(), otelOrNull(), locals, outputsOrNull()));
  }

  /**
   * Saves the durable output {@code name} (SEMANTICS R18): stored with the step's
   * {@code SUCCEEDED} state, in the same write, and readable by any later step of any later run
   * with {@link #output}. Only the outputs of the attempt that succeeds are stored; saving a name
   * again replaces its value.
   *
   * @param name an output the step declared with {@code outputs(...)}
   * @param value the value
   * @throws IllegalStateException when the step declares no outputs
   * @throws IllegalArgumentException when {@code name} is not declared, or the outputs exceed the keeper's limit
   */
  public void saveOutput(String name, String value) {
    OutputBuffer outputs = outputsOrNull();
    if (outputs == null) {
      throw new IllegalStateException("step '" + step.name + "' declares no outputs; declare them on the step"
          + " (outputs(\"" + name + "\")) to save them (SEMANTICS R18)");
    }
    outputs.save(name, value);
  }

  /**
   * Returns the output {@code name} stored with state {@code stateName}: what the step tracked
   * under that state saved when it last succeeded, in this run or an earlier one.
   *
   * @param stateName the producing step's state name
   * @param name the output name
   * @return the value, or empty when the state holds no such output
   * @throws IllegalStateException when the step runs without a keeper
   */
  public Optional<String> output(String stateName, String name) {
    Objects.requireNonNull(name, "name");
    return Optional.ofNullable(storedState(stateName).outputs().get(name));
  }

  /**
   * Returns the keeper's current view of state {@code stateName}, writes of this run included:
   * for predicates bound to other steps' states ({@link StepPredicate#succeeded}).
   *
   * @param stateName any state name the keeper may hold
   * @return the stored state; pending when it was never written
   * @throws IllegalStateException when the step runs without a keeper
   */
  public StepState storedState(String stateName) {
    Objects.requireNonNull(stateName, "stateName");
    StateKeeper keeper = scope.keeper();
    if (keeper == null) {
      throw new IllegalStateException("step '" + step.name + "' reads state '" + stateName
          + "', but the engine has no state keeper");
    }
    try {
      return keeper.getStepState(stateName);
    } catch (RuntimeException e) {
      throw KeeperFailures.of("reading state '" + stateName + "'", step.name, e, null); // R8, not a step failure
    }
  }

  /**
   * Returns the keeper that tracks this step: its own, else the one it inherits from its group or
   * the run ({@link StepsEngine#runWith(StateKeeper)}'s keeper, or the builder's). A step of an
   * engine built once for many objects finds the object of this run through it; the keepers have
   * typed helpers, such as {@code ConditionsStateKeeper.from(ctx, Database.class)}.
   *
   * @return the keeper, or empty when the step runs without one
   */
  public Optional<StateKeeper> stateKeeper() {
    return Optional.ofNullable(scope.keeper());
  }

  StepContext withAttempt(int attempt) {
    Local locals = extras == null ? null : extras.locals;
    return new StepContext(scope, step, new Extras(attempt, otelOrNull(), locals, outputsOrNull()));
  }

  StepContext withOtelContext(Context context) {
    Local locals = extras == null ? null : extras.locals;
    return new StepContext(scope, step, new Extras(attempt(), context, locals, outputsOrNull()));
  }

  OutputBuffer outputsOrNull() {
    return extras == null ? null : extras.outputs;
  }

  private Context otelOrNull() {
    return extras == null ? null : extras.otel;
  }

  @Override
  public String toString() {
    return "StepContext[" + step.name + ", attempt " + attempt() + "]";
  }
}
