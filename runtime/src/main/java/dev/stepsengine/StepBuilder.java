package dev.stepsengine;

import dev.stepsengine.throttling.Throttle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The settings shared by the builders of every kind of step. Names are checked when set (step
 * names: {@link StepNames#checkStepName}), so a bad name fails where it is written.
 *
 * @param <B> the concrete builder type
 * @param <S> the step type built
 */
public abstract class StepBuilder<B extends StepBuilder<B, S>, S extends PipelineStep> {
  private final String name;
  private State state;
  private final List<StepPredicate> predicates = new ArrayList<>(2);
  private boolean abortOnPredicatesFalse;
  private boolean skipStateCheck;
  private boolean continueOnError;
  private boolean finishOnSuccess;
  private FailureHandler onFail;
  private Throttle throttle;
  private RetryPolicy retry = RetryPolicy.none();
  private StateKeeper stateKeeper;

  StepBuilder(String name) {
    this.name = StepNames.checkStepName(name);
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** Tracks the step's state under {@code state} (SEMANTICS R2, R5, R7). */
  public B state(State state) {
    this.state = Objects.requireNonNull(state, "state");
    return self();
  }

  /** Tracks the step's state under the state name {@code stateName}. */
  public B state(String stateName) {
    return state(State.of(stateName));
  }

  /** Adds a predicate; predicates are evaluated in the order added (SEMANTICS R3). */
  public B when(StepPredicate predicate) {
    predicates.add(Objects.requireNonNull(predicate, "predicate"));
    return self();
  }

  /** Stops the run with {@link AbortedByPredicateException} when a predicate is false, instead of skipping. */
  public B abortOnPredicatesFalse() {
    this.abortOnPredicatesFalse = true;
    return self();
  }

  /** Runs the step even when its stored state is succeeded. */
  public B skipStateCheck() {
    this.skipStateCheck = true;
    return self();
  }

  /** Lets the run go on when this step fails (SEMANTICS R7d). */
  public B continueOnError() {
    this.continueOnError = true;
    return self();
  }

  /** Ends the run (or only the enclosing group) successfully after this step succeeds (SEMANTICS R7a). */
  public B finishOnSuccess() {
    this.finishOnSuccess = true;
    return self();
  }

  /** Calls {@code handler} after the step failed and its failure state was written. */
  public B onFail(FailureHandler handler) {
    this.onFail = Objects.requireNonNull(handler, "handler");
    return self();
  }

  /** Throttles the step (SEMANTICS R4). */
  public B throttle(Throttle throttle) {
    this.throttle = Objects.requireNonNull(throttle, "throttle");
    return self();
  }

  /** Retries failed attempts in-process (SEMANTICS R6). */
  public B retry(RetryPolicy retry) {
    this.retry = Objects.requireNonNull(retry, "retry");
    return self();
  }

  /** Uses {@code keeper} for this step and, for composite steps, its children (SEMANTICS R1). */
  public B stateKeeper(StateKeeper keeper) {
    this.stateKeeper = Objects.requireNonNull(keeper, "keeper");
    return self();
  }

  /** Returns the step; throws {@link IllegalStateException} when a required setting is missing. */
  public abstract S build();

  StepOptions options() {
    return new StepOptions(name, state, predicates, abortOnPredicatesFalse, skipStateCheck,
        continueOnError, finishOnSuccess, onFail, throttle, retry, stateKeeper, this instanceof SimpleStep.Builder);
  }

  String name() {
    return name;
  }
}
