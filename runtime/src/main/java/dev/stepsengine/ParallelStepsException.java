package dev.stepsengine;

import java.util.List;

/**
 * One or more children of a parallel group stopped (SEMANTICS R10). The failures are listed in the
 * children's declaration order and also attached as suppressed exceptions; the first is the cause.
 */
public class ParallelStepsException extends StepsException {
  /** The parallel group's name. */
  private final String groupName;
  /** The failures of the group's children, in order. */
  private final List<StepsException> failures;

  /**
   * Creates the exception for group {@code groupName}; {@code failures} must not be empty.
   *
   * @param groupName the group name
   * @param failures the failures
   */
  public ParallelStepsException(String groupName, List<StepsException> failures) {
    super("parallel group '" + groupName + "': " + failures.size() + " of its steps stopped: "
        + summary(failures), failures.get(0));
    this.groupName = groupName;
    this.failures = List.copyOf(failures);
    for (int i = 1; i < failures.size(); i++) {
      addSuppressed(failures.get(i));
    }
  }

  /**
   * Returns the name of the parallel group.
   *
   * @return the name of the parallel group
   */
  public String groupName() {
    return groupName;
  }

  /**
   * Returns the stopping failures of the children, in declaration order.
   *
   * @return the stopping failures of the children, in declaration order
   */
  public List<StepsException> failures() {
    return failures;
  }

  private static String summary(List<StepsException> failures) {
    StringBuilder b = new StringBuilder();
    for (StepsException f : failures) {
      if (b.length() > 0) {
        b.append("; ");
      }
      b.append(f.getMessage());
    }
    return b.toString();
  }
}
