package dev.stepsengine;

import java.util.Optional;

/** A step failed and the run stopped (SEMANTICS R7d). The step's exception is the cause. */
public class StepFailedException extends StepsException {
  private final String stepName;
  private final String stateName;

  /** Creates the exception for step {@code stepName} (state {@code stateName}, may be {@code null}). */
  public StepFailedException(String stepName, String stateName, Throwable cause) {
    super("step '" + stepName + "' failed: " + describe(cause), cause);
    this.stepName = stepName;
    this.stateName = stateName;
  }

  /** Returns the name of the failed step. */
  public String stepName() {
    return stepName;
  }

  /** Returns the state name of the failed step, when it tracks state. */
  public Optional<String> stateName() {
    return Optional.ofNullable(stateName);
  }

  static String describe(Throwable t) {
    if (t == null) {
      return "unknown error";
    }
    String m = t.getMessage();
    return m == null || m.isEmpty() ? t.getClass().getName() : m;
  }
}
