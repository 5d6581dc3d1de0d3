package dev.stepsengine.k8s;

import dev.stepsengine.StepPredicate;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The condition predicates of a {@link ConditionsStateKeeper} ({@code isTrue}, {@code isNotTrue},
 * {@code isTrueFor}): each is evaluated when its step runs, against the condition as the keeper
 * sees it then, and times {@code isTrueFor} by the keeper's clock.
 *
 * <p>Holds no state of its own: the conditions it reads come through the keeper, which takes its
 * lock for each read.
 */
final class ConditionPredicates {
  private final Function<String, Optional<Condition>> conditions;
  private final Clock clock;

  /**
   * Makes the predicates of a keeper.
   *
   * @param conditions the keeper's view of a condition by type, read under its lock
   * @param clock the clock {@code isTrueFor} measures by
   */
  ConditionPredicates(Function<String, Optional<Condition>> conditions, Clock clock) {
    this.conditions = conditions;
    this.clock = clock;
  }

  /** Returns a predicate that is true when condition {@code type} is {@code True}. */
  StepPredicate isTrue(String type) {
    return StepPredicate.of("isTrue(" + type + ")", () -> isTrueFor(type, Duration.ZERO, clock.instant()));
  }

  /** Returns a predicate that is true unless condition {@code type} is {@code True}. */
  StepPredicate isNotTrue(String type) {
    return StepPredicate.of("isNotTrue(" + type + ")", () -> !isTrueFor(type, Duration.ZERO, clock.instant()));
  }

  /**
   * Returns a predicate that is true when condition {@code type} has been {@code True} for at least
   * {@code duration} by its {@code lastTransitionTime}.
   *
   * @throws IllegalArgumentException when {@code duration} is negative
   */
  StepPredicate isTrueFor(String type, Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative, was " + duration);
    }
    return StepPredicate.of("isTrueFor(" + type + ", " + duration + ")", () -> isTrueFor(type, duration, clock.instant()));
  }

  private boolean isTrueFor(String type, Duration duration, Instant now) {
    Condition c = conditions.apply(type).orElse(null);
    if (c == null || !ConditionMapping.TRUE.equals(c.getStatus())) {
      return false;
    }
    Instant since = ConditionMapping.parseTime(c.getLastTransitionTime());
    return duration.isZero() || since != null && !since.plus(duration).isAfter(now);
  }
}
