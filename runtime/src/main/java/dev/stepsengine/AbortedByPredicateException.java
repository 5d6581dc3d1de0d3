package dev.stepsengine;

/**
 * A predicate of a step marked {@code abortOnPredicatesFalse} was false, so the run stopped
 * (SEMANTICS R3). The reconcile mapping requeues it after a short delay at any nesting depth (R13).
 */
public class AbortedByPredicateException extends StepsException {
  /** The step's name. */
  private final String stepName;
  /** The description of the predicate that was false. */
  private final String predicate;

  /**
   * Creates the exception for {@code stepName} whose predicate {@code predicate} was false.
   *
   * @param stepName the step's name
   * @param predicate the predicate
   */
  public AbortedByPredicateException(String stepName, String predicate) {
    super("run aborted: predicate '" + predicate + "' of step '" + stepName + "' is false");
    this.stepName = stepName;
    this.predicate = predicate;
  }

  /**
   * Returns the name of the step whose predicate was false.
   *
   * @return the name of the step whose predicate was false
   */
  public String stepName() {
    return stepName;
  }

  /**
   * Returns the description of the false predicate (its method name for generated pipelines).
   *
   * @return the description of the false predicate (its method name for generated pipelines)
   */
  public String predicate() {
    return predicate;
  }
}
