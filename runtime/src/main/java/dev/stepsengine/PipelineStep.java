package dev.stepsengine;

import java.util.Optional;

/**
 * A unit of work the engine runs. Closed family: a {@link SimpleStep} runs an action, a
 * {@link GroupedSteps} runs steps in order, a {@link ParallelSteps} runs steps concurrently, a
 * {@link DynamicStep} builds its steps when it runs. All are immutable and built with builders.
 */
public sealed interface PipelineStep permits SimpleStep, GroupedSteps, ParallelSteps, DynamicStep {

  /**
   * Returns the settings every step has.
   *
   * @return the settings every step has
   */
  StepOptions options();

  /**
   * Returns the step name.
   *
   * @return the step name
   */
  default String name() {
    return options().name;
  }

  /**
   * Returns the state tracking, when the step has it.
   *
   * @return the state tracking, when the step has it
   */
  default Optional<State> state() {
    return options().state();
  }
}
