package dev.stepsengine;

/**
 * A predicate of a step marked {@code abortOnPredicatesFalse} was false, so the run stopped
 * (SEMANTICS R3). The reconcile mapping requeues it after a short delay at any nesting depth (R13).
 */
public class AbortedByPredicateException extends StepsException {
  private final String stepName;
  private final String predicate;

  /** Creates the exception for {@code stepName} whose predicate {@code predicate} was false. */
  public AbortedByPredicateException(String stepName, String predicate) {
    super("run aborted: predicate '" + predicate + "' of step '" + stepName + "' is false");
    this.stepName = stepName;
    this.predicate = predicate;
  }

  /** Returns the name of the step whose predicate was false. */
  public String stepName() {
    return stepName;
  }

  /** Returns the description of the false predicate (its method name for generated pipelines). */
  public String predicate() {
    return predicate;
  }
}
