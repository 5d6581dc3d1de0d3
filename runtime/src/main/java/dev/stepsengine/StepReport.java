package dev.stepsengine;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one step in one run (SEMANTICS R15): its name and path, state name, outcome,
 * attempts, duration, exception and, for a composite step, its children's reports.
 *
 * <p>Immutable. Made by the engine; read it from {@link RunReport#steps()},
 * {@link RunReport#step(String)} or a {@link StepListener}.
 */
public final class StepReport {
  private final String name;
  private final String path;
  private final String stateName;
  private final StepOutcome outcome;
  private final int attempts;
  private final long durationNanos;
  private final Throwable error;
  private final List<StepReport> children;

  StepReport(String name, String path, String stateName, StepOutcome outcome, int attempts, long durationNanos,
      Throwable error, List<StepReport> children) {
    this.name = name;
    this.path = path;
    this.stateName = stateName;
    this.outcome = outcome;
    this.attempts = attempts;
    this.durationNanos = durationNanos;
    this.error = error;
    this.children = List.copyOf(children);
  }

  /**
   * Returns the step name.
   *
   * @return the name, unique within the step's parent
   */
  public String name() {
    return name;
  }

  /**
   * Returns the step's path: its name, under its parents' names ({@code group/child}).
   *
   * @return the path, as {@link RunReport#step(String)} takes it
   */
  public String path() {
    return path;
  }

  /**
   * Returns the state name, when the step tracks state.
   *
   * @return the state name, or empty for an untracked step
   */
  public Optional<String> stateName() {
    return Optional.ofNullable(stateName);
  }

  /**
   * Returns what happened to the step.
   *
   * @return the outcome; {@link StepOutcome#NOT_REACHED} when the run stopped before the step
   */
  public StepOutcome outcome() {
    return outcome;
  }

  /**
   * Returns how many attempts ran.
   *
   * @return the number of attempts; 0 when the step did not run
   */
  public int attempts() {
    return attempts;
  }

  /**
   * Returns how long the step took, checks included.
   *
   * @return the duration; zero for a step that was not reached
   */
  public Duration duration() {
    return Duration.ofNanos(durationNanos);
  }

  /**
   * Returns the step's exception: its failure, wait, expected error or cancellation.
   *
   * @return the exception, or empty when the step ended without one
   */
  public Optional<Throwable> error() {
    return Optional.ofNullable(error);
  }

  /**
   * Returns the reports of a composite step's children, in declaration order.
   *
   * @return the children's reports; empty for a simple step
   */
  public List<StepReport> children() {
    return children;
  }

  /** Returns a copy without children, as a {@link StepListener} sees it. */
  StepReport withoutChildren() {
    return children.isEmpty() ? this
        : new StepReport(name, path, stateName, outcome, attempts, durationNanos, error, List.of());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StepReport r
        && name.equals(r.name)
        && path.equals(r.path)
        && Objects.equals(stateName, r.stateName)
        && outcome == r.outcome
        && attempts == r.attempts
        && durationNanos == r.durationNanos
        && Objects.equals(error, r.error)
        && children.equals(r.children);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, outcome, attempts, durationNanos);
  }

  @Override
  public String toString() {
    return name + "=" + outcome + (children.isEmpty() ? "" : children.toString());
  }
}
