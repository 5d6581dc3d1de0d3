package dev.stepsengine;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A condition a step runs under (SEMANTICS R3, R17). A plain lambda is a predicate:
 * {@code .when(ctx -> cluster.isReady())}. Give it a description with {@link #named} so an abort
 * names it ({@code .when(StepPredicate.named("clusterReady", ctx -> cluster.isReady()))}); an
 * unnamed predicate is reported by its position ({@code "predicate 2 of step 'deploy'"}).
 * Combine with {@link #and}, {@link #or} and {@link #not}.
 */
@FunctionalInterface
public interface StepPredicate {

  /**
   * Evaluates the predicate; an exception is a failure of the step (SEMANTICS R7d).
   *
   * @param ctx the context of the step about to run
   * @return whether the step may run
   * @throws Exception when the predicate cannot be evaluated
   */
  boolean test(StepContext ctx) throws Exception;

  /**
   * Returns the description reported when the predicate is false, such as a method name.
   *
   * @return the description; empty for an unnamed predicate
   */
  default String description() {
    return "";
  }

  /**
   * Returns {@code predicate} described as {@code description}.
   *
   * @param description what an abort reports, such as {@code "isEnabled"}
   * @param predicate the condition
   * @return the described predicate
   */
  static StepPredicate named(String description, StepPredicate predicate) {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(predicate, "predicate");
    return new DescribedPredicate(description, predicate);
  }

  /**
   * Returns a predicate described as {@code description} that asks {@code supplier}, for
   * conditions that do not need the context ({@code StepPredicate.of("isEnabled", this::isEnabled)}).
   *
   * @param description what an abort reports
   * @param supplier the condition
   * @return the described predicate
   */
  static StepPredicate of(String description, BooleanSupplier supplier) {
    Objects.requireNonNull(supplier, "supplier");
    return named(description, ctx -> supplier.getAsBoolean());
  }

  /**
   * Returns a predicate that is true when both are (short-circuit).
   *
   * @param other the second predicate
   * @return the conjunction
   */
  default StepPredicate and(StepPredicate other) {
    Objects.requireNonNull(other, "other");
    StepPredicate self = this;
    return named("(" + DescribedPredicate.of(self) + " and " + DescribedPredicate.of(other) + ")",
        ctx -> self.test(ctx) && other.test(ctx));
  }

  /**
   * Returns a predicate that is true when either is (short-circuit).
   *
   * @param other the second predicate
   * @return the disjunction
   */
  default StepPredicate or(StepPredicate other) {
    Objects.requireNonNull(other, "other");
    StepPredicate self = this;
    return named("(" + DescribedPredicate.of(self) + " or " + DescribedPredicate.of(other) + ")",
        ctx -> self.test(ctx) || other.test(ctx));
  }

  /**
   * Returns the negation of {@code predicate}.
   *
   * @param predicate the predicate to negate
   * @return a predicate described as {@code "not description"}
   */
  static StepPredicate not(StepPredicate predicate) {
    Objects.requireNonNull(predicate, "predicate");
    return named("not " + DescribedPredicate.of(predicate), ctx -> !predicate.test(ctx));
  }

  /**
   * Returns a predicate that is true when the keeper holds state {@code stateName} as succeeded
   * (for Kubernetes: condition {@code stateName} is {@code True}), stale or not. Reads the keeper's
   * current view, this run's writes included.
   *
   * @param stateName the state to look at; any state the keeper holds, of this pipeline or not
   * @return the predicate, described as {@code stateName}
   */
  static StepPredicate succeeded(String stateName) {
    StepNames.checkStateName(Objects.requireNonNull(stateName, "stateName"));
    return named(stateName, ctx -> ctx.storedState(stateName).isSucceeded());
  }

  /**
   * Returns a predicate that is true when the keeper does not hold state {@code stateName} as
   * succeeded (pending, running, failed or never written).
   *
   * @param stateName the state to look at
   * @return the predicate, described as {@code "not stateName"}
   */
  static StepPredicate notSucceeded(String stateName) {
    return not(succeeded(stateName));
  }

  /**
   * Returns a predicate that is true when state {@code stateName} succeeded at least
   * {@code duration} ago on the engine clock, from the state's {@link StepState#updatedAt()} (for
   * Kubernetes, the condition's {@code lastTransitionTime}): the grace periods operators write by
   * hand ("more than 5 minutes after X became true").
   *
   * @param stateName the state to look at
   * @param duration how long the state must have been succeeded; not negative
   * @return the predicate, described as {@code "stateName for duration"}
   */
  static StepPredicate succeededFor(String stateName, Duration duration) {
    StepNames.checkStateName(Objects.requireNonNull(stateName, "stateName"));
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative, was " + duration);
    }
    return named(stateName + " for " + duration, ctx -> {
      StepState s = ctx.storedState(stateName);
      Instant since = s.updatedAt();
      return s.isSucceeded() && since != null && !ctx.clock().instant().isBefore(since.plus(duration));
    });
  }
}
