package dev.stepsengine.processor.model;

/** What a step method returns, and so which kind of runtime step it becomes. */
public enum StepKind {
  /** Returns {@code void}: a {@code SimpleStep}. */
  ACTION,
  /** Returns {@code List<PipelineStep>}: a {@code DynamicStep} whose supplier calls the method on every run. */
  DYNAMIC,
  /** Returns an instance of another {@code @Pipeline} class: a {@code GroupedSteps} of its steps. */
  GROUP
}
