package dev.stepsengine;

import java.util.Optional;

/**
 * A step failed and the run stopped (SEMANTICS R7d). {@link #stepName()} names the step whose own
 * work failed, also when it is nested in groups ({@link #stepPath()} gives the whole path); the
 * cause is that step's exception — for a parallel group whose children stopped, the
 * {@link ParallelStepsException} listing them all.
 */
public class StepFailedException extends StepsException {
  /** The step's path (name, or group/child). */
  private final String stepPath;
  /** The step's name. */
  private final String stepName;
  /** The step's state name; null when it has none. */
  private final String stateName;

  /**
   * Creates the exception for a top-level step.
   *
   * @param stepName the failed step
   * @param stateName the failed step's state name, or {@code null} when it tracks none
   * @param cause the step's exception
   */
  public StepFailedException(String stepName, String stateName, Throwable cause) {
    this(stepName, stepName, stateName, cause);
  }

  StepFailedException(String stepPath, String stepName, String stateName, Throwable cause) {
    super("step '" + stepPath + "' failed: " + Causes.describe(cause), cause);
    this.stepPath = stepPath;
    this.stepName = stepName;
    this.stateName = stateName;
  }

  /**
   * Returns the name of the step whose own work failed (the innermost one, for nested steps).
   *
   * @return the step name
   */
  public String stepName() {
    return stepName;
  }

  /**
   * Returns the path of the failed step from the top of the pipeline ({@code group/child}).
   *
   * @return the path, as {@link RunReport#step(String)} takes it
   */
  public String stepPath() {
    return stepPath;
  }

  /**
   * Returns the state name of the failed step, when it tracks state.
   *
   * @return the state name
   */
  public Optional<String> stateName() {
    return Optional.ofNullable(stateName);
  }

  static String describe(Throwable t) {
    return Causes.describe(t);
  }
}
