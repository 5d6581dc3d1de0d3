package dev.stepsengine;

import java.util.ArrayList;
import java.util.List;

/**
 * Steps run in order as a nested run, recorded as one step with its own state (SEMANTICS R11).
 * Children inherit the engine's keeper, throttler, clock, telemetry and hook (R1); a
 * {@code finishOnSuccess} child ends only the group.
 */
public final class GroupedSteps implements PipelineStep {
  private final StepOptions options;
  final List<PipelineStep> steps;

  private GroupedSteps(StepOptions options, List<PipelineStep> steps) {
    this.options = options;
    this.steps = steps;
  }

  /**
   * Starts a builder for a group named {@code name}.
   *
   * @param name the group's step name
   * @return the builder
   */
  public static Builder named(String name) {
    return new Builder(name);
  }

  @Override
  public StepOptions options() {
    return options;
  }

  /**
   * Returns the children, in order.
   *
   * @return the children
   */
  public List<PipelineStep> steps() {
    return steps;
  }

  /**
   * Returns a builder holding this group's settings and children, to build a changed copy.
   *
   * @return a builder; this group is not changed
   */
  public Builder toBuilder() {
    return new Builder(options).steps(steps);
  }

  @Override
  public String toString() {
    return "GroupedSteps[" + options.name + ", " + steps.size() + " steps]";
  }

  /** Builds a {@link GroupedSteps}. */
  public static final class Builder extends StepBuilder<Builder, GroupedSteps> {
    private final List<PipelineStep> steps = new ArrayList<>();

    private Builder(String name) {
      super(name);
    }

    private Builder(StepOptions from) {
      super(from);
    }

    /**
     * Adds children, in order.
     *
     * @param steps the children; no element may be null
     * @return this builder
     */
    public Builder steps(List<? extends PipelineStep> steps) {
      this.steps.addAll(Checks.nonNullElements(steps, "steps"));
      return this;
    }

    /**
     * Adds children, in order.
     *
     * @param steps the children; no element may be null
     * @return this builder
     */
    public Builder steps(PipelineStep... steps) {
      return steps(Checks.nonNullElements("steps", steps));
    }

    @Override
    public GroupedSteps build() {
      List<PipelineStep> copy = List.copyOf(steps);
      StepGraph.checkUniqueNames(name, copy);
      return new GroupedSteps(options(), copy);
    }
  }
}
