package dev.stepsengine;

import java.util.ArrayList;
import java.util.List;

/**
 * Steps run concurrently on the engine's executor (SEMANTICS R10). Each child goes through the
 * whole step lifecycle itself (state, skip, predicates, throttle, retry, timeout, onFail). The
 * group waits for every child; failures are reported in declaration order.
 */
public final class ParallelSteps implements PipelineStep {
  private final StepOptions options;
  final List<PipelineStep> steps;
  final int maxConcurrency;
  final boolean failFast;

  private ParallelSteps(StepOptions options, List<PipelineStep> steps, int maxConcurrency, boolean failFast) {
    this.options = options;
    this.steps = steps;
    this.maxConcurrency = maxConcurrency;
    this.failFast = failFast;
  }

  /**
   * Starts a builder for a parallel group named {@code name}.
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
   * Returns the children, in declaration order.
   *
   * @return the children
   */
  public List<PipelineStep> steps() {
    return steps;
  }

  /**
   * Returns the most children run at once.
   *
   * @return the limit; 0 = as many as there are children (capped by the executor)
   */
  public int maxConcurrency() {
    return maxConcurrency;
  }

  /**
   * Returns whether the first stopping failure interrupts the children still running.
   *
   * @return whether the group fails fast
   */
  public boolean failFast() {
    return failFast;
  }

  /**
   * Returns a builder holding this group's settings and children, to build a changed copy.
   *
   * @return a builder; this group is not changed
   */
  public Builder toBuilder() {
    Builder b = new Builder(options).steps(steps).failFast(failFast);
    b.maxConcurrency = maxConcurrency;
    return b;
  }

  @Override
  public String toString() {
    return "ParallelSteps[" + options.name + ", " + steps.size() + " steps]";
  }

  /** Builds a {@link ParallelSteps}. */
  public static final class Builder extends StepBuilder<Builder, ParallelSteps> {
    private final List<PipelineStep> steps = new ArrayList<>();
    private int maxConcurrency;
    private boolean failFast;

    private Builder(String name) {
      super(name);
    }

    private Builder(StepOptions from) {
      super(from);
    }

    /**
     * Adds children.
     *
     * @param steps the children; no element may be null
     * @return this builder
     */
    public Builder steps(List<? extends PipelineStep> steps) {
      this.steps.addAll(Checks.nonNullElements(steps, "steps"));
      return this;
    }

    /**
     * Adds children.
     *
     * @param steps the children; no element may be null
     * @return this builder
     */
    public Builder steps(PipelineStep... steps) {
      return steps(Checks.nonNullElements("steps", steps));
    }

    /**
     * Runs at most {@code maxConcurrency} children at once.
     *
     * @param maxConcurrency the limit, at least 1
     * @return this builder
     */
    public Builder maxConcurrency(int maxConcurrency) {
      if (maxConcurrency < 1) {
        throw new IllegalArgumentException("maxConcurrency must be at least 1, was " + maxConcurrency);
      }
      this.maxConcurrency = maxConcurrency;
      return this;
    }

    /**
     * Interrupts the children still running after the first stopping failure.
     *
     * @return this builder
     */
    public Builder failFast() {
      return failFast(true);
    }

    /**
     * Sets whether the first stopping failure interrupts the children still running.
     *
     * @param failFast whether the group fails fast
     * @return this builder
     */
    public Builder failFast(boolean failFast) {
      this.failFast = failFast;
      return this;
    }

    @Override
    public ParallelSteps build() {
      List<PipelineStep> copy = List.copyOf(steps);
      StepGraph.checkUniqueNames(name, copy);
      for (PipelineStep child : copy) {
        if (child.options().finishOnSuccess) {
          throw new IllegalArgumentException("STEPS-V8: step '" + child.name() + "' of parallel group '"
              + name + "' has finishOnSuccess, which a parallel child cannot have; move it after the group");
        }
      }
      return new ParallelSteps(options(), copy, maxConcurrency, failFast);
    }
  }
}
