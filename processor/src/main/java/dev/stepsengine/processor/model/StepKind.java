package dev.stepsengine.processor.model;

/** What a step method returns, and so which kind of runtime step it becomes. */
public enum StepKind {
  /** Returns {@code void}: a {@code SimpleStep}. */
  ACTION,
  /** Returns {@code List<PipelineStep>}: a {@code DynamicStep} whose supplier calls the method on every run. */
  DYNAMIC,
  /** Returns an instance of another {@code @Pipeline} class: a {@code GroupedSteps} of its steps. */
  GROUP,
  /**
   * Returns an instance of another {@code @Pipeline} class with {@code @Step(inline = true)}: that
   * pipeline's steps are spliced into the caller's list at this position.
   */
  FRAGMENT;

  /**
   * Returns whether the method returns another pipeline (a group or an inlined fragment).
   *
   * @return {@code true} for {@link #GROUP} and {@link #FRAGMENT}
   */
  public boolean includesPipeline() {
    return this == GROUP || this == FRAGMENT;
  }
}
