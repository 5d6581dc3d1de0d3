package dev.stepsengine;

import dev.stepsengine.throttling.Throttle;
import java.util.List;
import java.util.Optional;

/**
 * The settings every kind of {@link PipelineStep} has: name, state tracking, predicates, error handling,
 * throttle, retry and an optional keeper of its own. Immutable; built by {@link StepBuilder}.
 */
public final class StepOptions {
  final String name;
  final State state;
  final List<StepPredicate> predicates;
  final boolean abortOnPredicatesFalse;
  final boolean skipStateCheck;
  final boolean continueOnError;
  final boolean finishOnSuccess;
  final FailureHandler onFail;
  final Throttle throttle;
  final RetryPolicy retry;
  final StateKeeper stateKeeper;
  /**
   * A simple step with no predicates, throttle, retry or keeper of its own: the engine may take
   * its hot path when the step is untracked.
   */
  final boolean simplePlain;

  StepOptions(String name, State state, List<StepPredicate> predicates, boolean abortOnPredicatesFalse,
      boolean skipStateCheck, boolean continueOnError, boolean finishOnSuccess, FailureHandler onFail,
      Throttle throttle, RetryPolicy retry, StateKeeper stateKeeper, boolean simple) {
    this.name = name;
    this.state = state;
    this.predicates = List.copyOf(predicates);
    this.abortOnPredicatesFalse = abortOnPredicatesFalse;
    this.skipStateCheck = skipStateCheck;
    this.continueOnError = continueOnError;
    this.finishOnSuccess = finishOnSuccess;
    this.onFail = onFail;
    this.throttle = throttle;
    this.retry = retry;
    this.stateKeeper = stateKeeper;
    this.simplePlain = simple && this.predicates.isEmpty() && throttle == null && retry.maxAttempts() == 1
        && stateKeeper == null;
  }

  /** Returns the step name, unique within its parent. */
  public String name() {
    return name;
  }

  /** Returns the state tracking, when the step has it. */
  public Optional<State> state() {
    return Optional.ofNullable(state);
  }

  /** Returns the predicates, in evaluation order (SEMANTICS R3). */
  public List<StepPredicate> predicates() {
    return predicates;
  }

  /** Returns whether a false predicate stops the run instead of skipping the step. */
  public boolean abortOnPredicatesFalse() {
    return abortOnPredicatesFalse;
  }

  /** Returns whether the step runs even when its stored state is succeeded. */
  public boolean skipStateCheck() {
    return skipStateCheck;
  }

  /** Returns whether the run goes on after this step fails. */
  public boolean continueOnError() {
    return continueOnError;
  }

  /** Returns whether the run (or the enclosing group) ends successfully after this step succeeds. */
  public boolean finishOnSuccess() {
    return finishOnSuccess;
  }

  /** Returns the failure handler, when there is one. */
  public Optional<FailureHandler> onFail() {
    return Optional.ofNullable(onFail);
  }

  /** Returns the throttle settings, when the step is throttled. */
  public Optional<Throttle> throttle() {
    return Optional.ofNullable(throttle);
  }

  /** Returns the retry policy ({@link RetryPolicy#none()} by default). */
  public RetryPolicy retry() {
    return retry;
  }

  /** Returns the step's own keeper, when it overrides the inherited one (SEMANTICS R1). */
  public Optional<StateKeeper> stateKeeper() {
    return Optional.ofNullable(stateKeeper);
  }
}
