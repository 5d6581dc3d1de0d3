package dev.stepsengine;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A condition a step runs under (SEMANTICS R3), with a readable description that is reported when
 * it aborts a run. Combine with {@link #and}, {@link #or} and {@link #not}.
 */
public interface StepPredicate {

  /** Evaluates the predicate; an exception is a failure of the step (R7d). */
  boolean test(StepContext ctx) throws Exception;

  /** Returns the description reported when the predicate is false, such as a method name. */
  String description();

  /** Describes a condition of the step context. */
  @FunctionalInterface
  interface Condition {
    /** Evaluates the condition. */
    boolean test(StepContext ctx) throws Exception;
  }

  /** Returns a predicate named {@code description} that evaluates {@code condition}. */
  static StepPredicate of(String description, Condition condition) {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(condition, "condition");
    return new StepPredicate() {
      @Override
      public boolean test(StepContext ctx) throws Exception {
        return condition.test(ctx);
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public String toString() {
        return description;
      }
    };
  }

  /** Returns a predicate named {@code description} that evaluates {@code supplier}. */
  static StepPredicate of(String description, BooleanSupplier supplier) {
    Objects.requireNonNull(supplier, "supplier");
    return of(description, ctx -> supplier.getAsBoolean());
  }

  /** Returns a predicate that is true when both are (short-circuit). */
  default StepPredicate and(StepPredicate other) {
    StepPredicate self = this;
    return of("(" + description() + " and " + other.description() + ")",
        ctx -> self.test(ctx) && other.test(ctx));
  }

  /** Returns a predicate that is true when either is (short-circuit). */
  default StepPredicate or(StepPredicate other) {
    StepPredicate self = this;
    return of("(" + description() + " or " + other.description() + ")",
        ctx -> self.test(ctx) || other.test(ctx));
  }

  /** Returns the negation of {@code predicate}. */
  static StepPredicate not(StepPredicate predicate) {
    return of("not " + predicate.description(), ctx -> !predicate.test(ctx));
  }
}
