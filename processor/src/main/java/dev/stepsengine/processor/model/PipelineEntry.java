package dev.stepsengine.processor.model;

/** One top-level position of a pipeline: a single step or a parallel group. */
public sealed interface PipelineEntry permits StepModel, ParallelGroupModel {

  /**
   * Returns the entry's step name.
   *
   * @return the entry's step name
   */
  String name();

  /**
   * Returns the entry's order.
   *
   * @return the entry's order
   */
  int order();
}
