package dev.stepsengine.processor.model;

import java.util.List;

/**
 * Steps with the same order and parallel group, run concurrently.
 *
 * @param name the group name (its step name)
 * @param order the order its children share
 * @param maxConcurrency most children at once, 0 = all
 * @param failFast whether the first stopping failure interrupts the others
 * @param children the steps, in declaration order
 */
public record ParallelGroupModel(String name, int order, int maxConcurrency, boolean failFast, List<StepModel> children)
    implements PipelineEntry {

  /**
   * Copies the children.
   *
   * @param name the name
   * @param order the order
   * @param maxConcurrency the max concurrency
   * @param failFast the fail fast
   * @param children the children
   */
  public ParallelGroupModel {
    children = List.copyOf(children);
  }
}
