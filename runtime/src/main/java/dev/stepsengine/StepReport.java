package dev.stepsengine;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What happened to one step in one run (SEMANTICS R15).
 *
 * @param name the step name
 * @param stateName the state name, or {@code null} when the step tracks no state
 * @param outcome the outcome
 * @param attempts how many attempts ran (0 when the step did not run)
 * @param durationNanos how long the step took, in nanoseconds
 * @param exception the step's exception (failures, waits, expected errors), or {@code null}
 * @param children the reports of a composite step's children, in order (empty for simple steps)
 */
public record StepReport(String name, String stateName, StepOutcome outcome, int attempts, long durationNanos,
    Throwable exception, List<StepReport> children) {

  /** Returns how long the step took. */
  public Duration duration() {
    return Duration.ofNanos(durationNanos);
  }

  /** Returns the step's exception, when there is one. */
  public Optional<Throwable> error() {
    return Optional.ofNullable(exception);
  }

  /** Returns the state name, when the step tracks state. */
  public Optional<String> state() {
    return Optional.ofNullable(stateName);
  }

  @Override
  public String toString() {
    return name + "=" + outcome + (children.isEmpty() ? "" : children.toString());
  }
}
