package dev.stepsengine;

import dev.stepsengine.throttling.Throttle;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The settings every kind of {@link PipelineStep} has: name, state tracking, predicates, error
 * handling, throttle, retry, timeout, declared outputs and an optional keeper of its own.
 * Immutable; built by {@link StepBuilder}.
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
  final Duration timeout;
  final List<String> outputs;

  StepOptions(StepBuilder<?, ?> b) {
    this.name = b.name;
    this.state = b.state;
    this.predicates = List.copyOf(b.predicates);
    this.abortOnPredicatesFalse = b.abortOnPredicatesFalse;
    this.skipStateCheck = b.skipStateCheck;
    this.continueOnError = b.continueOnError;
    this.finishOnSuccess = b.finishOnSuccess;
    this.onFail = b.onFail;
    this.throttle = b.throttle;
    this.retry = b.retry;
    this.stateKeeper = b.stateKeeper;
    this.timeout = b.timeout;
    this.outputs = List.copyOf(b.outputs);
  }

  /**
   * Returns the step name.
   *
   * @return the name, unique within the step's parent
   */
  public String name() {
    return name;
  }

  /**
   * Returns the state tracking, when the step has it.
   *
   * @return the state, or empty for an untracked step
   */
  public Optional<State> state() {
    return Optional.ofNullable(state);
  }

  /**
   * Returns the step's own predicates, in evaluation order (SEMANTICS R3); engine-wide ones (R17)
   * are evaluated before them and are not listed here.
   *
   * @return the predicates
   */
  public List<StepPredicate> predicates() {
    return predicates;
  }

  /**
   * Returns whether a false predicate stops the run instead of skipping the step.
   *
   * @return whether the step aborts on a false predicate
   */
  public boolean abortOnPredicatesFalse() {
    return abortOnPredicatesFalse;
  }

  /**
   * Returns whether the step runs even when its stored state is succeeded.
   *
   * @return whether the R2 check is skipped
   */
  public boolean skipStateCheck() {
    return skipStateCheck;
  }

  /**
   * Returns whether the run goes on after this step fails.
   *
   * @return whether failures continue (SEMANTICS R7d)
   */
  public boolean continueOnError() {
    return continueOnError;
  }

  /**
   * Returns whether the run (or the enclosing group) ends successfully after this step succeeds.
   *
   * @return whether success finishes the sequence (SEMANTICS R7a)
   */
  public boolean finishOnSuccess() {
    return finishOnSuccess;
  }

  /**
   * Returns the failure handler, when there is one.
   *
   * @return the handler called after a failure (SEMANTICS R7d)
   */
  public Optional<FailureHandler> onFail() {
    return Optional.ofNullable(onFail);
  }

  /**
   * Returns the throttle settings, when the step is throttled.
   *
   * @return the throttle (SEMANTICS R4)
   */
  public Optional<Throttle> throttle() {
    return Optional.ofNullable(throttle);
  }

  /**
   * Returns the retry policy.
   *
   * @return the policy; {@link RetryPolicy#none()} by default (SEMANTICS R6)
   */
  public RetryPolicy retry() {
    return retry;
  }

  /**
   * Returns the step's own keeper, when it overrides the inherited one (SEMANTICS R1).
   *
   * @return the keeper of this step and its children
   */
  public Optional<StateKeeper> stateKeeper() {
    return Optional.ofNullable(stateKeeper);
  }

  /**
   * Returns the timeout of each attempt, when the step has one (SEMANTICS R16).
   *
   * @return the timeout per attempt
   */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /**
   * Returns the names of the outputs the step may save (SEMANTICS R18).
   *
   * @return the declared output names, in declaration order; empty when none
   */
  public List<String> outputs() {
    return outputs;
  }
}
