package dev.stepsengine;

/** A predicate with a description (SEMANTICS R3: an abort names its predicate). */
final class DescribedPredicate implements StepPredicate {
  private final String description;
  private final StepPredicate predicate;

  DescribedPredicate(String description, StepPredicate predicate) {
    this.description = description;
    this.predicate = predicate;
  }

  /** Returns the description of {@code p}, or {@code "predicate"} when it has none. */
  static String of(StepPredicate p) {
    String d = p.description();
    return d == null || d.isEmpty() ? "predicate" : d;
  }

  @Override
  public boolean test(StepContext ctx) throws Exception {
    return predicate.test(ctx);
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public String toString() {
    return description;
  }
}
