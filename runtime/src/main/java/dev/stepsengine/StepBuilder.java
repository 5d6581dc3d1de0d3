package dev.stepsengine;

import dev.stepsengine.throttling.Throttle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The settings shared by the builders of every kind of step. Values are checked when set (names:
 * {@link StepNames}; {@code null}: refused at once, SEMANTICS R19), so a bad value fails where it
 * is written.
 *
 * @param <B> the concrete builder type
 * @param <S> the step type built
 */
public abstract class StepBuilder<B extends StepBuilder<B, S>, S extends PipelineStep> {
  final String name;
  State state;
  final List<StepPredicate> predicates = new ArrayList<>(2);
  boolean abortOnPredicatesFalse;
  boolean skipStateCheck;
  boolean continueOnError;
  boolean finishOnSuccess;
  FailureHandler onFail;
  Throttle throttle;
  RetryPolicy retry = RetryPolicy.none();
  StateKeeper stateKeeper;
  Duration timeout;
  final List<String> outputs = new ArrayList<>(0);

  StepBuilder(String name) {
    this.name = StepNames.checkStepName(Objects.requireNonNull(name, "name"));
  }

  /** Starts from the settings of an existing step ({@code toBuilder()}). */
  StepBuilder(StepOptions from) {
    this.name = from.name;
    this.state = from.state;
    this.predicates.addAll(from.predicates);
    this.abortOnPredicatesFalse = from.abortOnPredicatesFalse;
    this.skipStateCheck = from.skipStateCheck;
    this.continueOnError = from.continueOnError;
    this.finishOnSuccess = from.finishOnSuccess;
    this.onFail = from.onFail;
    this.throttle = from.throttle;
    this.retry = from.retry;
    this.stateKeeper = from.stateKeeper;
    this.timeout = from.timeout;
    this.outputs.addAll(from.outputs);
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /**
   * Tracks the step's state under {@code state} (SEMANTICS R2, R5, R7).
   *
   * @param state the state tracking
   * @return this builder
   */
  public B state(State state) {
    this.state = Objects.requireNonNull(state, "state");
    return self();
  }

  /**
   * Tracks the step's state under the state name {@code stateName}.
   *
   * @param stateName the state name (for Kubernetes, the condition type)
   * @return this builder
   */
  public B state(String stateName) {
    return state(State.of(Objects.requireNonNull(stateName, "stateName")));
  }

  /**
   * Adds a predicate; predicates are evaluated in the order added, after the engine-wide ones
   * (SEMANTICS R3, R17).
   *
   * @param predicate the condition; a lambda, or {@link StepPredicate#named} to give it a name
   * @return this builder
   */
  public B when(StepPredicate predicate) {
    predicates.add(Objects.requireNonNull(predicate, "predicate"));
    return self();
  }

  /**
   * Adds a predicate described as {@code description} (reported when it aborts the run).
   *
   * @param description the description, such as a method name
   * @param predicate the condition
   * @return this builder
   */
  public B when(String description, StepPredicate predicate) {
    return when(StepPredicate.named(description, predicate));
  }

  /**
   * Stops the run with {@link AbortedByPredicateException} when a predicate is false, instead of
   * skipping the step.
   *
   * @return this builder
   */
  public B abortOnPredicatesFalse() {
    return abortOnPredicatesFalse(true);
  }

  /**
   * Sets whether a false predicate stops the run instead of skipping the step.
   *
   * @param abort whether to abort
   * @return this builder
   */
  public B abortOnPredicatesFalse(boolean abort) {
    this.abortOnPredicatesFalse = abort;
    return self();
  }

  /**
   * Runs the step even when its stored state is succeeded.
   *
   * @return this builder
   */
  public B skipStateCheck() {
    return skipStateCheck(true);
  }

  /**
   * Sets whether the step runs even when its stored state is succeeded.
   *
   * @param skip whether to skip the R2 check
   * @return this builder
   */
  public B skipStateCheck(boolean skip) {
    this.skipStateCheck = skip;
    return self();
  }

  /**
   * Lets the run go on when this step fails (SEMANTICS R7d).
   *
   * @return this builder
   */
  public B continueOnError() {
    return continueOnError(true);
  }

  /**
   * Sets whether the run goes on when this step fails (SEMANTICS R7d).
   *
   * @param continueOnError whether failures continue
   * @return this builder
   */
  public B continueOnError(boolean continueOnError) {
    this.continueOnError = continueOnError;
    return self();
  }

  /**
   * Ends the run (or only the enclosing group) successfully after this step succeeds (SEMANTICS R7a).
   *
   * @return this builder
   */
  public B finishOnSuccess() {
    return finishOnSuccess(true);
  }

  /**
   * Sets whether the run (or the enclosing group) ends successfully after this step succeeds.
   *
   * @param finish whether success finishes the sequence
   * @return this builder
   */
  public B finishOnSuccess(boolean finish) {
    this.finishOnSuccess = finish;
    return self();
  }

  /**
   * Calls {@code handler} after the step failed and its failure state was written (SEMANTICS R7d).
   *
   * @param handler the failure handler
   * @return this builder
   */
  public B onFail(FailureHandler handler) {
    this.onFail = Objects.requireNonNull(handler, "handler");
    return self();
  }

  /**
   * Throttles the step (SEMANTICS R4).
   *
   * @param throttle the throttle settings
   * @return this builder
   */
  public B throttle(Throttle throttle) {
    this.throttle = Objects.requireNonNull(throttle, "throttle");
    return self();
  }

  /**
   * Retries failed attempts in-process (SEMANTICS R6).
   *
   * @param retry the retry policy
   * @return this builder
   */
  public B retry(RetryPolicy retry) {
    this.retry = Objects.requireNonNull(retry, "retry");
    return self();
  }

  /**
   * Interrupts an attempt that runs longer than {@code timeout}; the attempt then fails with
   * {@link StepTimeoutException} (SEMANTICS R16). For a group, the timeout covers the whole group.
   * The run deadline bounds it.
   *
   * @param timeout the timeout per attempt; positive
   * @return this builder
   */
  public B timeout(Duration timeout) {
    this.timeout = Checks.positive(timeout, "timeout");
    return self();
  }

  /**
   * Declares the outputs the step may save with {@link StepContext#saveOutput} (SEMANTICS R18).
   * They are stored with the step's {@code SUCCEEDED} state, so the step needs state tracking and
   * the engine's keeper must support outputs; the engine refuses to build otherwise.
   *
   * @param names output names: 1 to 63 letters, digits, {@code _}, {@code -} or {@code .}
   * @return this builder
   */
  public B outputs(String... names) {
    for (String n : Checks.nonNullElements("names", names)) {
      StepNames.checkOutputName(n);
      if (!outputs.contains(n)) {
        outputs.add(n);
      }
    }
    return self();
  }

  /**
   * Uses {@code keeper} for this step and, for composite steps, its children (SEMANTICS R1).
   *
   * @param keeper the keeper
   * @return this builder
   */
  public B stateKeeper(StateKeeper keeper) {
    this.stateKeeper = Objects.requireNonNull(keeper, "keeper");
    return self();
  }

  /**
   * Returns the step.
   *
   * @return the immutable step
   * @throws IllegalStateException when a required setting is missing or settings contradict each other
   */
  public abstract S build();

  StepOptions options() {
    if (!outputs.isEmpty() && state == null) {
      throw new IllegalStateException("step '" + name + "' declares outputs " + outputs
          + " but tracks no state: outputs are stored with the step's SUCCEEDED state (SEMANTICS R18);"
          + " give it a state");
    }
    return new StepOptions(this);
  }
}
