package dev.stepsengine;

import java.util.Objects;

/** A step that runs one {@link StepAction}. */
public final class SimpleStep implements PipelineStep {
  private final StepOptions options;
  final StepAction action;

  private SimpleStep(StepOptions options, StepAction action) {
    this.options = options;
    this.action = action;
  }

  /**
   * Starts a builder for a step named {@code name}.
   *
   * @param name the step name, unique within its parent (checked at once, SEMANTICS V2)
   * @return the builder
   */
  public static Builder named(String name) {
    return new Builder(name);
  }

  /**
   * Returns a step named {@code name} that runs {@code action}, with no other settings.
   *
   * @param name the step name
   * @param action what the step does
   * @return the step
   */
  public static SimpleStep of(String name, StepAction action) {
    return named(name).run(action).build();
  }

  @Override
  public StepOptions options() {
    return options;
  }

  /**
   * Returns the action.
   *
   * @return what the step does
   */
  public StepAction action() {
    return action;
  }

  /**
   * Returns a builder holding this step's settings, to build a changed copy (SEMANTICS R17).
   *
   * @return a builder; this step is not changed
   */
  public Builder toBuilder() {
    return new Builder(options).run(action);
  }

  @Override
  public String toString() {
    return "SimpleStep[" + options.name + "]";
  }

  /** Builds a {@link SimpleStep}. */
  public static final class Builder extends StepBuilder<Builder, SimpleStep> {
    private StepAction action;

    private Builder(String name) {
      super(name);
    }

    private Builder(StepOptions from) {
      super(from);
    }

    /**
     * Sets what the step does (required).
     *
     * @param action the action
     * @return this builder
     */
    public Builder run(StepAction action) {
      this.action = Objects.requireNonNull(action, "action");
      return this;
    }

    @Override
    public SimpleStep build() {
      if (action == null) {
        throw new IllegalStateException("step '" + name + "' has no action: call run(ctx -> ...)");
      }
      return new SimpleStep(options(), action);
    }
  }
}
