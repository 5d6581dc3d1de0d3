package dev.stepsengine;

import java.util.List;

/** Builds the steps of a {@link DynamicStep}; called on every run, after the dynamic step's own checks (SEMANTICS R12). */
@FunctionalInterface
public interface StepSupplier {
  /**
   * Returns the steps to run now, in order.
   *
   * @param ctx the step's context
   * @return the steps to run now, in order
   * @throws Exception when the step fails
   */
  List<PipelineStep> steps(StepContext ctx) throws Exception;
}
